/**
 * A crash-safe, cross-process lock on the service's few concurrent sessions per account (exo-facts §6):
 * at most `limit` holders per account among all processes of this user on this machine, with slots of
 * crashed holders reclaimed. See acquire.ts for the wait, take.ts and reclaim.ts for why it is atomic.
 */
export { acquireSessionSlot, type SessionSlot } from './acquire.js';
export { DEFAULT_SESSION_LIMIT, type SessionSlotOptions, type SlotWaitInfo } from './options.js';
export { accountKey, defaultSlotRoot, normalizeAccount } from './paths.js';
export type { SlotHolder } from './take.js';
