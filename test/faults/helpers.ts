/**
 * What every fault test checks besides its own outcome: the process tree (nothing ippsconnect started is
 * left running), unhandled rejections, and, for CLI runs, that the process ends by itself soon after the
 * session does (an open handle would keep it alive), with its peak memory.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { eventually, isAlive } from '../helpers/standin.js';

/**
 * The fault and secrets suites read the process table, command lines and peak memory from /proc, and use
 * Linux paths (/dev/full, /proc/nope); they run on Linux only (they were never run on Windows).
 */
export const linuxOnly = process.platform !== 'linux';

/** pid → parent pid of every process, from /proc on Linux, else `ps -A -o pid=,ppid=`. */
export function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (process.platform === 'linux') {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // "pid (comm) state ppid ...": the comm may hold spaces and parentheses, so read after the last ')'.
        table.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended while the table was read.
      }
    }
    return table;
  }
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined) table.set(pid, ppid);
  }
  return table;
}

/** The processes that have `root` as an ancestor, now. */
export function descendantsOf(root: number, table = processTable()): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** A process's command line (NUL-separated arguments joined with spaces); '' when it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** A process's peak resident memory so far (VmHWM), in MiB; undefined when it is gone or off Linux. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches a process and everything it starts while it runs: every pid seen (orphans re-parented after a
 * kill can no longer be found by ancestry afterwards, so they are collected while the tree is whole) and
 * the command line each had.
 */
export function watchTree(root: () => number | undefined, intervalMs = 100) {
  const pids = new Set<number>();
  const commandLines = new Map<number, string>();
  const sample = () => {
    const top = root();
    if (top === undefined) return;
    for (const pid of [top, ...descendantsOf(top)]) {
      pids.add(pid);
      const line = commandLineOf(pid);
      if (line) commandLines.set(pid, line);
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    pids,
    commandLines,
    sample,
    stop() {
      sample();
      clearInterval(timer);
    },
  };
}

/** Asserts that none of `pids` is alive (zombies count as gone), within a few seconds. */
export async function expectAllGone(pids: Iterable<number>, timeoutMs = 10_000): Promise<void> {
  const list = [...pids];
  const gone = await eventually(() => list.every((pid) => !isAlive(pid)), timeoutMs);
  const alive = list.filter((pid) => isAlive(pid)).map((pid) => `${pid} ${commandLineOf(pid)}`);
  expect(gone, `still running: ${alive.join('; ')}`).toBe(true);
}

/**
 * Collects unhandled promise rejections for the whole test file and fails each test that leaves one
 * (vitest reports them as errors too; this names the test that caused it).
 */
export function trackUnhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', listener);
  });
  afterAll(() => {
    process.off('unhandledRejection', listener);
  });
  afterEach(() => {
    const found = seen.splice(0);
    expect(found, 'unhandled rejections').toEqual([]);
  });
  return seen;
}

export interface CliEvent {
  /** ms since the CLI was spawned. */
  at: number;
  event: Record<string, unknown> & { type?: string };
}

export interface WatchedCliRun {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  /** The JSON events it printed (--json), `output` events only counted unless `keepOutputEvents`. */
  events: CliEvent[];
  outputEvents: number;
  stdout: string;
  stderr: string;
  /** ms since spawn when the process had exited. */
  exitedAt: number;
  /** The CLI and every process it started, with their command lines, seen while it ran. */
  pids: Set<number>;
  commandLines: Map<number, string>;
  /** The CLI process's peak resident memory (MiB), sampled from VmHWM while it ran. */
  peakRssMiB: number | undefined;
  /** The first event of this type (phase events by phase: 'phase:closed'). */
  eventAt(key: string): number | undefined;
  codes(): string[];
}

export interface CliOptions {
  env: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Keep every stdout line (else `output` events are counted, not kept: a flood is 100 MB of them). */
  keepOutputEvents?: boolean;
  /** Called for each JSON event as it arrives, with the CLI's pid. */
  onEvent?: (event: CliEvent, pid: number) => void;
}

/**
 * Runs the built CLI without a terminal (stdin ignored), reading its JSON events as they arrive and
 * watching its process tree, memory and exit. Never throws for a non-zero exit.
 */
export async function runCliWatched(args: readonly string[], options: CliOptions): Promise<WatchedCliRun> {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  // IPPSCONNECT_TEST_CLI: another build (to show a bug before its fix).
  const child = execa(process.execPath, [process.env.IPPSCONNECT_TEST_CLI ?? cliPath, ...args], {
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    buffer: false,
    timeout: options.timeoutMs ?? 120_000,
  });
  const pid = child.pid;
  const tree = watchTree(() => pid);
  let peak: number | undefined;
  const memory = setInterval(() => {
    const now = pid === undefined ? undefined : peakRssMiB(pid);
    if (now !== undefined) peak = Math.max(peak ?? 0, now);
  }, 100);
  const events: CliEvent[] = [];
  let outputEvents = 0;
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (data: string) => {
    pending += data;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"type":"output"') && !options.keepOutputEvents) {
        outputEvents++;
        continue;
      }
      stdout += `${line}\n`;
      try {
        const event = { at: since(), event: JSON.parse(line) as CliEvent['event'] };
        if (event.event.type === 'output') outputEvents++;
        events.push(event);
        options.onEvent?.(event, pid!);
      } catch {
        // Not JSON (human output or --output json objects): kept in stdout only.
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (data: string) => {
    stderr += data;
  });
  const result = await child;
  const exitedAt = since();
  clearInterval(memory);
  tree.stop();
  stdout += pending;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    events,
    outputEvents,
    stdout,
    stderr,
    exitedAt,
    pids: tree.pids,
    commandLines: tree.commandLines,
    peakRssMiB: peak === undefined ? undefined : Math.round(peak),
    eventAt(key) {
      const [type, phase] = key.split(':');
      return events.find((e) => e.event.type === type && (phase === undefined || e.event.phase === phase))?.at;
    },
    codes() {
      return events.filter((e) => e.event.type === 'error').map((e) => String(e.event.code));
    },
  };
}

/** How long a CLI may take to exit after its session closed: longer means something holds it open. */
export const exitAfterCloseMs = 3_000;

/** Asserts the CLI exited by itself soon after its session ended (the `closed` phase, else its last event). */
export function expectPromptExit(run: WatchedCliRun): void {
  expect(run.timedOut, 'the CLI had to be killed').toBe(false);
  const ended = run.eventAt('phase:closed') ?? run.events.at(-1)?.at ?? 0;
  expect(run.exitedAt - ended, 'ms from the end of the session to the exit').toBeLessThan(exitAfterCloseMs);
}

/** Stderr must never show a crash of Node itself. */
export function expectNoCrash(run: WatchedCliRun): void {
  expect(run.stderr).not.toMatch(/UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION|FATAL ERROR|heap out of memory/);
  expect(run.signal).toBeUndefined();
}
