import { type IppsConnectError, isIppsConnectError } from '../errors.js';
import type { SessionEvent } from '../session/events.js';
import type { ProgressEvent } from '../transcript/events.js';
import { flagOf } from './flags.js';
import {
  failureEvent,
  renderFailureHuman,
  renderHuman,
  renderJson,
  renderProgressDone,
  renderProgressLine,
  terminalStyle,
} from './render.js';

export interface Output {
  event(event: SessionEvent): void;
  /** Reports the failure that ended the command (once, even if its error event was already shown). */
  failure(error: IppsConnectError): void;
  /** Aborted when stdout can no longer be written (EPIPE: `| head`; EIO: the terminal closed). */
  gone: AbortSignal;
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Erases the terminal line the cursor is on (progress drawn in place). */
const clearLine = '\r\x1b[2K';

/** Streams that failed a write; nothing more is written to them. */
const brokenStreams = new WeakSet<NodeJS.WritableStream>();
/** Per stream, the signal aborted when it breaks (one listener per stream, however many outputs use it). */
const goneSignals = new WeakMap<NodeJS.WritableStream, AbortSignal>();

/**
 * The signal for a stream that breaks. A write error on a stream with no 'error' listener crashes the
 * process (and would skip the disconnect); with one, the session is cancelled and still cleaned up.
 */
function watchStream(stream: NodeJS.WritableStream): AbortSignal {
  const known = goneSignals.get(stream);
  if (known) return known;
  const controller = new AbortController();
  stream.on('error', (error: NodeJS.ErrnoException) => {
    brokenStreams.add(stream);
    controller.abort(error);
  });
  goneSignals.set(stream, controller.signal);
  return controller.signal;
}

function writeTo(stream: NodeJS.WritableStream, text: string): void {
  if (brokenStreams.has(stream) || (stream as NodeJS.WriteStream).writable === false) return;
  stream.write(text);
}

/**
 * Writes events as JSON lines (--json) or as readable lines; failures go to stderr in human mode. On a
 * terminal, progress is one live line per activity, redrawn in place with a bar and replaced by a ✔ line
 * when the activity is over; elsewhere (logs, pipes, TERM=dumb) every progress event is a line of its own.
 */
export function createOutput(
  json: boolean,
  streams: Streams,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Output {
  const shownErrors = new Set<string>();
  const terminal = streams.stdout as NodeJS.WriteStream;
  const style = terminalStyle(Boolean(terminal.isTTY), env);
  const width = () => (terminal.columns && terminal.columns > 0 ? terminal.columns : 80);
  const gone = watchStream(streams.stdout);
  watchStream(streams.stderr);
  let live: ProgressEvent | undefined;
  const endProgress = () => {
    if (live) writeTo(streams.stdout, `${clearLine}${renderProgressDone(live, width(), style.colour)}\n`);
    live = undefined;
  };
  return {
    gone,
    event(event) {
      if (event.type === 'error') shownErrors.add(`${event.code}\n${event.message}`);
      if (json) {
        writeTo(streams.stdout, `${renderJson(event)}\n`);
        return;
      }
      if (style.inPlace && event.type === 'progress') {
        if (live && live.activity !== event.activity) endProgress();
        writeTo(streams.stdout, `${clearLine}${renderProgressLine(event, width(), style.colour)}`);
        live = event;
        return;
      }
      const text = renderHuman(event);
      if (text === undefined) return;
      endProgress();
      writeTo(event.type === 'error' ? streams.stderr : streams.stdout, `${text}\n`);
    },
    failure(error) {
      endProgress();
      const named = withFlagName(error);
      if (shownErrors.has(`${error.code}\n${error.message}`)) return;
      if (json) writeTo(streams.stdout, `${JSON.stringify(failureEvent(named))}\n`);
      else writeTo(streams.stderr, `${renderFailureHuman(named)}\n`);
    },
  };
}

/** An INVALID_INPUT error about option key `userPrincipalName` speaks of `--upn` on the command line. */
function withFlagName(error: IppsConnectError): IppsConnectError {
  if (!isIppsConnectError(error) || !error.field) return error;
  const flag = flagOf[error.field];
  if (!flag) return error;
  const message = error.message.includes(flag) ? error.message : `${error.message} (${flag})`;
  return Object.assign(Object.create(Object.getPrototypeOf(error)), error, { message, field: flag });
}
