import { describe, expect, it } from 'vitest';
import { IppsConnectError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';

const attended = { platform: 'posix', interactiveTerminal: true } as const;
const unattended = { platform: 'posix', interactiveTerminal: false } as const;

function invalid(input: unknown, context: Parameters<typeof resolveOptions>[1] = attended): IppsConnectError {
  try {
    resolveOptions(input, context);
  } catch (error) {
    expect(error).toBeInstanceOf(IppsConnectError);
    return error as IppsConnectError;
  }
  throw new Error('expected resolveOptions to throw');
}

describe('resolveOptions', () => {
  it('defaults to the commercial cloud and interactive sign-in', () => {
    const resolved = resolveOptions({ userPrincipalName: 'chris@contoso.com' }, attended);
    expect(resolved.cloud).toBe('commercial');
    expect(resolved.signIn).toEqual({ kind: 'interactive', userPrincipalName: 'chris@contoso.com', disableWam: false });
    expect(resolved.unattended).toBe(false);
    expect(resolved.timeouts.connectMs).toBe(300_000);
  });

  it('names the field and the fix for a bad UPN', () => {
    const error = invalid({ userPrincipalName: "x'; Remove-Item -Recurse ~; '" });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('userPrincipalName');
    expect(error.fix).not.toBe('');
  });

  it('rejects unknown option names', () => {
    const error = invalid({ userPrincipalname: 'chris@contoso.com' });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/userPrincipalname/);
  });

  it('refuses interactive sign-in when nobody is there to sign in', () => {
    const error = invalid({ userPrincipalName: 'chris@contoso.com' }, unattended);
    expect(error.field).toBe('userPrincipalName');
    expect(error.fix).toMatch(/app-only/);
  });

  it('refuses the Windows certificate store elsewhere, before anything runs', () => {
    const error = invalid({
      appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      organization: 'contoso.onmicrosoft.com',
      certificateThumbprint: 'A'.repeat(40),
    });
    expect(error.field).toBe('certificateThumbprint');
    expect(error.fix).toMatch(/--certificate-path/);
  });

  it('accepts the certificate store on Windows', () => {
    const resolved = resolveOptions(
      {
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        organization: 'contoso.onmicrosoft.com',
        certificateThumbprint: 'ab'.repeat(20),
      },
      { platform: 'windows', interactiveTerminal: false },
    );
    expect(resolved.signIn).toMatchObject({ kind: 'certificate-thumbprint', thumbprint: 'AB'.repeat(20) });
    expect(resolved.timeouts.connectMs).toBe(120_000);
  });

  it('needs --organization as the initial onmicrosoft.com domain for app-only sign-in', () => {
    const error = invalid({
      appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      organization: 'contoso.com',
      certificatePath: '/c.pfx',
    });
    expect(error.field).toBe('organization');
  });

  it('rejects a connection URI on an unknown host unless allowed', () => {
    expect(invalid({ connectionUri: 'https://evil.example.com/powershell-liveid/' }).field).toBe('connectionUri');
    const resolved = resolveOptions(
      { connectionUri: 'https://proxy.example.com/powershell-liveid/', allowAnyHost: true },
      attended,
    );
    expect(resolved.connectionUri).toBe('https://proxy.example.com/powershell-liveid/');
  });

  it('rejects a prefix that is not letters and digits', () => {
    expect(invalid({ exoPrefix: 'EXO; calc' }).field).toBe('exoPrefix');
  });

  it('warns that the Germany cloud closed', () => {
    expect(resolveOptions({ cloud: 'germany' }, attended).warnings[0]).toMatch(/closed/);
  });

  it('rejects a password variable name that is not a variable name', () => {
    const error = invalid({
      appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      organization: 'contoso.onmicrosoft.com',
      certificatePath: '/c.pfx',
      certificatePasswordEnv: 'X; Remove-Item',
    });
    expect(error.field).toBe('certificatePasswordEnv');
  });
});
