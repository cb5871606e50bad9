import { IppsConnectError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts after this much time since the first one started. */
  maxTotalMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  initialDelayMs: 5_000,
  maxDelayMs: 60_000,
  maxTotalMs: 10 * 60_000,
};

/**
 * The delay before attempt `attempt` (2, 3, ...): exponential, capped, with "full jitter" (a random
 * share of the step), so jobs that failed together do not all come back at the same moment.
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
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or the policy's count
 * or total time runs out; then the last error is thrown as it was.
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
      if (!(error instanceof IppsConnectError) || !error.retryable || number >= policy.attempts) throw error;
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
