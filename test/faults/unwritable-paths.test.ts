import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import {
  expectAllGone,
  expectNoCrash,
  expectPromptExit,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
  type WatchedCliRun,
} from './helpers.js';

type World = ReturnType<typeof standIn>;

const appOnly = [
  '--app-id',
  '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  '--organization',
  'contoso.onmicrosoft.com',
  '--certificate-path',
  '/certs/job.pfx',
];
const policies = ['Mailbox retention 7 years', 'Teams chat retention 1 year'];

describe.skipIf(skipWithoutPwsh || linuxOnly)('faults: a recording or log path that cannot be written', () => {
  trackUnhandledRejections();
  let world: World | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  /** `ippsconnect run --json` against the stand-in, with the session-slot locks in the world's folder. */
  function job(args: string[]): Promise<WatchedCliRun> {
    return runCliWatched(
      [
        'run',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        ...appOnly,
        '--json',
        '--retries',
        '0',
        // Failed runs keep their recording beside the log by default; never in /dev or /proc.
        '--record-failures',
        join(world!.dir, 'failures'),
        ...args,
      ],
      {
        env: { ...world!.env, IPPSCONNECT_LOCK_DIR: join(world!.dir, 'locks') },
        timeoutMs: 90_000,
        keepOutputEvents: true,
      },
    );
  }

  const warnings = (run: WatchedCliRun) =>
    run.events.filter((e) => e.event.type === 'warning').map((e) => String(e.event.message));
  const outputs = (run: WatchedCliRun) =>
    run.events.filter((e) => e.event.type === 'output').map((e) => String(e.event.text));
  const policyNames = '--command=Get-RetentionCompliancePolicy | ForEach-Object Name';

  it('--record /proc/nope/x.cast and --log /dev/full: the job succeeds (exit 0) and warns about both', async () => {
    world = standIn('success');
    const run = await job([policyNames, '--record', '/proc/nope/x.cast', '--log', '/dev/full']);
    expect(run.exitCode).toBe(0);
    expect(outputs(run)).toEqual(policies);
    expect(run.codes()).toEqual([]);
    const said = warnings(run);
    expect(said).toContainEqual(
      expect.stringMatching(/recording could not be written: .*ENOENT.*\/proc\/nope\/x\.cast/),
    );
    expect(said).toContainEqual(expect.stringMatching(/log could not be written: .*ENOSPC/));
    expect(world.calls().map((call) => call.cmdlet)).toContain('Disconnect-ExchangeOnline');
    expectPromptExit(run);
    expectNoCrash(run);
    await expectAllGone(run.pids);
  });

  it('paths under a regular file (ENOTDIR): the job succeeds and warns', async () => {
    world = standIn('success');
    const file = join(world.dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const run = await job([policyNames, '--record', join(file, 'x.cast'), '--log', join(file, 'job.log')]);
    expect(run.exitCode).toBe(0);
    expect(outputs(run)).toEqual(policies);
    const said = warnings(run);
    expect(said).toContainEqual(expect.stringMatching(/recording could not be written: .*ENOTDIR/));
    expect(said).toContainEqual(expect.stringMatching(/log could not be written: .*ENOTDIR/));
    expectPromptExit(run);
    expectNoCrash(run);
  });

  it('a failed session whose failure recording cannot be kept: the sign-in error and its exit code win', async () => {
    world = standIn('error:ACCESS_DENIED');
    const file = join(world.dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const run = await runCliWatched(
      [
        'run',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        ...appOnly,
        '--json',
        '--retries',
        '0',
        '--command',
        'Get-Date',
        '--record-failures',
        join(file, 'failures'),
      ],
      { env: { ...world.env, IPPSCONNECT_LOCK_DIR: join(world.dir, 'locks') }, timeoutMs: 90_000 },
    );
    expect(run.exitCode).toBe(3);
    expect(run.codes().at(-1)).toBe('ACCESS_DENIED');
    expect(warnings(run)).toContainEqual(expect.stringMatching(/recording could not be written: .*ENOTDIR/));
    expectPromptExit(run);
    expectNoCrash(run);
    await expectAllGone(run.pids);
  });

  it('the same run with writable paths writes both (the control)', async () => {
    world = standIn('success');
    const dir = mkdtempSync(join(tmpdir(), 'ipps-paths-'));
    try {
      const run = await job([policyNames, '--record', join(dir, 'x.cast'), '--log', join(dir, 'job.log')]);
      expect(run.exitCode).toBe(0);
      expect(warnings(run)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['job.log', 'x.cast']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
