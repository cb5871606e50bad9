import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

describe.skipIf(skipWithoutPwsh)('record a session, then parse and replay it (built CLI, real pwsh, stand-in)', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  const cli = (args: string[], env: Record<string, string | undefined>) =>
    execa(process.execPath, [cliPath, ...args], {
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    });

  it('a recording of a failed connect parses back to the same error, with secrets redacted', async () => {
    const password = 'Sentinel-Recorded-Password-77';
    world = standIn('error:CONNECTION_LIMIT', { PFX_PASSWORD: password });
    const cast = join(world.dir, 'session.cast');
    const connect = await cli(
      [
        'connect',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        '--app-id',
        '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        '--organization',
        'contoso.onmicrosoft.com',
        '--certificate-path',
        '/certs/job.pfx',
        '--certificate-password-env',
        'PFX_PASSWORD',
        '--record',
        cast,
        '--command',
        `Write-Output '${password}'`,
      ],
      world.env,
    );
    expect(connect.exitCode).toBe(5);
    const recording = readFileSync(cast, 'utf8');
    expect(JSON.parse(recording.split('\n')[0]!)).toMatchObject({ version: 2, width: 160, height: 50 });
    expect(recording).not.toContain(password);

    const parsed = await cli(['parse', cast, '--json'], world.env);
    expect(parsed.exitCode).toBe(1);
    const events = String(parsed.stdout)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; code?: string });
    expect(events.filter((event) => event.type === 'error').map((event) => event.code)).toEqual(['CONNECTION_LIMIT']);
    expect(events.some((event) => event.type === 'banner')).toBe(true);

    const summary = await cli(['parse', cast], world.env);
    expect(String(summary.stdout)).toMatch(/CONNECTION_LIMIT[\s\S]*Fix: /);

    const replayed = await cli(['replay', cast, '--speed', '0'], world.env);
    expect(replayed.exitCode).toBe(0);
    expect(String(replayed.stdout)).toContain('maximum number of connections');
    expect(String(replayed.stderr)).toMatch(/CONNECTION_LIMIT/);
  });

  it('parse says 2 for a file it cannot read', async () => {
    world = standIn('success');
    const result = await cli(['parse', join(world.dir, 'missing.cast')], world.env);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/cannot read/);
  });
});
