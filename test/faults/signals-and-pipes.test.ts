/**
 * Ways out that are not the happy path: a signal while the disconnect hangs, a second signal, a reader
 * of stdout that goes away (`| head`), a recording path nobody will ever read. Each must end the
 * process with the documented code, disconnect when it still can, and leave no process or file behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

/** IPPSCONNECT_TEST_CLI runs these tests against another build (to show a bug before its fix). */
const cli = process.env.IPPSCONNECT_TEST_CLI ?? cliPath;

import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { eventually, standIn } from '../helpers/standin.js';
import {
  expectAllGone,
  expectNoCrash,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
  watchTree,
} from './helpers.js';

/** IPPSCONNECT_TEST_CLI runs these tests against another build (to show a bug before its fix). */

const appOnly = [
  '--app-id',
  '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  '--organization',
  'contoso.onmicrosoft.com',
  '--certificate-path',
  '/certs/job.pfx',
];

/** A command that makes the closing Disconnect-ExchangeOnline hang (a function shadows the cmdlet). */
const hangingDisconnect = 'function global:Disconnect-ExchangeOnline { Start-Sleep -Seconds 120 }; "ready"';

describe.skipIf(skipWithoutPwsh || linuxOnly)('signals and closed pipes (built CLI, real pwsh, stand-in)', () => {
  trackUnhandledRejections();
  let world: ReturnType<typeof standIn> | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  /** A world whose temp folder is its own, so files a session stages can be looked for afterwards. */
  function isolatedWorld(scenario = 'success') {
    world = standIn(scenario);
    const tmp = join(world.dir, 'tmp');
    mkdirSync(tmp);
    const env = { ...world.env, TMPDIR: tmp, IPPSCONNECT_LOCK_DIR: join(world.dir, 'locks') };
    /** Session folders (`ippsconnect-XXXXXX`, the staged command scripts) still in the temp folder. */
    const staged = () => readdirSync(tmp).filter((name) => name.startsWith('ippsconnect-'));
    return { env, staged };
  }

  const disconnects = () => world!.calls().filter((call) => call.cmdlet === 'Disconnect-ExchangeOnline').length;

  it('SIGINT while the disconnect hangs ends the process with 130 within the grace period, tree killed, files removed', async () => {
    const { env, staged } = isolatedWorld();
    let signalledAt: number | undefined;
    const run = await runCliWatched(
      [
        'connect',
        '--json',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        ...appOnly,
        '--command',
        hangingDisconnect,
      ],
      {
        env,
        timeoutMs: 60_000,
        onEvent: ({ at, event }, pid) => {
          if (event.type === 'phase' && event.phase === 'disconnecting' && signalledAt === undefined) {
            signalledAt = at;
            // Give the typed disconnect a moment to start hanging.
            setTimeout(() => process.kill(pid, 'SIGINT'), 500);
          }
        },
      },
    );
    expect(signalledAt).toBeDefined();
    expect(run.exitCode).toBe(130);
    // The grace is 10 s; without it the disconnect's own 30 s timeout ran out and the exit was 0.
    expect(run.exitedAt - signalledAt!).toBeLessThan(20_000);
    expect(run.codes()).toContain('CANCELLED');
    expectNoCrash(run);
    await expectAllGone(run.pids);
    expect(staged()).toEqual([]);
  });

  it('a second SIGINT ends a hanging disconnect at once with 130', async () => {
    const { env, staged } = isolatedWorld();
    let secondAt: number | undefined;
    const run = await runCliWatched(
      [
        'connect',
        '--json',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        ...appOnly,
        '--command',
        hangingDisconnect,
      ],
      {
        env,
        timeoutMs: 60_000,
        onEvent: ({ at, event }, pid) => {
          if (event.type === 'phase' && event.phase === 'disconnecting' && secondAt === undefined) {
            secondAt = at + 1_000;
            setTimeout(() => process.kill(pid, 'SIGINT'), 500);
            setTimeout(() => process.kill(pid, 'SIGINT'), 1_000);
          }
        },
      },
    );
    expect(run.exitCode).toBe(130);
    expect(run.exitedAt - secondAt!).toBeLessThan(5_000);
    expectNoCrash(run);
    await expectAllGone(run.pids);
    expect(staged()).toEqual([]);
  });

  it.each([
    ['run', ['run', '--json']],
    ['connect', ['connect', '--json']],
  ])(
    '%s --json | head: stdout closed mid-command stops writing, still disconnects, cleans up, exits 130',
    async (_name, command) => {
      const { env, staged } = isolatedWorld();
      const child = spawn(
        process.execPath,
        [
          cli,
          ...command,
          '--pwsh',
          testPwsh!,
          '--module-path',
          standInModulesDir,
          ...appOnly,
          '--command',
          '1..4000 | ForEach-Object { "line $_"; Start-Sleep -Milliseconds 5 }',
        ],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const tree = watchTree(() => child.pid);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (data: string) => {
        stderr += data;
      });
      let seen = '';
      child.stdout.setEncoding('utf8').on('data', (data: string) => {
        seen += data;
        // Like `head`: once the command's output has started, the reader goes away.
        if (seen.includes('"line 1"') || seen.includes('line 1')) child.stdout.destroy();
      });
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      clearTimeout(killer);
      tree.stop();
      expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
      expect(exitCode).toBe(130);
      expect(disconnects()).toBe(1);
      await expectAllGone(tree.pids);
      expect(staged()).toEqual([]);
    },
  );

  it('--record into a FIFO is refused up front (exit 2, nothing started) instead of blocking forever', async () => {
    const { env } = isolatedWorld();
    const fifo = join(world!.dir, 'session.cast');
    execFileSync('mkfifo', [fifo]);
    const run = await runCliWatched(
      [
        'connect',
        '--json',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        ...appOnly,
        '--command',
        '"x"',
        '--record',
        fifo,
      ],
      { env, timeoutMs: 30_000 },
    );
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/--record/);
    expect(world!.calls()).toEqual([]);
    expect(existsSync(fifo)).toBe(true);
  });

  it('SIGINT while blocked opening a FIFO (run --config) still ends the process, bounded, as cancelled', async () => {
    const { env } = isolatedWorld();
    const fifo = join(world!.dir, 'job.json');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [cli, 'run', '--config', fifo], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Signal only once a thread of the CLI is blocked opening the FIFO (the kernel's wait_for_partner), or
    // it has ended (refused up front); before its handlers are in place SIGINT would just kill it.
    await eventually(() => child.exitCode !== null || blockedOnFifo(child.pid!), 20_000);
    if (child.exitCode === 2) return;
    const signalledAt = Date.now();
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const { code, signal } = await exited;
    clearTimeout(killer);
    if (code === 2) return; // Refused up front as a non-regular file: nothing to cancel.
    // The 10 s grace, then the exit: process.exit itself would wait for ever on the blocked open.
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(code === 130 || signal === 'SIGINT', `exit ${code} signal ${signal}`).toBe(true);
    expect(stderr).toMatch(/CANCELLED/);
  });
});

/** Whether one of the process's threads waits in the kernel for the other end of a FIFO. */
function blockedOnFifo(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some(
      (task) => readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8').trim() === 'wait_for_partner',
    );
  } catch {
    return false;
  }
}
