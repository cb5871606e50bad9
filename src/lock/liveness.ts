import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { SlotRecord } from './slot-file.js';

/** What is known about a pid right now. */
export type ProcessState =
  | { running: false }
  /** `startedAt` is null when this system cannot tell when the process started. */
  | { running: true; startedAt: string | null };

/** The outside world the liveness check needs; injected so tests can fake a recycled pid. */
export interface ProcessProbe {
  readonly hostname: string;
  inspect(pid: number): Promise<ProcessState>;
}

/**
 * Whether a slot file's holder is gone, so the slot may be reclaimed. A file that holds no record is
 * stale (records are written in full before they appear, see take.ts). A holder on another host is never
 * stale: its pid means nothing here. Without start identities (not Linux) a recycled pid looks alive and
 * keeps the slot until that unrelated process ends.
 */
export async function isStale(record: SlotRecord | undefined, probe: ProcessProbe): Promise<boolean> {
  if (record === undefined) return true;
  if (record.hostname !== probe.hostname) return false;
  const state = await probe.inspect(record.pid);
  if (!state.running) return true;
  if (record.startedAt === null || state.startedAt === null) return false;
  return state.startedAt !== record.startedAt;
}

/**
 * The fields of /proc/<pid>/stat that matter: state (field 3) and starttime (field 22, clock ticks since
 * boot). The command name (field 2) is in parentheses and may itself hold spaces and ')', so fields are
 * counted from the last ')'.
 */
export function parseProcStat(text: string): { state: string; startTicks: string } | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19];
  if (!state || !startTicks || !/^\d+$/.test(startTicks)) return undefined;
  return { state, startTicks };
}

/** `process.kill(pid, 0)`: EPERM means the process exists but belongs to another user. */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The real probe: /proc where there is one (Linux), else pid liveness only. */
export function createProcessProbe(): ProcessProbe {
  let bootId: Promise<string> | undefined;
  return {
    hostname: hostname(),
    async inspect(pid) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').then(parseProcStat, () => undefined);
      // A zombie (Z) or dead (X) process no longer holds anything, though kill(pid, 0) still succeeds.
      if (stat && (stat.state === 'Z' || stat.state === 'X')) return { running: false };
      if (stat) {
        bootId ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
          (id) => id.trim(),
          () => 'unknown-boot',
        );
        return { running: true, startedAt: `linux:${await bootId}:${stat.startTicks}` };
      }
      // No /proc, or a pid hidden from us (hidepid): fall back to whether the pid exists at all.
      return pidExists(pid) ? { running: true, startedAt: null } : { running: false };
    },
  };
}
