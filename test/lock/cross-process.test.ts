import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireSessionSlot } from '../../src/lock/index.js';
import { accountKey } from '../../src/lock/paths.js';
import { compileLockModule } from './compile-lock.js';
import { useTempRoot } from './helpers.js';

const holderScript = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holder.mjs');
const account = 'batch@contoso.com';
const tempRoot = useTempRoot();
let buildDir: string;
let lockModule: string;

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'ippsconnect-lock-build-'));
  lockModule = await compileLockModule(buildDir);
});
afterAll(() => rm(buildDir, { recursive: true, force: true }));

interface Job {
  id: number;
  directory: string;
  limit: number;
  waitMs: number;
  holdMs?: number;
  pollMs?: number;
  log?: string;
  mode?: 'hold' | 'forever' | 'exit' | 'throw';
}

interface Holder {
  child: ChildProcess;
  /** Resolves with the first line the job prints ("acquired <slot>" or "failed <code> ..."). */
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

function startHolder(job: Job): Holder {
  const child = spawn(process.execPath, [holderScript, lockModule, JSON.stringify({ account, ...job })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let firstLine: (line: string) => void = () => {};
  const line = new Promise<string>((resolve) => {
    firstLine = resolve;
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('\n')) firstLine(output.split('\n')[0] ?? '');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = once(child, 'exit').then(([code, signal]) => ({ code, signal, output }));
  return { child, firstLine: line, exit };
}

const slotFiles = async (root: string) =>
  (await readdir(join(root, accountKey(account)))).filter((name) => name.endsWith('.lock'));

describe('session slots across real processes', () => {
  it('never lets more than 3 of 6 concurrent jobs hold a slot, and all 6 finish', async () => {
    const directory = await tempRoot();
    const log = join(directory, 'events.log');
    const jobs = Array.from({ length: 6 }, (_, id) =>
      startHolder({ id, directory, limit: 3, waitMs: 30_000, holdMs: 300, log }),
    );
    const exits = await Promise.all(jobs.map((job) => job.exit));
    for (const exit of exits) expect(exit, exit.output).toMatchObject({ code: 0 });

    const events = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([kind, id, at]) => ({ kind, id: Number(id), at: BigInt(at ?? '0') }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    expect(
      events
        .filter((event) => event.kind === 'acquire')
        .map((event) => event.id)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.filter((event) => event.kind === 'release')).toHaveLength(6);
    // Each job logs after acquiring and before releasing, so logged holds lie inside the real ones.
    let holding = 0;
    let most = 0;
    for (const event of events) {
      holding += event.kind === 'acquire' ? 1 : -1;
      most = Math.max(most, holding);
    }
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(2); // the jobs did overlap: the limit, not luck, kept them apart
    expect(await slotFiles(directory)).toEqual([]);
  });

  it('reclaims the slot of a holder killed with SIGKILL for a job that waits, well before its timeout', async () => {
    const directory = await tempRoot();
    const victim = startHolder({ id: 0, directory, limit: 1, waitMs: 0, mode: 'forever' });
    expect(await victim.firstLine).toBe('acquired 0');
    const log = join(directory, 'events.log');
    const waiter = startHolder({ id: 1, directory, limit: 1, waitMs: 30_000, holdMs: 0, pollMs: 100, log });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(waiter.child.exitCode).toBeNull(); // still waiting: the victim holds the only slot

    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    const exit = await waiter.exit;
    expect(exit, exit.output).toMatchObject({ code: 0 });
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(await readFile(log, 'utf8')).toMatch(/^acquire 1 \d+\nrelease 1 \d+\n$/);
  });

  it.each([
    ['exits normally', 'exit', 0],
    ['dies of an uncaught exception', 'throw', 1],
  ] as const)('frees the slot when its holder %s without releasing it', async (_name, mode, code) => {
    const directory = await tempRoot();
    const holder = startHolder({ id: 0, directory, limit: 1, waitMs: 0, mode });
    expect(await holder.firstLine).toBe('acquired 0');
    const exit = await holder.exit;
    expect(exit.code, exit.output).toBe(code);
    // Freed by the exit handler, not by reclaiming: the file is gone before anyone looks.
    expect(await slotFiles(directory)).toEqual([]);
    const slot = await acquireSessionSlot({ account, directory, limit: 1, waitMs: 0 });
    await slot.release();
  });
});
