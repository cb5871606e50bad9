import { readFileSync, unlinkSync } from 'node:fs';
import { parseSlotRecord } from './slot-file.js';

/**
 * Slots this process holds, freed synchronously on `exit`: a normal exit, `process.exit()` and an uncaught
 * exception all emit it. SIGKILL, and SIGTERM/SIGINT without a handler, end the process without `exit`;
 * those slots are reclaimed by the next process that finds the holder gone (liveness.ts).
 */
const held = new Map<string, string>(); // token -> slot file

export function rememberHeldSlot(token: string, path: string): void {
  if (held.size === 0) process.on('exit', releaseHeldSlotsSync);
  held.set(token, path);
}

export function forgetHeldSlot(token: string): void {
  if (!held.delete(token)) return;
  if (held.size === 0) process.off('exit', releaseHeldSlotsSync);
}

function releaseHeldSlotsSync(): void {
  for (const [token, path] of held) {
    try {
      if (parseSlotRecord(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
    } catch {
      // Gone already, or unreadable: nothing more can be done while exiting.
    }
  }
  held.clear();
}
