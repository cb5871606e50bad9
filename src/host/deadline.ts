import { IppsConnectError } from '../errors.js';

export interface DeadlineOptions {
  timeoutMs?: number | undefined;
  idleTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called once, with a TIMEOUT or CANCELLED error, when the wait must end. */
  onExpire(error: IppsConnectError): void;
  /** The transcript tail to attach to the error. */
  tail(): string[];
  what?: string;
}

export interface Deadline {
  /** Output or progress arrived: the idle timer starts again. */
  activity(): void;
  stop(): void;
}

/** One wait's total timeout, idle timeout and cancellation, as a single object that is stopped once. */
export function startDeadline(options: DeadlineOptions): Deadline {
  const what = options.what ?? 'the command';
  let stopped = false;
  let total: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  const expire = (error: IppsConnectError) => {
    if (stopped) return;
    stop();
    options.onExpire(error);
  };
  const timeout = (message: string) =>
    expire(
      new IppsConnectError(message, {
        code: 'TIMEOUT',
        fix: 'See the transcript tail for where it stopped; raise the timeout if the step is just slow.',
        retryable: true,
        transcriptTail: options.tail(),
      }),
    );
  const onAbort = () =>
    expire(
      new IppsConnectError(`Cancelled while waiting for ${what}.`, {
        code: 'CANCELLED',
        fix: 'Nothing to fix: the session was cancelled on request.',
        cause: options.signal?.reason,
        transcriptTail: options.tail(),
      }),
    );
  const armIdle = () => {
    if (options.idleTimeoutMs === undefined) return;
    // Output arrives a few KiB at a time, thousands of times in a flood: restart the timer, not a new one.
    if (idle) {
      idle.refresh();
      return;
    }
    idle = setTimeout(
      () => timeout(`No output or progress from ${what} for ${options.idleTimeoutMs} ms.`),
      options.idleTimeoutMs,
    );
  };
  function stop() {
    stopped = true;
    clearTimeout(total);
    clearTimeout(idle);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.timeoutMs !== undefined) {
    total = setTimeout(
      () => timeout(`Timed out after ${options.timeoutMs} ms waiting for ${what}.`),
      options.timeoutMs,
    );
  }
  armIdle();
  if (options.signal?.aborted) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    activity() {
      if (!stopped) armIdle();
    },
    stop,
  };
}
