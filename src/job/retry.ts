import { IppsConnectError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts after this much time since the first one started. */
  maxTotalMs: number;
  /**
   * Retry failures after the user's work started too (`--retry-work`, job key `retryWork`): only for
   * idempotent scripts, as a failed work may have changed things already. Default false.
   */
  retryWork?: boolean;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  initialDelayMs: 5_000,
  maxDelayMs: 60_000,
  maxTotalMs: 10 * 60_000,
};

/**
 * The delay before attempt `attempt` (2, 3, ...): exponential, capped, with "equal jitter" (half the step
 * fixed, the other half random), so jobs that failed together do not all come back at the same moment.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface RetryHooks {
  onRetry?: (info: { attempt: number; delayMs: number; error: IppsConnectError }) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
}

/**
 * Whether a failure may be tried again: it says it may clear (`retryable`), and it happened before the
 * user's work started, unless the policy opts in to retrying work (`retryWork`).
 */
export function mayRetry(error: unknown, policy: Pick<RetryPolicy, 'retryWork'>): error is IppsConnectError {
  if (!(error instanceof IppsConnectError) || !error.retryable) return false;
  return error.phase !== 'work' || policy.retryWork === true;
}

/**
 * Runs `attempt` until it succeeds, fails with an error `mayRetry` refuses, or the policy's count or
 * total time runs out; then the last error is thrown as it was.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  hooks: RetryHooks = {},
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? abortableSleep;
  const started = now();
  for (let number = 1; ; number++) {
    try {
      return await attempt(number);
    } catch (error) {
      if (!mayRetry(error, policy) || number >= policy.attempts) throw error;
      const delayMs = backoffDelay(policy, number + 1, hooks.random);
      if (now() + delayMs - started > policy.maxTotalMs) throw error;
      hooks.onRetry?.({ attempt: number + 1, delayMs, error });
      await sleep(delayMs, hooks.signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(
        new IppsConnectError('Cancelled while waiting to retry.', {
          code: 'CANCELLED',
          fix: 'Nothing to fix: the job was cancelled on request.',
          cause: signal?.reason,
        }),
      );
    }
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}
