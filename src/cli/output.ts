import { type IppsConnectError, isIppsConnectError } from '../errors.js';
import type { SessionEvent } from '../session/events.js';
import { flagOf } from './flags.js';
import { failureEvent, renderFailureHuman, renderHuman, renderJson } from './render.js';

export interface Output {
  event(event: SessionEvent): void;
  /** Reports the failure that ended the command (once, even if its error event was already shown). */
  failure(error: IppsConnectError): void;
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Erases the terminal line the cursor is on (progress drawn in place). */
const clearLine = '\r\x1b[2K';

/**
 * Writes events as JSON lines (--json) or as readable lines; failures go to stderr in human mode. On a
 * terminal, progress is one line redrawn in place, gone once the step is over; elsewhere (logs, pipes)
 * every progress event is a line of its own.
 */
export function createOutput(json: boolean, streams: Streams): Output {
  const shownErrors = new Set<string>();
  const redraw = Boolean((streams.stdout as NodeJS.WriteStream).isTTY);
  let progressShown = false;
  const endProgress = () => {
    if (progressShown) streams.stdout.write(clearLine);
    progressShown = false;
  };
  return {
    event(event) {
      if (event.type === 'error') shownErrors.add(`${event.code}\n${event.message}`);
      if (json) {
        streams.stdout.write(`${renderJson(event)}\n`);
        return;
      }
      const text = renderHuman(event);
      if (text === undefined) return;
      if (redraw && event.type === 'progress') {
        streams.stdout.write(`${clearLine}${text}`);
        progressShown = true;
        return;
      }
      endProgress();
      (event.type === 'error' ? streams.stderr : streams.stdout).write(`${text}\n`);
    },
    failure(error) {
      endProgress();
      const named = withFlagName(error);
      if (shownErrors.has(`${error.code}\n${error.message}`)) return;
      if (json) streams.stdout.write(`${JSON.stringify(failureEvent(named))}\n`);
      else streams.stderr.write(`${renderFailureHuman(named)}\n`);
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
