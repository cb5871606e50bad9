import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { compareVersions } from '../../src/module/versions.js';
import { repoRoot, skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';
import { singleVersionModules, standInVersions } from '../standin/versions.js';

/**
 * `connect --dry-run` prints commands that bind against each supported version's real parameter lists: the
 * printed script runs in pwsh against that version's stand-in with its functions replaced by recorders of the
 * bound parameters (same param blocks). Asserted on what PowerShell bound, never on the script's text.
 * Expected bindings are written from the flags and exo-real-interface.md.
 */
const appId = '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f';

interface Call {
  command: string;
  parameters: Record<string, unknown>;
  types: Record<string, string>;
}

interface Mode {
  name: string;
  args: string[];
  /** Oldest version the mode needs (older ones are refused with MODULE_TOO_OLD before connecting). */
  since: string;
  ipps: Record<string, unknown>;
  /** Connect-ExchangeOnline's bindings, when the mode connects it. */
  exo?: Record<string, unknown>;
  /** Parameter types PowerShell must have bound (the name of the .NET type). */
  types?: Record<string, string>;
}

const modes: Mode[] = [
  {
    name: 'interactive',
    args: ['--upn', 'a@contoso.com', '--attended'],
    since: '3.0.0',
    ipps: { UserPrincipalName: 'a@contoso.com' },
  },
  {
    name: 'interactive, no WAM, search-only, prefix and commands, with Exchange Online (connected first)',
    args: [
      '--upn',
      'a@contoso.com',
      '--attended',
      '--disable-wam',
      '--enable-search-only-session',
      '--prefix',
      'Cc',
      '--command-name',
      'Get-ComplianceSearch',
      '--exo-prefix',
      'Ex',
      '--exo-command-name',
      'Get-Mailbox',
    ],
    since: '3.9.0',
    ipps: {
      UserPrincipalName: 'a@contoso.com',
      DisableWAM: true,
      Prefix: 'Cc',
      EnableSearchOnlySession: true,
      CommandName: ['Get-ComplianceSearch'],
    },
    exo: { UserPrincipalName: 'a@contoso.com', DisableWAM: true, Prefix: 'Ex', CommandName: ['Get-Mailbox'] },
  },
  {
    name: 'certificate file with its password, GCC High, Exchange Online',
    args: [
      '--app-id',
      appId,
      '--organization',
      'contoso.onmicrosoft.us',
      '--cloud',
      'gcchigh',
      '--certificate-path',
      '/certs/job.pfx',
      '--certificate-password-env',
      'PFX_PASSWORD',
      '--exo',
    ],
    since: '3.0.0',
    ipps: {
      AppId: appId,
      Organization: 'contoso.onmicrosoft.us',
      CertificateFilePath: '/certs/job.pfx',
      CertificatePassword: '***',
      ConnectionUri: 'https://ps.compliance.protection.office365.us/powershell-liveid/',
      AzureADAuthorizationEndpointUri: 'https://login.microsoftonline.us/organizations',
    },
    exo: {
      AppId: appId,
      Organization: 'contoso.onmicrosoft.us',
      CertificateFilePath: '/certs/job.pfx',
      CertificatePassword: '***',
      ExchangeEnvironmentName: 'O365USGovGCCHigh',
    },
    // The enum binds (a wrong name would fail at binding); the password is a SecureString.
    types: { ExchangeEnvironmentName: 'ExchangeEnvironment', CertificatePassword: 'SecureString' },
  },
  {
    name: 'access token (client secret), no banner, delegated organization, Exchange Online',
    args: [
      '--app-id',
      appId,
      '--organization',
      'contoso.onmicrosoft.com',
      '--client-secret-env',
      'JOB_SECRET',
      '--no-show-banner',
      '--delegated-organization',
      'fabrikam.onmicrosoft.com',
      '--exo',
    ],
    since: '3.9.0',
    ipps: {
      AccessToken: '***',
      Organization: 'contoso.onmicrosoft.com',
      ShowBanner: false,
      DelegatedOrganization: 'fabrikam.onmicrosoft.com',
    },
    exo: {
      AccessToken: '***',
      Organization: 'contoso.onmicrosoft.com',
      ShowBanner: false,
      DelegatedOrganization: 'fabrikam.onmicrosoft.com',
    },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'ipps-dry-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function printedScript(args: string[]): Promise<string> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  const exitCode = await runCli(['connect', ...args, '--dry-run'], { stdout, stderr: new PassThrough() });
  expect(exitCode).toBe(0);
  return out;
}

async function bindings(version: string, script: string, name: string): Promise<Call[]> {
  const base = join(dir, `${version}-${name.replace(/\W+/g, '-')}`);
  writeFileSync(`${base}.ps1`, script);
  const harness = join(repoRoot, 'test', 'conformance', 'record-bindings.ps1');
  const modulePath = [singleVersionModules(version), process.env.PSModulePath].filter(Boolean).join(delimiter);
  const result = await execa(
    testPwsh!,
    ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', harness, version, `${base}.ps1`, `${base}.jsonl`],
    // The certificate file's password reaches PowerShell through its environment, as in a session.
    { env: { PSModulePath: modulePath, PFX_PASSWORD: 'dry-run-test-password' }, reject: false },
  );
  expect(result.stderr, result.stderr).toBe('');
  return readFileSync(`${base}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line.replace(/^\uFEFF/, '')) as Call);
}

const cases = standInVersions.flatMap((version) =>
  modes.filter((mode) => compareVersions(version, mode.since) >= 0).map((mode) => [version, mode.name, mode] as const),
);

describe.skipIf(skipWithoutPwsh)('connect --dry-run binds against every supported version (recorders)', () => {
  it.concurrent.each(cases)('%s: %s', async (version, name, mode) => {
    const calls = await bindings(version, await printedScript(mode.args), name);
    const order = calls.map((call) => call.command);
    const connects = mode.exo
      ? // Exchange Online first when IPPS is search-only (3.9 keeps the flag in script scope), else IPPS first.
        mode.args.includes('--enable-search-only-session')
        ? ['Connect-ExchangeOnline', 'Connect-IPPSSession']
        : ['Connect-IPPSSession', 'Connect-ExchangeOnline']
      : ['Connect-IPPSSession'];
    expect(order).toEqual([...connects, 'Disconnect-ExchangeOnline']);
    expect(calls.find((call) => call.command === 'Connect-IPPSSession')!.parameters).toEqual(mode.ipps);
    if (mode.exo) expect(calls.find((call) => call.command === 'Connect-ExchangeOnline')!.parameters).toEqual(mode.exo);
    expect(calls.at(-1)!.parameters).toEqual({ Confirm: false });
    for (const call of calls) {
      for (const [parameter, type] of Object.entries(mode.types ?? {})) {
        if (parameter in call.parameters) expect(call.types[parameter], `${call.command} -${parameter}`).toBe(type);
      }
    }
  });
});
