import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { eventually, isAlive, standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

const appOnly = [
  '--app-id',
  '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  '--organization',
  'contoso.onmicrosoft.com',
  '--certificate-path',
  '/certs/job.pfx',
];

describe.skipIf(skipWithoutPwsh)('ippsconnect run (unattended jobs, no terminal, real pwsh, stand-in module)', () => {
  let world: World | undefined;
  beforeAll(async () => {
    const { existsSync } = await import('node:fs');
    if (!existsSync(cliPath)) throw new Error('dist/cli/main.js is missing: `npm test` builds it first.');
  });
  afterEach(() => world?.dispose());

  function job(
    args: string[],
    env: Record<string, string | undefined>,
  ): ResultPromise<{ reject: false; stdin: 'ignore' }> {
    return execa(
      process.execPath,
      [cliPath, 'run', '--pwsh', testPwsh!, '--module-path', standInModulesDir, ...appOnly, ...args],
      {
        env: { ...env, IPPSCONNECT_LOCK_DIR: join(world!.dir, 'locks') },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
        timeout: 90_000,
      },
    );
  }

  const logOf = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; attempt?: number; code?: string });

  it('returns the objects as JSON on stdout and host text to the log, exit 0', async () => {
    world = standIn('success');
    const log = join(world.dir, 'job.log');
    const result = await job(
      [
        '--command',
        "Write-Host 'collecting policies'; Get-RetentionCompliancePolicy",
        '--output',
        'json',
        '--log',
        log,
      ],
      world.env,
    );
    expect(result.exitCode).toBe(0);
    const objects = JSON.parse(String(result.stdout)) as Array<{ Name: string; Mode: string }>;
    expect(objects.map((policy) => policy.Name)).toEqual(['Mailbox retention 7 years', 'Teams chat retention 1 year']);
    expect(logOf(log)).toContainEqual(expect.objectContaining({ event: 'output', text: 'collecting policies' }));
    const connect = world.calls().find((call) => call.cmdlet === 'Connect-IPPSSession');
    expect(connect?.parameters).toEqual({
      AppId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      Organization: 'contoso.onmicrosoft.com',
      CertificateFilePath: '/certs/job.pfx',
    });
  });

  it('takes its options from a job file, with environment references, flags overriding', async () => {
    world = standIn('success', { JOB_ORG: 'contoso.onmicrosoft.com' });
    const file = join(world.dir, 'job.json');
    writeFileSync(
      file,
      JSON.stringify({
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a job file's `${NAME}` reference, not a template.
        organization: '${JOB_ORG}',
        certificatePath: 'certs/job.pfx',
        command: 'Get-RetentionCompliancePolicy',
        output: 'json',
        depth: 3,
      }),
    );
    const result = await execa(
      process.execPath,
      [
        cliPath,
        'run',
        '--config',
        file,
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        '--prefix',
        'Cc',
        '--command',
        'Get-CcRetentionCompliancePolicy',
      ],
      {
        env: { ...world.env, IPPSCONNECT_LOCK_DIR: join(world.dir, 'locks') },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
      },
    );
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(String(result.stdout)) as unknown[]).length).toBe(2);
    expect(world.calls().find((call) => call.cmdlet === 'Connect-IPPSSession')?.parameters).toMatchObject({
      Organization: 'contoso.onmicrosoft.com',
      CertificateFilePath: join(world.dir, 'certs', 'job.pfx'),
      Prefix: 'Cc',
    });
  });

  it('refuses a literal secret in a job file, exit 2, before anything starts', async () => {
    world = standIn('success');
    const file = join(world.dir, 'job.json');
    writeFileSync(
      file,
      JSON.stringify({ appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f', clientSecret: 'hunter2-literal' }),
    );
    const result = await execa(process.execPath, [cliPath, 'run', '--config', file], {
      env: world.env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/clientSecret/);
    expect(String(result.stderr)).not.toContain('hunter2-literal');
    expect(world.calls()).toEqual([]);
  });

  // Retrying an error that clears, and the log's history: test/cassette/job-replay.test.ts (from cassettes).

  it('gives up on an error that never clears after the bounded retries, exit 5, recording kept beside the log', async () => {
    world = standIn('error:CONNECTION_LIMIT');
    const log = join(world.dir, 'job.log');
    const result = await job(
      ['--command', 'Get-Date', '--retries', '2', '--retry-delay', '0.2', '--log', log],
      world.env,
    );
    expect(result.exitCode).toBe(5);
    expect(world.calls().filter((call) => call.cmdlet === 'Connect-IPPSSession')).toHaveLength(3);
    expect(logOf(log).at(-1)).toMatchObject({ event: 'job-failed', code: 'CONNECTION_LIMIT' });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(world.dir).filter((name) => name.endsWith('.cast')).length).toBeGreaterThan(0);
  });

  it('fails fast on a prompt in unattended mode, exit 3', async () => {
    world = standIn('prompt');
    const started = Date.now();
    const result = await job(['--command', 'Get-Date'], world.env);
    expect(result.exitCode).toBe(3);
    expect(String(result.stderr)).toMatch(/PROMPT_IN_UNATTENDED/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('ends an idle hang with exit 6, attempts the disconnect, and leaves no process', async () => {
    world = standIn('hang');
    const result = await job(['--command', 'Get-Date', '--idle-timeout', '1.5', '--retries', '0'], world.env);
    expect(result.exitCode).toBe(6);
    const calls = world.calls();
    expect(calls.map((call) => call.cmdlet)).toContain('Disconnect-ExchangeOnline');
    expect(await eventually(() => !isAlive(calls[0]!.pid))).toBe(true);
  });

  it('disconnects when SIGTERM arrives mid-run, exit 130', async () => {
    world = standIn('success');
    const running = job(['--command', 'Start-Sleep -Seconds 60', '--retries', '0'], world.env);
    expect(
      await eventually(() => world!.calls().some((call) => call.cmdlet === 'Get-ConnectionInformation'), 30_000),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running.kill('SIGTERM');
    const result = await running;
    expect(result.exitCode).toBe(130);
    expect(world.calls().at(-1)?.cmdlet).toBe('Disconnect-ExchangeOnline');
  });

  it('never has more than 3 sessions of one account at once when 4 jobs start together', async () => {
    world = standIn('success', { IPPSCONNECT_STANDIN_DELAY_MS: '50' });
    const jobs = Array.from({ length: 4 }, () =>
      job(['--command', 'Start-Sleep -Milliseconds 1500', '--max-sessions', '3'], world!.env),
    );
    const results = await Promise.all(jobs);
    expect(results.map((result) => result.exitCode)).toEqual([0, 0, 0, 0]);
    const maxConcurrent = Number(readFileSync(join(world.dir, 'state', 'max-concurrent'), 'utf8').trim());
    expect(maxConcurrent).toBeGreaterThanOrEqual(1);
    expect(maxConcurrent).toBeLessThanOrEqual(3);
  });

  it('--dry-run starts nothing: no PowerShell, no lock, no log line; prints the PowerShell with secrets as references', async () => {
    world = standIn('success', { JOB_PFX_PASSWORD: 'DryRunSentinel-pfx-1c4e' });
    const log = join(world.dir, 'logs', 'job.log');
    const result = await job(
      ['--dry-run', '--certificate-password-env', 'JOB_PFX_PASSWORD', '--command', 'Get-Date', '--log', log],
      world.env,
    );
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout)).toContain('Connect-IPPSSession');
    expect(String(result.stdout)).toContain('$env:JOB_PFX_PASSWORD');
    expect(String(result.stdout)).not.toContain('DryRunSentinel-pfx-1c4e');
    expect(world.calls()).toEqual([]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(world.dir, 'logs'))).toBe(false);
    expect(existsSync(join(world.dir, 'locks'))).toBe(false);
  });

  it("honours the job file's cloud: a GCC High job connects to the GCC High endpoints", async () => {
    world = standIn('success');
    const file = join(world.dir, 'job.json');
    // GCC High tenants sign in with an *.onmicrosoft.us domain.
    writeFileSync(
      file,
      JSON.stringify({
        cloud: 'gcchigh',
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        organization: 'contoso.onmicrosoft.us',
        certificatePath: '/certs/job.pfx',
        command: 'Get-Date',
      }),
    );
    const result = await execa(
      process.execPath,
      [cliPath, 'run', '--config', file, '--pwsh', testPwsh!, '--module-path', standInModulesDir],
      {
        env: { ...world.env, IPPSCONNECT_LOCK_DIR: join(world.dir, 'locks') },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
      },
    );
    expect(result.exitCode).toBe(0);
    expect(world.calls().find((call) => call.cmdlet === 'Connect-IPPSSession')?.parameters).toMatchObject({
      ConnectionUri: 'https://ps.compliance.protection.office365.us/powershell-liveid/',
      AzureADAuthorizationEndpointUri: 'https://login.microsoftonline.us/organizations',
    });
  });

  it('runs a script that timed out once: no retry after the work started (exit 6, one connect)', async () => {
    world = standIn('success');
    const result = await job(
      ['--command', 'Start-Sleep 60', '--command-timeout', '3', '--retry-delay', '0.2'],
      world.env,
    );
    expect(result.exitCode).toBe(6);
    expect(world.calls().filter((call) => call.cmdlet === 'Connect-IPPSSession')).toHaveLength(1);
  });

  it('--retry-work opts an idempotent script into retries after the work started', async () => {
    world = standIn('success');
    const result = await job(
      [
        '--command',
        'Start-Sleep 60',
        '--command-timeout',
        '2',
        '--retry-delay',
        '0.2',
        '--retries',
        '1',
        '--retry-work',
      ],
      world.env,
    );
    expect(result.exitCode).toBe(6);
    expect(world.calls().filter((call) => call.cmdlet === 'Connect-IPPSSession')).toHaveLength(2);
  });

  it('--pwsh /bin/false: not a working PowerShell, exit 4 at once (no retries)', async () => {
    world = standIn('success');
    const result = await execa(
      process.execPath,
      [cliPath, 'run', '--pwsh', '/bin/false', ...appOnly, '--command', 'Get-Date', '--retry-delay', '0.2'],
      {
        env: { ...world.env, IPPSCONNECT_LOCK_DIR: join(world.dir, 'locks') },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
      },
    );
    expect(result.exitCode).toBe(4);
    expect(String(result.stderr)).toMatch(/POWERSHELL_NOT_FOUND/);
    expect(String(result.stderr)).not.toMatch(/retrying/);
  });

  it('reclaims the slot of a job that was killed while holding it', async () => {
    world = standIn('success');
    const holder = job(['--command', 'Start-Sleep -Seconds 60', '--max-sessions', '1', '--retries', '0'], world.env);
    expect(
      await eventually(() => world!.calls().some((call) => call.cmdlet === 'Get-ConnectionInformation'), 30_000),
    ).toBe(true);
    const pwshPid = world.calls()[0]!.pid;
    holder.kill('SIGKILL');
    await holder;
    process.kill(pwshPid, 'SIGKILL');
    const next = await job(['--command', 'Get-Date', '--max-sessions', '1', '--slot-wait', '20'], world.env);
    expect(next.exitCode).toBe(0);
  });
});
