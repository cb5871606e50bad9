import { assertInputPathsUsable } from '../config/check-files.js';
import { acquireSessionSlot } from '../lock/index.js';
import { resolveOptions } from '../options.js';
import { currentPlatform } from '../platform/index.js';
import type { SessionHooks } from '../session/session.js';
import { type JobOutcome, type JobSettings, runJob } from './run-job.js';

/** Default wait for a free session slot: long enough for another job's session to finish. */
export const defaultSlotWaitMs = 15 * 60_000;

/**
 * Runs an unattended job from caller options: everything is checked first (nothing starts on bad
 * input), then `runJob` with the machine-wide session lock.
 */
export async function runJobFromOptions(
  options: Record<string, unknown>,
  settings: Omit<JobSettings, 'slotWaitMs'> & { slotWaitMs?: number },
  hooks: SessionHooks,
): Promise<JobOutcome> {
  const platform = currentPlatform();
  const resolved = resolveOptions(options, {
    platform: platform.name,
    interactiveTerminal: Boolean(process.stdin.isTTY),
  });
  assertInputPathsUsable(resolved);
  // IPPSCONNECT_LOCK_DIR moves the session slots (tests give each run its own).
  const directory = (hooks.env ?? process.env).IPPSCONNECT_LOCK_DIR;
  return runJob(
    resolved,
    platform,
    { slotWaitMs: defaultSlotWaitMs, ...settings },
    { ...hooks, acquireSlot: (request) => acquireSessionSlot({ ...request, ...(directory ? { directory } : {}) }) },
  );
}
