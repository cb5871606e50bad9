import { readFile, unlink } from 'node:fs/promises';

/** What a slot file holds: who has the slot, and enough to tell later whether that process still runs. */
export interface SlotRecord {
  /** Unique per acquisition, so a release or a reclaim removes only the very file it judged. */
  token: string;
  pid: number;
  /**
   * The process's start identity, so a recycled pid is not taken for the holder: on Linux
   * `linux:<boot id>:<start time in clock ticks>` from /proc; null where it cannot be read (pid liveness only).
   */
  startedAt: string | null;
  hostname: string;
  /** ISO 8601. */
  acquiredAt: string;
}

export function formatSlotRecord(record: SlotRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** The record in a slot file's text, or undefined when the text is not one (a foreign or damaged file). */
export function parseSlotRecord(text: string): SlotRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, pid, startedAt, hostname, acquiredAt } = value as Record<string, unknown>;
  // pid 0 and negative pids would make process.kill(pid, 0) probe a whole process group.
  if (typeof token !== 'string' || token === '' || !Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
  if (startedAt !== null && typeof startedAt !== 'string') return undefined;
  if (typeof hostname !== 'string' || typeof acquiredAt !== 'string') return undefined;
  return { token, pid: pid as number, startedAt, hostname, acquiredAt };
}

export type SlotFile =
  | { kind: 'missing' }
  /** `record` is undefined when the file holds no valid record. */
  | { kind: 'present'; text: string; record: SlotRecord | undefined };

export async function readSlotFile(path: string): Promise<SlotFile> {
  try {
    const text = await readFile(path, 'utf8');
    return { kind: 'present', text, record: parseSlotRecord(text) };
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { kind: 'missing' };
    throw error;
  }
}

export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
