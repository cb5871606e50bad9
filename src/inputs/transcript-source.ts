/**
 * The terminal output a recording holds, as chunks of text in order, read as a stream: asciicast output
 * events, a Start-Transcript log without its header and footer blocks, or raw text (a pty capture, a
 * redirected stream, text copied from a web page). See open-input.ts for what can be opened and how bytes
 * are decoded.
 */
import { MAX_ASCIICAST_LINE, parseAsciicastLines } from '../record/asciicast-reader.js';
import { boundedLines, type InputOptions, openInput } from './open-input.js';

export { UnreadableInputError } from './open-input.js';

export type TranscriptFormat = 'asciicast' | 'powershell-transcript' | 'text';

/** What Start-Transcript writes above and below each block of its own (start, invocation headers, end). */
const transcriptSeparator = /^\*{22}\r?$/;
/** The first line inside a block of Start-Transcript's own (5.1: "Windows PowerShell transcript start"). */
const transcriptBlockStart =
  /^(?:Windows )?PowerShell transcript (?:start|end)\r?$|^Command start time: |^Start time: |^End time: /;
/** Longest first line read to tell the formats apart (an asciicast header with a long `env` or `title`). */
export const MAX_HEADER_LENGTH = 1024 * 1024;

/** Tells a recording's format from its first line (or its first bytes). */
export function detectFormat(head: string): TranscriptFormat {
  const text = head.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('{')) {
    try {
      if ((JSON.parse(firstLine) as { version?: unknown }).version !== undefined) return 'asciicast';
    } catch {
      // Not a complete JSON header: plain text that starts with a brace.
    }
  }
  if (transcriptSeparator.test(firstLine)) return 'powershell-transcript';
  return 'text';
}

/**
 * Opens a recording (a path, or `-` for standard input) and tells its format from its first line.
 * @throws UnreadableInputError for what cannot be read (open-input.ts), and asciicast errors (RecordError).
 */
export async function readTranscriptSource(
  path: string,
  options: InputOptions = {},
): Promise<{ format: TranscriptFormat; chunks: AsyncIterable<string> }> {
  const text = (await openInput(path, options))[Symbol.asyncIterator]();
  // Read up to the end of the first line (or MAX_HEADER_LENGTH): no positioned read, so pipes work.
  let head = '';
  let done = false;
  while (!head.includes('\n') && head.length < MAX_HEADER_LENGTH) {
    const next = await text.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  const format = detectFormat(head);
  const chunks = rest(head, done ? undefined : text);
  if (format === 'asciicast') return { format, chunks: asciicastOutput(chunks) };
  return { format, chunks: format === 'powershell-transcript' ? withoutTranscriptHeaders(chunks) : chunks };
}

async function* rest(head: string, text: AsyncIterator<string> | undefined): AsyncGenerator<string> {
  if (head !== '') yield head;
  if (!text) return;
  try {
    for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
  } finally {
    await text.return?.();
  }
}

async function* asciicastOutput(text: AsyncIterable<string>): AsyncIterable<string> {
  const { events } = await parseAsciicastLines(boundedLines(text, MAX_ASCIICAST_LINE));
  for await (const event of events) if (event.type === 'output') yield event.data;
}

/**
 * Drops the blocks Start-Transcript writes between lines of 22 asterisks (the start header with user, host
 * and PowerShell version, invocation headers, the end trailer) and keeps everything else, with or without a
 * byte-order mark, CRLF or LF. A block is only dropped when its first line is one Start-Transcript writes,
 * so a line of asterisks in the session's own output stays.
 */
export async function* withoutTranscriptHeaders(chunks: AsyncIterable<string>): AsyncIterable<string> {
  let pending = '';
  let first = true;
  // 'content' | 'separator' (a separator seen, its block not yet known) | 'block' (inside a header block)
  let state = 'content' as 'content' | 'separator' | 'block';
  const holding = (): boolean => state === 'separator';
  let held = '';
  const take = (line: string): string => {
    switch (state) {
      case 'content':
        if (transcriptSeparator.test(line)) {
          state = 'separator';
          held = line;
          return '';
        }
        return `${line}\n`;
      case 'separator':
        if (transcriptBlockStart.test(line)) {
          state = 'block';
          return '';
        }
        state = 'content';
        return `${held}\n${take(line)}`;
      case 'block':
        if (transcriptSeparator.test(line)) state = 'content';
        return '';
    }
  };
  for await (const chunk of chunks) {
    pending += first ? chunk.replace(/^\uFEFF/, '') : chunk;
    first = false;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    let kept = '';
    for (const line of lines) kept += take(line);
    if (kept) yield kept;
  }
  if (pending === '') {
    if (holding()) yield `${held}\n`;
    return;
  }
  const last = take(pending);
  // The stream did not end on a line end: neither does what is kept.
  if (last) yield last.slice(0, -1);
  else if (holding()) yield held;
}

export type { InputOptions };
