import { invalidSlotOption } from './messages.js';
import { defaultSlotRoot, normalizeAccount } from './paths.js';
import type { SlotHolder } from './take.js';

/** Told once, when every slot is busy and the caller has to wait. */
export interface SlotWaitInfo {
  /** How many slots are held (all of them: that is why it waits). */
  holders: number;
  limit: number;
  /** Who holds them, as far as their slot files tell. */
  busy: readonly SlotHolder[];
}

export interface SessionSlotOptions {
  /** The account whose sessions are limited: a UPN or an app id. Case and surrounding space are ignored. */
  account: string;
  /**
   * Sessions of this account at once on this machine (default 3: the service's errors say 3, its docs
   * later say 5). Every job of the account must pass the same limit: slots are numbered, so a job with a
   * larger limit also uses the higher-numbered slots.
   */
  limit?: number;
  /**
   * Root of the slot files (a folder per account is made inside). Default: a per-user folder in the OS
   * temp dir, see `defaultSlotRoot`. Jobs of one account that run as different OS users only count each
   * other if they share a root that all of them may write to.
   */
  directory?: string;
  /** How long to wait for a free slot, in ms; 0 takes one only if free now. */
  waitMs: number;
  /** How often to look again while waiting, in ms (default 250, ±20% jitter). */
  pollMs?: number;
  /** Cancels the wait (CANCELLED). A slot already acquired is not affected. */
  signal?: AbortSignal;
  onWait?: (info: SlotWaitInfo) => void;
}

export interface ResolvedSlotOptions {
  account: string;
  limit: number;
  root: string;
  /** The default root may sit in a shared /tmp, so it must be ours; a root the caller chose is trusted. */
  requireOwnedRoot: boolean;
  waitMs: number;
  pollMs: number;
  signal: AbortSignal | undefined;
  onWait: ((info: SlotWaitInfo) => void) | undefined;
}

export const DEFAULT_SESSION_LIMIT = 3;
const DEFAULT_POLL_MS = 250;

export function resolveSlotOptions(options: SessionSlotOptions): ResolvedSlotOptions {
  const account = normalizeAccount(typeof options.account === 'string' ? options.account : '');
  if (account === '') throw invalidSlotOption('account', 'a user principal name or app id', options.account);
  const limit = options.limit ?? DEFAULT_SESSION_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) throw invalidSlotOption('limit', 'a whole number >= 1', limit);
  const { waitMs } = options;
  if (typeof waitMs !== 'number' || !(waitMs >= 0)) throw invalidSlotOption('waitMs', 'a number of ms >= 0', waitMs);
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  if (!Number.isFinite(pollMs) || pollMs < 1) throw invalidSlotOption('pollMs', 'a number of ms >= 1', pollMs);
  if (options.directory === '') throw invalidSlotOption('directory', 'a folder path', '(empty)');
  return {
    account,
    limit,
    root: options.directory ?? defaultSlotRoot(),
    requireOwnedRoot: options.directory === undefined,
    waitMs,
    pollMs,
    signal: options.signal,
    onWait: options.onWait,
  };
}
