import { randomUUID } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { IppsConnectError } from '../errors.js';
import { createProcessProbe, type ProcessProbe } from './liveness.js';
import { slotFileSystemFailed, slotWaitCancelled, slotWaitTimedOut } from './messages.js';
import { resolveSlotOptions, type SessionSlotOptions } from './options.js';
import { prepareSlotDirectory } from './paths.js';
import { holdSlot, type SessionSlot } from './session-slot.js';
import type { SlotRecord } from './slot-file.js';
import { sweepLeftoverTemps, takeFreeSlot } from './take.js';

/** What the lock needs from the outside world; tests inject fakes. */
export interface SlotLockDeps {
  probe: ProcessProbe;
  now(): number;
  random(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

/** A reclaim takes milliseconds; a marker this old belongs to a reclaimer that died. */
const MARKER_GRACE_MS = 10_000;
/** Poll intervals vary by ±20% so waiting processes do not wake in lockstep. */
const POLL_JITTER = 0.2;

let realProbe: ProcessProbe | undefined;
const realDeps = (): SlotLockDeps => {
  realProbe ??= createProcessProbe();
  return {
    probe: realProbe,
    now: Date.now,
    random: Math.random,
    sleep: (ms, signal) => sleepFor(ms, undefined, signal ? { signal } : {}),
  };
};

/**
 * Waits for one of `limit` session slots of `account`, shared by every process of this user on this
 * machine, and holds it until `release()` or the process ends. Throws TIMEOUT when all slots stay busy
 * for `waitMs`, CANCELLED when `signal` aborts, INVALID_INPUT for bad options.
 */
export function acquireSessionSlot(options: SessionSlotOptions): Promise<SessionSlot> {
  return acquireSessionSlotWith(options, realDeps());
}

/** acquireSessionSlot with its collaborators injected (tests: a fake clock or process probe). */
export async function acquireSessionSlotWith(options: SessionSlotOptions, deps: SlotLockDeps): Promise<SessionSlot> {
  const resolved = resolveSlotOptions(options);
  const { account, signal } = resolved;
  if (signal?.aborted) throw slotWaitCancelled(account, signal.reason);
  const directory = await withFsErrors(resolved.root, async () => {
    const path = await prepareSlotDirectory(resolved.root, account, resolved.requireOwnedRoot);
    await sweepLeftoverTemps(path, deps.now());
    return path;
  });
  const context = { probe: deps.probe, now: deps.now, markerGraceMs: MARKER_GRACE_MS };
  const started = deps.now();
  let waiting = false;
  for (;;) {
    const record = await newRecord(deps);
    const round = await withFsErrors(directory, () => takeFreeSlot(directory, resolved.limit, record, context));
    if (round.kind === 'taken') {
      const slot = holdSlot(account, round.slot, round.path, record.token);
      if (!signal?.aborted) return slot;
      await slot.release();
      throw slotWaitCancelled(account, signal.reason);
    }
    const remaining = started + resolved.waitMs - deps.now();
    if (remaining <= 0) throw slotWaitTimedOut(account, resolved.limit, resolved.waitMs);
    if (!waiting) {
      waiting = true;
      resolved.onWait?.({ holders: round.holders.length, limit: resolved.limit, busy: round.holders });
    }
    const jitter = 1 - POLL_JITTER + 2 * POLL_JITTER * deps.random();
    try {
      await deps.sleep(Math.min(Math.round(resolved.pollMs * jitter), remaining), signal);
    } catch (error) {
      if (signal?.aborted) throw slotWaitCancelled(account, signal.reason);
      throw error;
    }
    if (signal?.aborted) throw slotWaitCancelled(account, signal.reason);
  }
}

async function newRecord(deps: SlotLockDeps): Promise<SlotRecord> {
  const self = await deps.probe.inspect(process.pid);
  return {
    token: randomUUID(),
    pid: process.pid,
    startedAt: self.running ? self.startedAt : null,
    hostname: deps.probe.hostname,
    acquiredAt: new Date(deps.now()).toISOString(),
  };
}

async function withFsErrors<T>(directory: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof IppsConnectError ? error : slotFileSystemFailed(directory, error);
  }
}
