import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';

async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const exitCode = await runCli(args, { stdout, stderr });
  return { exitCode, out, err };
}

describe('cli (in process, nothing spawned)', () => {
  it('prints the endpoint table', async () => {
    const { exitCode, out } = await cli(['endpoints', '--json']);
    expect(exitCode).toBe(0);
    const rows = JSON.parse(out) as Array<{ cloud: string; connectionUri: string }>;
    expect(rows.find((row) => row.cloud === 'gcchigh')?.connectionUri).toBe(
      'https://ps.compliance.protection.office365.us/powershell-liveid/',
    );
    expect(rows.map((row) => row.cloud)).toEqual(['commercial', 'gcc', 'gcchigh', 'dod', 'china', 'germany']);
  });

  it('refuses an unknown cloud with exit 2', async () => {
    const { exitCode, err } = await cli(['connect', '--cloud', 'mars', '--dry-run']);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/--cloud/);
  });

  it('names the flag of a bad value, exit 2', async () => {
    const { exitCode, err } = await cli(['connect', '--attended', '--exo-prefix', 'E X O', '--dry-run']);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/--exo-prefix/);
    expect(err).toMatch(/Fix: /);
  });

  it.each([
    [['--upn', 'a@contoso.com', '--attended'], "Connect-IPPSSession -UserPrincipalName 'a@contoso.com'"],
    [
      ['--upn', 'a@contoso.com', '--attended', '--cloud', 'china'],
      "-AzureADAuthorizationEndpointUri 'https://login.chinacloudapi.cn/organizations'",
    ],
    [
      [
        '--app-id',
        '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        '--organization',
        'contoso.onmicrosoft.com',
        '--certificate-path',
        '/j.pfx',
        '--certificate-password-env',
        'PFX_PW',
      ],
      '-CertificatePassword (ConvertTo-SecureString -String $env:PFX_PW -AsPlainText -Force)',
    ],
    [
      [
        '--app-id',
        '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        '--organization',
        'contoso.onmicrosoft.com',
        '--client-secret-env',
        'JOB_SECRET',
        '--exo',
      ],
      "Connect-ExchangeOnline -AccessToken $env:IPPSCONNECT_EXO_ACCESS_TOKEN -Organization 'contoso.onmicrosoft.com'",
    ],
    [
      [
        '--app-id',
        '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        '--organization',
        'contoso.onmicrosoft.com',
        '--certificate-pem',
        '/j.pem',
      ],
      '$env:IPPSCONNECT_ACCESS_TOKEN = $null; $env:IPPSCONNECT_EXO_ACCESS_TOKEN = $null',
    ],
    [
      ['--organization', 'contoso.onmicrosoft.com', '--device-code', '--upn', 'a@contoso.com', '--attended'],
      "Connect-IPPSSession -AccessToken $env:IPPSCONNECT_ACCESS_TOKEN -Organization 'contoso.onmicrosoft.com' -UserPrincipalName 'a@contoso.com'",
    ],
    [
      ['--upn', 'a@contoso.com', '--attended', '--install'],
      '# --install: a missing or too old module is first installed',
    ],
  ])('--dry-run %j prints runnable PowerShell', async (args, expected) => {
    const { exitCode, out } = await cli(['connect', ...args, '--dry-run']);
    expect(exitCode).toBe(0);
    expect(out).toContain(expected);
    expect(out).toContain('Import-Module -Name ExchangeOnlineManagement -ErrorAction Stop');
    expect(out).toContain('Disconnect-ExchangeOnline -Confirm:$false');
  });
});
