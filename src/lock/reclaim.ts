import { link, lstat } from 'node:fs/promises';
import { isStale, type ProcessProbe } from './liveness.js';
import { isCode, readSlotFile, unlinkIfPresent } from './slot-file.js';

export interface ReclaimContext {
  probe: ProcessProbe;
  now(): number;
  /** A reclaim marker older than this was left by a reclaimer that died mid-way (a reclaim takes ms). */
  markerGraceMs: number;
}

/**
 * `reclaimed`: the stale file is gone. `busy`: the slot is held, or another process is reclaiming it.
 * `retry`: the slot file vanished, or an abandoned marker was cleared; try the slot again now.
 */
export type ReclaimOutcome = 'reclaimed' | 'busy' | 'retry';

/**
 * Removes a slot file whose holder is gone, such that no two processes act on the same stale file and a
 * live holder's file is never removed.
 *
 * Renaming the stale file away and unlinking it is not enough: B reads the dead holder's file, C reclaims
 * it and takes the slot, then B's rename moves C's fresh file away and two processes hold the slot. So the
 * reclaimer first hard-links the slot file to `slot-<n>.reclaim`. `link` fails if that name exists, so
 * only one process reclaims a slot at a time, and the marker pins the very file that was linked: the
 * reclaimer judges the marker's content (not what it read before), and unlinks the slot only if the slot
 * still holds that same record. In between, nothing else can remove that file: its holder is dead and
 * every other reclaimer is locked out by the marker.
 */
export async function reclaimSlot(slot: string, marker: string, context: ReclaimContext): Promise<ReclaimOutcome> {
  try {
    await link(slot, marker);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'retry';
    if (!isCode(error, 'EEXIST')) throw error;
    return (await removeAbandonedMarker(marker, context)) ? 'retry' : 'busy';
  }
  try {
    const judged = await readSlotFile(marker);
    if (judged.kind === 'missing' || !(await isStale(judged.record, context.probe))) return 'busy';
    const current = await readSlotFile(slot);
    if (current.kind === 'present' && current.text === judged.text) await unlinkIfPresent(slot);
    return 'reclaimed';
  } finally {
    await unlinkIfPresent(marker);
  }
}

/**
 * A marker whose reclaimer died (killed within the few ms it exists) would block reclaiming that slot for
 * good; once it is older than the grace period it is removed. Its age is its ctime: link() sets it.
 */
async function removeAbandonedMarker(marker: string, context: ReclaimContext): Promise<boolean> {
  try {
    const info = await lstat(marker);
    if (context.now() - info.ctimeMs <= context.markerGraceMs) return false;
    await unlinkIfPresent(marker);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return true;
    throw error;
  }
}
