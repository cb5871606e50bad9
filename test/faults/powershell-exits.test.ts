import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import type { SessionEvent } from '../../src/session/events.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { eventually, standIn } from '../helpers/standin.js';
import {
  descendantsOf,
  expectAllGone,
  expectNoCrash,
  expectPromptExit,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
} from './helpers.js';

type World = ReturnType<typeof standIn>;
const upn = 'admin@contoso.onmicrosoft.com';
/** From SIGKILL to the error: PowerShell's exit reaches node-pty at once; the rest is cleanup. */
const reportWithinMs = 5_000;

describe.skipIf(skipWithoutPwsh || linuxOnly)('faults: PowerShell exits or is missing', () => {
  const rejections = trackUnhandledRejections();
  let world: World | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  const connectStarted = () => world!.calls().find((call) => call.cmdlet === 'Connect-IPPSSession');

  it('library: pwsh killed from outside mid-connect → POWERSHELL_EXITED, quickly, nothing left', async () => {
    world = standIn('hang');
    const events: SessionEvent[] = [];
    const outcome = runSession(
      { ...world.options, userPrincipalName: upn, unattended: false },
      { env: world.env, onEvent: (event) => events.push(event) },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(await eventually(() => connectStarted() !== undefined, 30_000)).toBe(true);
    const pwshPid = connectStarted()!.pid;
    const tree = [pwshPid, ...descendantsOf(pwshPid)];
    const killedAt = performance.now();
    process.kill(pwshPid, 'SIGKILL');
    const failure = await outcome;
    expect(performance.now() - killedAt).toBeLessThan(reportWithinMs);
    expect(failure).toMatchObject({ code: 'POWERSHELL_EXITED', retryable: true });
    expect(events.at(-1)).toEqual({ type: 'phase', phase: 'closed' });
    await expectAllGone(tree);
    expect(rejections).toEqual([]);
  });

  it('CLI: pwsh killed mid-connect → error event POWERSHELL_EXITED, exit 5, the CLI exits by itself', async () => {
    world = standIn('hang');
    let killedAt: number | undefined;
    const run = await runCliWatched(
      ['connect', '--upn', upn, '--pwsh', testPwsh!, '--module-path', standInModulesDir, '--attended', '--json'],
      {
        env: world.env,
        timeoutMs: 90_000,
        onEvent: ({ event }) => {
          // Kill as soon as the connect command is running (the stand-in records it before hanging).
          if (event.type === 'phase' && event.phase === 'connecting') {
            void eventually(() => connectStarted() !== undefined, 30_000).then(() => {
              killedAt = performance.now();
              process.kill(connectStarted()!.pid, 'SIGKILL');
            });
          }
        },
      },
    );
    expect(killedAt).toBeDefined();
    expect(performance.now() - killedAt!, 'ms from the kill to the CLI having exited').toBeLessThan(reportWithinMs);
    expect(run.exitCode).toBe(5);
    expect(run.codes()).toEqual(['POWERSHELL_EXITED']);
    expect(run.events.at(-1)?.event).toMatchObject({ type: 'error', code: 'POWERSHELL_EXITED' });
    expectPromptExit(run);
    expectNoCrash(run);
    await expectAllGone(run.pids);
  });

  it('CLI: --pwsh /nonexistent/pwsh → POWERSHELL_NOT_FOUND, exit 4, nothing started', async () => {
    world = standIn('success');
    const run = await runCliWatched(
      [
        'connect',
        '--upn',
        upn,
        '--pwsh',
        '/nonexistent/pwsh',
        '--module-path',
        standInModulesDir,
        '--attended',
        '--json',
      ],
      { env: world.env, timeoutMs: 30_000 },
    );
    expect(run.exitCode).toBe(4);
    expect(run.codes()).toEqual(['POWERSHELL_NOT_FOUND']);
    expect(String(run.events.at(-1)?.event.message)).toContain('/nonexistent/pwsh');
    expect(world.calls()).toEqual([]);
    expect(run.pids.size).toBeLessThanOrEqual(1);
    expectPromptExit(run);
    expectNoCrash(run);
  });

  it('library: a missing PowerShell rejects with POWERSHELL_NOT_FOUND before anything starts', async () => {
    world = standIn('success');
    await expect(
      runSession(
        { ...world.options, powershell: '/nonexistent/pwsh', userPrincipalName: upn, unattended: false },
        { env: world.env },
      ),
    ).rejects.toMatchObject({ code: 'POWERSHELL_NOT_FOUND' });
  });

  // Issue 16: a PowerShell that exits as it starts is this machine's problem (exit 4), not the service's.
  it('CLI: an executable that is not PowerShell and exits at once → POWERSHELL_NOT_FOUND, exit 4', async () => {
    world = standIn('success');
    const dir = mkdtempSync(join(tmpdir(), 'ipps-fault-'));
    try {
      const fake = join(dir, 'pwsh');
      writeFileSync(fake, '#!/bin/sh\necho "not PowerShell: $*" >&2\nexit 3\n');
      chmodSync(fake, 0o755);
      const run = await runCliWatched(
        ['connect', '--upn', upn, '--pwsh', fake, '--module-path', standInModulesDir, '--attended', '--json'],
        { env: world.env, timeoutMs: 30_000 },
      );
      expect(run.exitCode).toBe(4);
      expect(run.codes()).toEqual(['POWERSHELL_NOT_FOUND']);
      expect(String(run.events.at(-1)?.event.message)).toMatch(/exited \(code 3\)/);
      expectPromptExit(run);
      expectNoCrash(run);
      await expectAllGone(run.pids);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
