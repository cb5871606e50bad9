import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Platform } from '../platform/index.js';
import { type AttemptOutcome, runAttempt } from '../session/attempt.js';
import type { SessionHooks } from '../session/session.js';
import { createJobLog } from './log.js';
import { type RetryPolicy, withRetries } from './retry.js';

/** A held session slot (see src/lock); released once the session is closed. */
export interface SlotHandle {
  release(): Promise<void>;
}

export type AcquireSlot = (request: {
  account: string;
  limit: number;
  waitMs: number;
  signal?: AbortSignal;
  onWait?: (info: { holders: number }) => void;
}) => Promise<SlotHandle>;

export interface JobSettings {
  /** Return the work's objects as JSON with this ConvertTo-Json depth; undefined prints them as text. */
  objectDepth?: number;
  retry: RetryPolicy;
  /** Sessions this account may have open at once on this machine. */
  maxSessions: number;
  /** How long to wait for a free session slot. */
  slotWaitMs: number;
  log?: string;
  /** Values to hide wherever the job's output goes (a job file's `command` references). */
  redact?: readonly string[];
}

export interface JobHooks extends SessionHooks {
  acquireSlot: AcquireSlot;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface JobOutcome extends AttemptOutcome {
  attempts: number;
}

/** The account whose sessions count against the service's per-user limit. */
export function sessionAccount(options: ResolvedOptions): string {
  const signIn = options.signIn;
  if (signIn.kind === 'interactive') return signIn.userPrincipalName ?? 'interactive';
  if (signIn.kind === 'access-token') {
    const who = signIn.source.kind === 'device-code' ? signIn.source.userPrincipalName : signIn.source.appId;
    return `${who ?? 'delegated'}@${signIn.organization}`;
  }
  return `${signIn.appId}@${signIn.organization}`;
}

/**
 * An unattended job: wait for a session slot, then connect and run the work, retrying failures that may
 * clear (exo-facts §5 "retry?") with backoff; every attempt always disconnects. Everything goes to the
 * JSON-lines log as well as to the event hook.
 */
export async function runJob(
  resolved: ResolvedOptions,
  platform: Platform,
  settings: JobSettings,
  hooks: JobHooks,
): Promise<JobOutcome> {
  const log = createJobLog(settings.log);
  let attempt = 0;
  const sessionHooks: SessionHooks = {
    ...hooks,
    onEvent: (event) => {
      log.write({ event: event.type, attempt, ...withoutType(event) });
      hooks.onEvent?.(event);
    },
  };
  const account = sessionAccount(resolved);
  log.write({ event: 'job-start', account, maxSessions: settings.maxSessions });
  let outcome: JobOutcome | undefined;
  try {
    const slot = await hooks.acquireSlot({
      account,
      limit: settings.maxSessions,
      waitMs: settings.slotWaitMs,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onWait: ({ holders }) => log.write({ event: 'slot-wait', holders }),
    });
    try {
      const result = await withRetries(
        settings.retry,
        (number) => {
          attempt = number;
          log.write({ event: 'attempt', attempt });
          return runAttempt(resolved, platform, sessionHooks, objectOptions(settings));
        },
        {
          ...(hooks.signal ? { signal: hooks.signal } : {}),
          ...(hooks.sleep ? { sleep: hooks.sleep } : {}),
          onRetry: ({ attempt: next, delayMs, error }) => {
            log.write({ event: 'retry', attempt: next, delayMs, code: error.code, message: error.message });
            hooks.onEvent?.({
              type: 'warning',
              message: `${error.code}: retrying in ${Math.round(delayMs / 1000)} s (attempt ${next})`,
            });
          },
        },
      );
      outcome = { ...result, attempts: attempt };
      return outcome;
    } finally {
      await slot.release();
    }
  } catch (error) {
    if (error instanceof IppsConnectError)
      log.write({ event: 'job-failed', attempt, code: error.code, message: error.message });
    throw error;
  } finally {
    if (outcome) log.write({ event: 'job-done', attempt, success: true });
    const logError = await log.close();
    if (logError) hooks.onEvent?.({ type: 'warning', message: `The log could not be written: ${logError.message}` });
  }
}

function objectOptions(settings: JobSettings) {
  return {
    ...(settings.objectDepth === undefined ? {} : { objects: { depth: settings.objectDepth } }),
    ...(settings.redact ? { redact: settings.redact } : {}),
  };
}

function withoutType(event: object): Record<string, unknown> {
  const { type: _type, ...rest } = event as Record<string, unknown>;
  return rest;
}
