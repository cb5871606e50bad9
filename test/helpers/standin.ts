import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standInModulesDir, testPwsh } from './pwsh.js';

/** One line the stand-in module appends to IPPSCONNECT_STANDIN_RECORD per cmdlet call. */
export interface StandInCall {
  cmdlet: string;
  parameters: Record<string, unknown>;
  pid: number;
  moduleVersion?: string;
}

/**
 * A stand-in world for one test: its own record file and state folder, and the environment that picks
 * the scenario. `dispose()` removes the folder.
 */
export function standIn(scenario = 'success', extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ipps-standin-'));
  const recordPath = join(dir, 'record.jsonl');
  const env: Record<string, string | undefined> = {
    ...process.env,
    IPPSCONNECT_STANDIN_SCENARIO: scenario,
    IPPSCONNECT_STANDIN_RECORD: recordPath,
    IPPSCONNECT_STANDIN_STATE: join(dir, 'state'),
    ...extra,
  };
  return {
    dir,
    env,
    /** Library options that point a session at the pinned pwsh and the stand-in. */
    options: { powershell: testPwsh!, modulePath: [standInModulesDir] },
    calls(): StandInCall[] {
      let text = '';
      try {
        text = readFileSync(recordPath, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line.replace(/^\uFEFF/, '')) as StandInCall);
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether a process is still alive (signal 0 probes without killing). A zombie (dead, not yet reaped by
 * whoever inherited it) counts as dead: it runs nothing and holds nothing.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; the comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Polls until `check` holds or the time is up; returns its last answer. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
