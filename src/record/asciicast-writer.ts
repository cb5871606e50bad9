/**
 * Records a terminal session as asciicast v2, with every piece of text redacted before it reaches the sink.
 */
import { type AsciicastEvent, formatEventLine, formatHeaderLine, isPositiveInteger } from './asciicast.js';
import { messages, RecordError } from './errors.js';
import { createRedactor, type RedactorOptions, redactText } from './redact.js';
import type { AsciicastSink } from './sinks.js';

export interface AsciicastWriterOptions {
  /** Where lines go: `fileSink(path)` in the product, `memorySink()` in tests. */
  sink: AsciicastSink;
  /** Initial terminal size in columns and rows. */
  width: number;
  height: number;
  title?: string;
  /** Environment for the header, typically `{ TERM, SHELL }`. */
  env?: Record<string, string>;
  /** Milliseconds since some epoch (default `Date.now`); the header's timestamp and event times come from it. */
  clock?: () => number;
  /** Values to redact (passwords, client secrets, tokens), each at least 4 characters; JWTs are redacted anyway. */
  secrets: readonly string[];
  /** See `RedactorOptions.maxTokenHoldBack`. */
  maxTokenHoldBack?: number;
}

export interface AsciicastWriter {
  /** Terminal output. Held back while its end could be the start of a secret (see below). */
  output(data: string): void;
  /** Text typed into the terminal; redacted like output, since typed input may contain secrets. */
  input(data: string): void;
  resize(cols: number, rows: number): void;
  /** A named point in the recording (asciinema's markers); the label is redacted. */
  marker(label?: string): void;
  /** Writes what redaction still held back, then closes the sink. Later calls do nothing. */
  close(): Promise<void>;
}

/**
 * Starts a recording: writes the header at once, then one line per event.
 *
 * Output and input each pass through their own streaming redactor, so a secret split across two events is
 * still redacted. The price is timing: text that could be the start of a secret or token waits for the next
 * event of its stream (or `close`), is written with that later time, and so may also land after a resize or
 * marker that came between. Events after `close` are ignored, so a late pty callback cannot break a job.
 */
export function createAsciicastWriter(options: AsciicastWriterOptions): AsciicastWriter {
  const { sink, secrets, clock = Date.now } = options;
  checkSize(options.width, options.height, 'width', 'height');
  const redactorOptions: RedactorOptions = { secrets, maxTokenHoldBack: options.maxTokenHoldBack };
  const redactors = { output: createRedactor(redactorOptions), input: createRedactor(redactorOptions) };
  const startedAt = clock();
  let lastTime = 0;
  let closing: Promise<void> | undefined;

  sink.write(
    formatHeaderLine({
      version: 2,
      width: options.width,
      height: options.height,
      timestamp: Math.floor(startedAt / 1000),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.title === undefined ? {} : { title: redactText(options.title, secrets) }),
    }),
  );

  /** Seconds since the start, never going back even if the wall clock does. */
  const now = () => (lastTime = Math.max(lastTime, (clock() - startedAt) / 1000));
  const writeEvent = (event: AsciicastEvent) => sink.write(formatEventLine(event));
  const writeText = (type: 'output' | 'input', data: string) => {
    if (data !== '') writeEvent({ type, time: now(), data });
  };

  return {
    output(data) {
      if (closing === undefined) writeText('output', redactors.output.push(data));
    },
    input(data) {
      if (closing === undefined) writeText('input', redactors.input.push(data));
    },
    resize(cols, rows) {
      checkSize(cols, rows, 'cols', 'rows');
      if (closing === undefined) writeEvent({ type: 'resize', time: now(), cols, rows });
    },
    marker(label = '') {
      if (closing === undefined) writeEvent({ type: 'marker', time: now(), label: redactText(label, secrets) });
    },
    close() {
      if (closing === undefined) {
        writeText('output', redactors.output.end());
        writeText('input', redactors.input.end());
        closing = sink.close();
      }
      return closing;
    },
  };
}

function checkSize(cols: number, rows: number, colsName: string, rowsName: string): void {
  for (const [name, value] of [
    [colsName, cols],
    [rowsName, rows],
  ] as const) {
    if (!isPositiveInteger(value)) throw new RecordError('INVALID_ARGUMENT', messages.positiveInteger(name, value));
  }
}
