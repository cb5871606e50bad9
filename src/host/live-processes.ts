import { rmSync } from 'node:fs';
import type { Platform } from '../platform/index.js';

/** A PowerShell this process started and has not finished cleaning up after. */
interface LiveProcess {
  pid: number;
  /** Its session folder (the command channel's socket on POSIX). */
  workDir: string;
  platform: Platform;
}

const live = new Map<number, LiveProcess>();

/**
 * Remembers a started PowerShell until its host has cleaned up, so a forced exit (a second Ctrl+C, a
 * cancellation whose disconnect hangs) can still end its process tree and remove its files: a process
 * that exits leaves node-pty's children running.
 */
export function trackLiveProcess(process: LiveProcess): void {
  live.set(process.pid, process);
}

export function forgetLiveProcess(pid: number): void {
  live.delete(pid);
}

/** How many PowerShell processes are still tracked (for tests). */
export function liveProcessCount(): number {
  return live.size;
}

/**
 * Ends every tracked PowerShell and everything it started, waiting at most `waitMs` for the kills, then
 * removes their folders. For the last moments of a process that must exit now.
 */
export async function endLiveProcesses(waitMs: number): Promise<void> {
  const entries = [...live.values()];
  live.clear();
  const kills = Promise.allSettled(entries.map((entry) => entry.platform.killTree(entry.pid)));
  await Promise.race([kills, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  for (const entry of entries) {
    try {
      rmSync(entry.workDir, { recursive: true, force: true });
    } catch {
      // Left for the temp folder's own cleanup: the process is exiting.
    }
  }
}
