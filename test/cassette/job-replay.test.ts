/**
 * Job-runner behaviour where PowerShell itself is not what is tested, replayed from the checked-in
 * cassettes (fixtures/cassettes, recorded against the stand-in) with no PowerShell: PATH empty, CI=true.
 * Moved here from test/integration/run.test.ts, which keeps the cases that need real pwsh.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { repoRoot, standInModulesDir } from '../helpers/pwsh.js';

const fixtures = join(repoRoot, 'fixtures', 'cassettes');
const catalog = JSON.parse(readFileSync(join(fixtures, 'catalog.json'), 'utf8')) as {
  cassettes: Array<{ name: string; args: string[] }>;
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** `ippsconnect run` replaying a checked-in cassette, with the arguments it was recorded with. */
function replayJob(name: string, extra: string[]) {
  const args = catalog.cassettes.find((cassette) => cassette.name === name)!.args;
  return execa(
    process.execPath,
    [cliPath, ...args, '--module-path', standInModulesDir, '--cassette', join(fixtures, `${name}.cast`), ...extra],
    {
      env: { PATH: '', CI: 'true', HOME: process.env.HOME, IPPSCONNECT_LOCK_DIR: join(dir!, 'locks') },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      cwd: repoRoot,
      timeout: 30_000,
    },
  );
}

const logOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; attempt?: number; code?: string });

describe('ippsconnect run, replayed from cassettes (no PowerShell)', () => {
  it('retries an error that clears and succeeds on the second attempt, logging both', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ipps-job-replay-'));
    const log = join(dir, 'job.log');
    const result = await replayJob('run-connection-limit-then-success', ['--log', log]);
    expect(result.exitCode).toBe(0);
    const entries = logOf(log);
    expect(entries.filter((entry) => entry.event === 'attempt').map((entry) => entry.attempt)).toEqual([1, 2]);
    expect(entries).toContainEqual(expect.objectContaining({ event: 'retry', code: 'CONNECTION_LIMIT', attempt: 2 }));
    expect(entries.at(-1)).toMatchObject({ event: 'job-done' });
  });

  it('appends to the log (a history, run after run) and creates its folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ipps-job-replay-'));
    const log = join(dir, 'logs', 'nightly', 'job.log');
    for (let run = 0; run < 2; run++) {
      const result = await replayJob('run-json-success', ['--log', log]);
      expect(result.exitCode).toBe(0);
    }
    const entries = logOf(log);
    expect(entries.filter((entry) => entry.event === 'job-start')).toHaveLength(2);
    expect(entries.filter((entry) => entry.event === 'job-done')).toHaveLength(2);
  });
});
