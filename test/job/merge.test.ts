import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { givenValues } from '../../src/cli/flags.js';
import { addRunOptions, type RunFlagValues, runFlagSource } from '../../src/cli/run-command.js';
import { jobConfigSchema, parseJobConfig } from '../../src/config/index.js';
import { fileSource, mergeJob } from '../../src/job/merge.js';
import { resolveOptions, runDefaultTimeouts } from '../../src/options.js';

/** A `run` command line as the CLI reads it: only the flags given, as a merge source. */
function flagsOf(argv: readonly string[]) {
  const command = addRunOptions(new Command('run')).exitOverride();
  command.parse([...argv], { from: 'user' });
  return runFlagSource(givenValues<RunFlagValues>(command));
}

function merge(file: Record<string, unknown> | undefined, argv: readonly string[] = []) {
  const config = file && parseJobConfig(JSON.stringify(file), { file: '/jobs/job.json', env: {}, path: path.posix });
  return mergeJob(fileSource(config), flagsOf(argv));
}

interface Row {
  key: string;
  where: 'connect' | 'job';
  /** The value in the job file, and what the merge holds for it (paths become absolute). */
  file: unknown;
  fromFile?: unknown;
  /** A command line that sets the same key, and the value it gives. */
  argv: string[];
  fromFlag: unknown;
}

/** Every key of a job file: the file's value alone, then a flag overriding it. */
const rows: Row[] = [
  {
    key: 'userPrincipalName',
    where: 'connect',
    file: 'file@contoso.com',
    argv: ['--upn', 'flag@contoso.com'],
    fromFlag: 'flag@contoso.com',
  },
  { key: 'cloud', where: 'connect', file: 'gcchigh', argv: ['--cloud', 'dod'], fromFlag: 'dod' },
  {
    key: 'connectionUri',
    where: 'connect',
    file: 'https://a.example/ps',
    argv: ['--connection-uri', 'https://b.example/ps'],
    fromFlag: 'https://b.example/ps',
  },
  {
    key: 'authority',
    where: 'connect',
    file: 'https://a.example/o',
    argv: ['--authority', 'https://b.example/o'],
    fromFlag: 'https://b.example/o',
  },
  { key: 'allowAnyHost', where: 'connect', file: false, argv: ['--allow-any-host'], fromFlag: true },
  {
    key: 'appId',
    where: 'connect',
    file: '11111111-1111-1111-1111-111111111111',
    argv: ['--app-id', '22222222-2222-2222-2222-222222222222'],
    fromFlag: '22222222-2222-2222-2222-222222222222',
  },
  {
    key: 'organization',
    where: 'connect',
    file: 'a.onmicrosoft.com',
    argv: ['--organization', 'b.onmicrosoft.com'],
    fromFlag: 'b.onmicrosoft.com',
  },
  {
    key: 'certificateThumbprint',
    where: 'connect',
    file: 'AB'.repeat(20),
    argv: ['--certificate-thumbprint', 'CD'.repeat(20)],
    fromFlag: 'CD'.repeat(20),
  },
  {
    key: 'certificatePath',
    where: 'connect',
    file: 'a.pfx',
    fromFile: '/jobs/a.pfx',
    argv: ['--certificate-path', '/b.pfx'],
    fromFlag: '/b.pfx',
  },
  {
    key: 'certificatePasswordEnv',
    where: 'connect',
    file: 'A_PASS',
    argv: ['--certificate-password-env', 'B_PASS'],
    fromFlag: 'B_PASS',
  },
  {
    key: 'clientSecretEnv',
    where: 'connect',
    file: 'A_SECRET',
    argv: ['--client-secret-env', 'B_SECRET'],
    fromFlag: 'B_SECRET',
  },
  {
    key: 'certificatePem',
    where: 'connect',
    file: '/a.pem',
    argv: ['--certificate-pem', '/b.pem'],
    fromFlag: '/b.pem',
  },
  { key: 'deviceCode', where: 'connect', file: false, argv: ['--device-code'], fromFlag: true },
  {
    key: 'delegatedOrganization',
    where: 'connect',
    file: 'a.com',
    argv: ['--delegated-organization', 'b.com'],
    fromFlag: 'b.com',
  },
  { key: 'prefix', where: 'connect', file: 'Aa', argv: ['--prefix', 'Bb'], fromFlag: 'Bb' },
  { key: 'commandName', where: 'connect', file: ['Get-A'], argv: ['--command-name', 'Get-B'], fromFlag: ['Get-B'] },

  { key: 'showBanner', where: 'connect', file: true, argv: ['--no-show-banner'], fromFlag: false },
  { key: 'disableWam', where: 'connect', file: false, argv: ['--disable-wam'], fromFlag: true },
  {
    key: 'enableSearchOnlySession',
    where: 'connect',
    file: false,
    argv: ['--enable-search-only-session'],
    fromFlag: true,
  },
  { key: 'exo', where: 'connect', file: false, argv: ['--exo'], fromFlag: true },
  { key: 'exoPrefix', where: 'connect', file: 'Xa', argv: ['--exo-prefix', 'Xb'], fromFlag: 'Xb' },
  {
    key: 'exoCommandName',
    where: 'connect',
    file: ['Get-Mailbox'],
    argv: ['--exo-command-name', 'Get-User'],
    fromFlag: ['Get-User'],
  },
  { key: 'powershell', where: 'connect', file: 'pwsh-a', argv: ['--pwsh', 'pwsh-b'], fromFlag: 'pwsh-b' },
  {
    key: 'modulePath',
    where: 'connect',
    file: ['mods'],
    fromFile: ['/jobs/mods'],
    argv: ['--module-path', '/m'],
    fromFlag: ['/m'],
  },
  { key: 'install', where: 'connect', file: false, argv: ['--install'], fromFlag: true },
  {
    key: 'installRepository',
    where: 'connect',
    file: 'RepoA',
    argv: ['--install-repository', 'RepoB'],
    fromFlag: 'RepoB',
  },
  { key: 'legacy', where: 'connect', file: false, argv: ['--legacy'], fromFlag: true },
  { key: 'unattended', where: 'connect', file: true, argv: ['--attended'], fromFlag: false },
  { key: 'command', where: 'connect', file: 'Get-A', argv: ['--command', 'Get-B'], fromFlag: 'Get-B' },
  {
    key: 'script',
    where: 'connect',
    file: 'a.ps1',
    fromFile: '/jobs/a.ps1',
    argv: ['--script', '/b.ps1'],
    fromFlag: '/b.ps1',
  },
  {
    key: 'cassette',
    where: 'connect',
    file: 'a.cast',
    fromFile: '/jobs/a.cast',
    argv: ['--cassette', '/b.cast'],
    fromFlag: '/b.cast',
  },
  {
    key: 'record',
    where: 'connect',
    file: 'a.cast',
    fromFile: '/jobs/a.cast',
    argv: ['--record', '/b.cast'],
    fromFlag: '/b.cast',
  },
  {
    key: 'recordFailures',
    where: 'connect',
    file: 'casts',
    fromFile: '/jobs/casts',
    argv: ['--record-failures', '/c'],
    fromFlag: '/c',
  },
  {
    key: 'timeouts',
    where: 'connect',
    file: { startMs: 1000, connectMs: 2000, commandMs: 3000, idleMs: 4000 },
    // Key by key: a flag replaces only its own limit.
    argv: ['--timeout', '5', '--idle-timeout', 'none'],
    fromFlag: { startMs: 1000, connectMs: 5000, commandMs: 3000, idleMs: null },
  },
  { key: 'output', where: 'job', file: 'json', argv: ['--output', 'text'], fromFlag: 'text' },
  { key: 'depth', where: 'job', file: 7, argv: ['--depth', '9'], fromFlag: 9 },
  { key: 'retries', where: 'job', file: 5, argv: ['--retries', '0'], fromFlag: 0 },
  { key: 'retryDelayMs', where: 'job', file: 1000, argv: ['--retry-delay', '2'], fromFlag: 2000 },
  { key: 'retryMaxTimeMs', where: 'job', file: 1000, argv: ['--retry-max-time', '3'], fromFlag: 3000 },
  { key: 'retryWork', where: 'job', file: false, argv: ['--retry-work'], fromFlag: true },
  { key: 'maxSessions', where: 'job', file: 2, argv: ['--max-sessions', '1'], fromFlag: 1 },
  { key: 'slotWaitMs', where: 'job', file: 1000, argv: ['--slot-wait', '4'], fromFlag: 4000 },
  {
    key: 'log',
    where: 'job',
    file: 'logs/a.log',
    fromFile: '/jobs/logs/a.log',
    argv: ['--log', '/b.log'],
    fromFlag: '/b.log',
  },
];

describe('mergeJob: the job file and the flags a person gave, key by key (run and schedule)', () => {
  it('has a row for every key a job file takes', () => {
    const keys = Object.keys(jobConfigSchema.shape).filter((key) => key !== '$schema');
    expect(rows.map((row) => row.key).sort()).toEqual(keys.sort());
  });

  it.each(rows)('$key: the job file value holds when no flag sets it, even flags with defaults', (row) => {
    const merged = merge({ [row.key]: row.file });
    expect(merged[row.where][row.key as never]).toEqual(
      row.key === 'timeouts' ? { ...runDefaultTimeouts, ...(row.file as object) } : (row.fromFile ?? row.file),
    );
  });

  it.each(rows)('$key: a flag given wins over the job file', (row) => {
    const merged = merge({ [row.key]: row.file }, row.argv);
    expect(merged[row.where][row.key as never]).toEqual(row.fromFlag);
  });

  it('a GCC High job file keeps its cloud although --cloud has a default', () => {
    expect(merge({ cloud: 'gcchigh' }, ['--command', 'Get-Date']).connect.cloud).toBe('gcchigh');
  });

  it("without a file or flags: run's defaults (unattended, the work limits, text output, 3 sessions)", () => {
    const merged = merge(undefined);
    expect(merged.connect).toEqual({ unattended: true, timeouts: { commandMs: 90 * 60_000, idleMs: 30 * 60_000 } });
    expect(merged.job).toEqual({ output: 'text', depth: 4, maxSessions: 3 });
  });

  it('none turns a default limit off, from a flag or as null in the job file', () => {
    expect(merge(undefined, ['--command-timeout', 'none']).connect.timeouts).toEqual({
      commandMs: null,
      idleMs: 30 * 60_000,
    });
    expect(merge({ timeouts: { idleMs: null } }).connect.timeouts).toEqual({ commandMs: 90 * 60_000, idleMs: null });
  });

  it("the merged limits resolve: null is no limit, a limit past a timer's range is refused", () => {
    const appOnly = {
      appId: '11111111-1111-1111-1111-111111111111',
      organization: 'a.onmicrosoft.com',
      certificatePath: '/a.pfx',
    };
    const context = { platform: 'posix', interactiveTerminal: false } as const;
    const merged = merge(appOnly, ['--command-timeout', 'none', '--timeout', 'none']).connect;
    const resolved = resolveOptions(merged, context);
    expect(resolved.timeouts).toEqual({ startMs: 60_000, idleMs: 30 * 60_000 });
    expect(() => resolveOptions({ ...appOnly, timeouts: { connectMs: 2 ** 31 } }, context)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'timeouts.connectMs' }),
    );
  });
});
