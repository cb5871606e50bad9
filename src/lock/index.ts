/**
 * Session slots: a crash-safe, cross-process lock on the service's few concurrent sessions per account
 * (exo-facts §6: "errors say 3, docs later say 5"). At most `limit` holders per account among all
 * processes of this OS user on this machine; no lock server.
 *
 * - Taking a slot is atomic: the full record is written to a temp file and hard-linked to
 *   `slot-<n>.lock`, which fails if the name exists (take.ts).
 * - A crashed holder's slot is reclaimed: each file records pid, start identity (Linux /proc starttime and
 *   boot id; elsewhere pid liveness only, so a recycled pid keeps the slot until that process ends),
 *   hostname and time (liveness.ts). One reclaimer at a time, and never of a live file (reclaim.ts).
 * - A normal exit or an uncaught exception frees held slots synchronously (exit-release.ts); SIGKILL and
 *   unhandled SIGTERM/SIGINT leave the file for reclaiming.
 *
 * Default directory: `<OS temp dir>/ippsconnect-<uid or user>/session-slots`, one folder per account
 * (hashed name). Per OS user: jobs of one M365 account run by two OS users (say a service account and
 * an admin) do not see each other's slots; give them a common `directory` that all may write to (no
 * sticky bit, as each must be able to remove the others' stale files), or split the limit between them.
 * Every job of an account must use the same limit. Holders on another host (a shared network folder) are
 * never reclaimed: their pids cannot be checked from here.
 */
export { acquireSessionSlot } from './acquire.js';
export { DEFAULT_SESSION_LIMIT, type SessionSlotOptions, type SlotWaitInfo } from './options.js';
export { accountKey, defaultSlotRoot, normalizeAccount } from './paths.js';
export type { SessionSlot } from './session-slot.js';
export type { SlotHolder } from './take.js';
