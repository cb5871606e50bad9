import { link, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isStale } from './liveness.js';
import { isTempName, markerPath, slotPath, tempPath } from './paths.js';
import { type ReclaimContext, reclaimSlot } from './reclaim.js';
import { formatSlotRecord, isCode, readSlotFile, type SlotRecord, unlinkIfPresent } from './slot-file.js';

/** Who holds a busy slot, for the caller's log. */
export interface SlotHolder {
  slot: number;
  pid: number;
  hostname: string;
  acquiredAt: string;
}

export type RoundOutcome = { kind: 'taken'; slot: number; path: string } | { kind: 'busy'; holders: SlotHolder[] };

/** Tries after a reclaim or a vanished file before calling a slot busy for this round (races, not waits). */
const TRIES_PER_SLOT = 3;

/** A leftover `.tmp` record (its writer died before unlinking it) older than this is removed. */
const TEMP_MAX_AGE_MS = 60_000;

/**
 * One pass over slots 0..limit-1: take the first free one, reclaiming stale ones on the way.
 *
 * A slot is taken by writing the whole record to a unique temp file and hard-linking it to
 * `slot-<n>.lock`. `link` fails with EEXIST if the name exists (like `open(..., 'wx')`, O_EXCL), so exactly
 * one process takes a free slot, and unlike `'wx'` the slot file never exists half-written: a reader never
 * sees an empty file it might take for a crashed holder's.
 */
export async function takeFreeSlot(
  directory: string,
  limit: number,
  record: SlotRecord,
  context: ReclaimContext,
): Promise<RoundOutcome> {
  const temp = tempPath(directory, record.token);
  await writeFile(temp, formatSlotRecord(record), { flag: 'wx', mode: 0o644 });
  try {
    const holders: SlotHolder[] = [];
    for (let slot = 0; slot < limit; slot++) {
      const path = slotPath(directory, slot);
      const holder = await takeSlot(temp, path, markerPath(directory, slot), context);
      if (holder === 'taken') return { kind: 'taken', slot, path };
      if (holder) holders.push({ slot, pid: holder.pid, hostname: holder.hostname, acquiredAt: holder.acquiredAt });
    }
    return { kind: 'busy', holders };
  } finally {
    await unlinkIfPresent(temp);
  }
}

async function takeSlot(temp: string, slot: string, marker: string, context: ReclaimContext) {
  let holder: SlotRecord | undefined;
  for (let attempt = 0; attempt < TRIES_PER_SLOT; attempt++) {
    try {
      await link(temp, slot);
      return 'taken' as const;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const file = await readSlotFile(slot);
    if (file.kind === 'missing') continue;
    holder = file.record;
    if (!(await isStale(file.record, context.probe))) return holder;
    if ((await reclaimSlot(slot, marker, context)) === 'busy') return holder;
  }
  return holder;
}

/** Removes temp records left by processes that died between writing and unlinking them. */
export async function sweepLeftoverTemps(directory: string, now: number): Promise<void> {
  for (const name of await readdir(directory)) {
    if (!isTempName(name)) continue;
    const path = join(directory, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > TEMP_MAX_AGE_MS) await unlinkIfPresent(path);
  }
}
