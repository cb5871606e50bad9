import { isAbsolute, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { connectExchangeOnlineCommand, connectIppsCommand } from '../../src/command.js';
import { IppsConnectError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';

/**
 * ippsconnect follows ExchangeOnlineManagement's real rules (issue 10, /work/shared/exo-real-interface.md):
 * every expectation below is written from that file, not from the code's output.
 */

const attended = { platform: 'posix', interactiveTerminal: true } as const;
const windows = { platform: 'windows', interactiveTerminal: true } as const;
const appId = '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f';

function refusal(input: unknown, context: Parameters<typeof resolveOptions>[1] = attended): IppsConnectError {
  try {
    resolveOptions(input, context);
  } catch (error) {
    expect(error).toBeInstanceOf(IppsConnectError);
    return error as IppsConnectError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

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

describe('prefixes by the module rules (§2.1: ^[a-z0-9]+$ any case, EXO reserved in any case)', () => {
  it.each(['EXO', 'exo', 'Exo', 'eXo'])(
    'refuses --exo-prefix %s: the module reserves it for Get-EXO* cmdlets',
    (value) => {
      const error = refusal({ userPrincipalName: 'a@contoso.com', exoPrefix: value });
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.field).toBe('exoPrefix');
      expect(error.message).toMatch(/reserved/);
      expect(error.message).toMatch(/Get-EXO/);
      expect(error.fix).toMatch(/--legacy/);
    },
  );

  it.each(['EXO', 'exo'])('refuses --prefix %s (Connect-IPPSSession forwards -Prefix)', (value) => {
    expect(refusal({ userPrincipalName: 'a@contoso.com', prefix: value }).field).toBe('prefix');
  });

  it.each(['Cc_1', 'C-c', 'C c', 'Ä', ''])('refuses the prefix %j (special characters)', (value) => {
    expect(refusal({ userPrincipalName: 'a@contoso.com', prefix: value }).field).toBe('prefix');
  });

  it.each(['Cc', 'cc', '1a', '365', 'EXO2', 'Exch'])('accepts the prefix %s (digits first allowed)', (value) => {
    expect(resolveOptions({ userPrincipalName: 'a@contoso.com', prefix: value }, attended).prefix).toBe(value);
  });

  it('refuses the same prefix for IPPS and Exchange Online, in any case', () => {
    const error = refusal({ userPrincipalName: 'a@contoso.com', prefix: 'Cc', exoPrefix: 'cC' });
    expect(error.field).toBe('exoPrefix');
    expect(error.message).toMatch(/same/);
  });

  it('the suggested fix for a bad prefix is a prefix the module accepts', () => {
    const error = refusal({ userPrincipalName: 'a@contoso.com', exoPrefix: 'E X O' });
    const suggested = [...error.fix.matchAll(/\b([A-Za-z0-9]+)\b(?= or | such)/g)].map((match) => match[1]);
    expect(error.fix).not.toMatch(/\bEXO\b/i);
    for (const candidate of suggested) expect(candidate!.toLowerCase()).not.toBe('exo');
  });

  it('--legacy keeps EXO, the V1 default (Import-PSSession -Prefix EXO is valid)', () => {
    const resolved = resolveOptions({ legacy: true, userPrincipalName: 'a@contoso.com', exoPrefix: 'EXO' }, windows);
    expect(resolved.exo?.prefix).toBe('EXO');
  });

  it.each([
    ['--exo-prefix', 'EXO'],
    ['--prefix', 'exo'],
  ])('CLI: %s %s ends with exit 2 before anything starts, the Fix printed once', async (flag, value) => {
    const { exitCode, err, out } = await cli(['connect', '--attended', '--upn', 'a@contoso.com', flag, value]);
    expect(exitCode).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(new RegExp(flag));
    expect(err.match(/Fix:/g)).toHaveLength(1);
  });
});

describe('organization domains per cloud', () => {
  it.each([
    ['commercial', 'contoso.onmicrosoft.com'],
    ['gcc', 'contoso.onmicrosoft.com'],
    ['gcchigh', 'contoso.onmicrosoft.us'],
    ['dod', 'contoso.onmicrosoft.us'],
    ['china', 'contoso.partner.onmschina.cn'],
    ['germany', 'contoso.onmicrosoft.de'],
  ] as const)('%s accepts %s', (cloud, organization) => {
    const resolved = resolveOptions({ cloud, appId, organization, certificatePath: '/j.pfx' }, attended);
    expect(resolved.signIn).toMatchObject({ organization });
  });

  it.each([
    ['commercial', 'contoso.onmicrosoft.us'],
    ['gcchigh', 'contoso.onmicrosoft.com'],
    ['china', 'contoso.onmicrosoft.com'],
    ['commercial', 'contoso.com'],
  ] as const)('%s refuses %s', (cloud, organization) => {
    expect(refusal({ cloud, appId, organization, certificatePath: '/j.pfx' }).field).toBe('organization');
  });

  it('CLI: the refusal prints its Fix once', async () => {
    const args = ['connect', '--app-id', appId, '--organization', 'contoso.com', '--certificate-path', '/j.pfx'];
    const { exitCode, err } = await cli([...args, '--dry-run']);
    expect(exitCode).toBe(2);
    expect(err.match(/Fix:/g)).toHaveLength(1);
  });
});

describe('separate command lists for IPPS and Exchange Online', () => {
  it('--command-name goes to Connect-IPPSSession only, --exo-command-name to Connect-ExchangeOnline only', () => {
    const resolved = resolveOptions(
      {
        userPrincipalName: 'a@contoso.com',
        exo: true,
        commandName: ['Get-ComplianceSearch'],
        exoCommandName: ['Get-Mailbox'],
      },
      attended,
    );
    expect(connectIppsCommand(resolved)).toContain("-CommandName @('Get-ComplianceSearch')");
    expect(connectIppsCommand(resolved)).not.toContain('Get-Mailbox');
    expect(connectExchangeOnlineCommand(resolved)).toContain("-CommandName @('Get-Mailbox')");
    expect(connectExchangeOnlineCommand(resolved)).not.toContain('Get-ComplianceSearch');
  });

  it('--command-name alone leaves Exchange Online with all its cmdlets', () => {
    const resolved = resolveOptions(
      { userPrincipalName: 'a@contoso.com', exo: true, commandName: ['Get-ComplianceSearch'] },
      attended,
    );
    expect(connectExchangeOnlineCommand(resolved)).not.toContain('-CommandName');
  });

  it('--exo-command-name without --exo implies --exo', () => {
    const resolved = resolveOptions({ userPrincipalName: 'a@contoso.com', exoCommandName: ['Get-Mailbox'] }, attended);
    expect(resolved.exo).toBeDefined();
  });
});

describe('certificate paths', () => {
  it('a relative --certificate-path is made absolute (from the current directory) before PowerShell sees it', () => {
    const resolved = resolveOptions(
      { appId, organization: 'contoso.onmicrosoft.com', certificatePath: 'certs/job.pfx' },
      attended,
    );
    expect(resolved.signIn).toMatchObject({ kind: 'certificate-file', path: resolve('certs/job.pfx') });
    expect(isAbsolute((resolved.signIn as { path: string }).path)).toBe(true);
  });
});

describe('combinations that the module would silently ignore are refused', () => {
  it.each([
    [
      'UPN with a certificate',
      { userPrincipalName: 'a@contoso.com', appId, organization: 'contoso.onmicrosoft.com', certificatePath: '/j.pfx' },
      /--upn/,
    ],
    [
      'UPN with a client secret',
      { userPrincipalName: 'a@contoso.com', appId, organization: 'contoso.onmicrosoft.com', clientSecretEnv: 'S' },
      /--upn/,
    ],
    [
      '--disable-wam with a certificate',
      { disableWam: true, appId, organization: 'contoso.onmicrosoft.com', certificatePath: '/j.pfx' },
      /--disable-wam/,
    ],
    [
      '--disable-wam with an access token',
      { disableWam: true, appId, organization: 'contoso.onmicrosoft.com', clientSecretEnv: 'S' },
      /--disable-wam/,
    ],
    [
      '--certificate-password-env without a certificate',
      { userPrincipalName: 'a@contoso.com', certificatePasswordEnv: 'PW' },
      /--certificate-password-env/,
    ],
  ])('%s', (_name, input, flags) => {
    const error = refusal(input);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(flags);
  });
});
