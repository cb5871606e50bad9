import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/powershell/errors.js';
import * as validate from '../../src/powershell/validate.js';

function rejection(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('userPrincipalName', () => {
  it.each([
    'admin@contoso.onmicrosoft.com',
    "o'brien@contoso.com",
    'first.last+tag@sub.contoso.co.uk',
    'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    'a@xn--bcher-kva.example',
  ])('accepts %s', (value) => {
    expect(validate.userPrincipalName(value)).toBe(value);
  });

  it.each([
    ['admin', 'has no @'],
    ['@contoso.com', 'before the @'],
    ['admin@', 'domain after the @'],
    ['ad min@contoso.com', 'before the @'],
    ['.admin@contoso.com', 'before the @'],
    ['ad..min@contoso.com', 'before the @'],
    ['admin.@contoso.com', 'before the @'],
    ['admin@contoso', 'domain after the @'],
    ['admin@contoso.com ', 'domain after the @'],
    ['a@b@contoso.com', 'before the @'],
    ['j\u00F6rg@contoso.com', 'before the @'],
    [`${'a'.repeat(65)}@contoso.com`, 'before the @'],
    ["x'; calc; '@contoso.com", 'before the @'],
  ])('rejects %j (%s)', (value, problem) => {
    const error = rejection(() => validate.userPrincipalName(value));
    expect(error.field).toBe('UserPrincipalName');
    expect(error.message).toContain(problem);
    expect(error.message).toMatch(/^Invalid UserPrincipalName: .* Fix: /);
  });

  it('names the field it was given', () => {
    expect(rejection(() => validate.userPrincipalName('x', 'upn')).message).toMatch(/^Invalid upn:/);
  });

  it('rejects non-strings from JavaScript callers', () => {
    expect(rejection(() => validate.userPrincipalName(42 as unknown as string)).message).toContain('got number');
  });
});

describe('domain and organization', () => {
  it.each(['contoso.com', 'contoso.onmicrosoft.com', 'a-b.c-d.example', 'xn--bcher-kva.xn--p1ai'])(
    'domain accepts %s',
    (value) => {
      expect(validate.domain(value)).toBe(value);
    },
  );

  it.each([
    'contoso',
    '-contoso.com',
    'contoso-.com',
    'contoso..com',
    'https://contoso.com',
    'contoso.com/',
    'contoso.c',
    'a.123',
    `${'a'.repeat(64)}.com`,
    '',
  ])('domain rejects %j', (value) => {
    expect(rejection(() => validate.domain(value)).field).toBe('Domain');
  });

  it.each(['contoso.onmicrosoft.com', 'Contoso.OnMicrosoft.com'])('organization accepts %s', (value) => {
    expect(validate.organization(value)).toBe(value);
  });

  it.each([
    ['contoso.com', 'initial *.onmicrosoft.com'],
    ['contoso.mail.onmicrosoft.com', 'initial *.onmicrosoft.com'],
    ['onmicrosoft.com', 'initial *.onmicrosoft.com'],
    ['contoso', 'not a domain name'],
  ])('organization rejects %j', (value, problem) => {
    const error = rejection(() => validate.organization(value));
    expect(error.field).toBe('Organization');
    expect(error.message).toContain(problem);
  });
});

describe('guid', () => {
  it.each(['fb78d390-0c51-40cd-8e17-fdbfab77341b', 'FB78D390-0C51-40CD-8E17-FDBFAB77341B'])('accepts %s', (value) => {
    expect(validate.guid(value)).toBe(value);
  });

  it.each([
    '{fb78d390-0c51-40cd-8e17-fdbfab77341b}',
    'fb78d3900c5140cd8e17fdbfab77341b',
    'fb78d390-0c51-40cd-8e17-fdbfab77341',
    'g'.repeat(36),
  ])('rejects %j', (value) => {
    expect(rejection(() => validate.guid(value)).field).toBe('AppId');
  });
});

describe('httpsUri', () => {
  const endpoint = 'https://ps.compliance.protection.outlook.com/powershell-liveid/';

  it('returns the canonical form', () => {
    expect(validate.httpsUri(endpoint)).toBe(endpoint);
    expect(validate.httpsUri('HTTPS://PS.Compliance.Protection.Outlook.DE/PowerShell-LiveID')).toBe(
      'https://ps.compliance.protection.outlook.de/PowerShell-LiveID',
    );
    expect(validate.httpsUri('https://login.microsoftonline.us')).toBe('https://login.microsoftonline.us/');
    expect(validate.httpsUri(`${endpoint}?DelegatedOrg=contoso.onmicrosoft.com`)).toContain('?DelegatedOrg=');
  });

  it.each([
    ['http://ps.compliance.protection.outlook.com/', 'does not start with https://'],
    ['ps.compliance.protection.outlook.com', 'does not start with https://'],
    ['https:ps.compliance.protection.outlook.com', 'does not start with https://'],
    ['https://', 'not a valid URI'],
    ['https://exa mple.com/', 'spaces or control characters'],
    ['https://example.com/\npath', 'spaces or control characters'],
    [' https://example.com/', 'spaces or control characters'],
    ['https://user:pw@example.com/', 'user name or password'],
  ])('rejects %j (%s)', (value, problem) => {
    const error = rejection(() => validate.httpsUri(value));
    expect(error.field).toBe('ConnectionUri');
    expect(error.message).toContain(problem);
  });

  it('enforces an allow-list of hosts unless told to allow any host', () => {
    const allowedHosts = ['ps.compliance.protection.outlook.com', 'PS.Compliance.Protection.Office365.us'];
    expect(validate.httpsUri(endpoint, 'ConnectionUri', { allowedHosts })).toBe(endpoint);
    expect(
      validate.httpsUri('https://ps.compliance.protection.office365.us/x', 'ConnectionUri', { allowedHosts }),
    ).toBe('https://ps.compliance.protection.office365.us/x');
    const error = rejection(() =>
      validate.httpsUri('https://evil.example/powershell-liveid/', 'AzureADAuthorizationEndpointUri', { allowedHosts }),
    );
    expect(error.field).toBe('AzureADAuthorizationEndpointUri');
    expect(error.message).toContain('"evil.example" is not a known endpoint');
    expect(validate.httpsUri('https://evil.example/x', 'ConnectionUri', { allowedHosts, allowAnyHost: true })).toBe(
      'https://evil.example/x',
    );
  });
});

describe('prefix', () => {
  // The module's rules (exo-real-interface §2.1): ^[a-z0-9]+$ in any case, digits first allowed, EXO reserved.
  it.each(['a', 'Cc1', '1EXO', '365', `A${'b'.repeat(31)}`])('accepts %s', (value) => {
    expect(validate.prefix(value)).toBe(value);
  });

  it.each(['', 'EXO', 'exo', 'Exo', 'EX-O', 'EX O', 'E_X', 'É', `A${'b'.repeat(32)}`])('rejects %j', (value) => {
    expect(rejection(() => validate.prefix(value)).field).toBe('Prefix');
  });

  it('accepts EXO for the retired V1 flow only (allowReserved)', () => {
    expect(validate.prefix('EXO', 'Prefix', { allowReserved: true })).toBe('EXO');
  });
});

describe('thumbprint', () => {
  const hex = '0123456789abcdef0123456789ABCDEF01234567';

  it('accepts 40 hex digits and returns them in upper case', () => {
    expect(validate.thumbprint(hex)).toBe(hex.toUpperCase());
  });

  it('removes the spaces, colons and invisible marks that copying from the certificate dialog adds', () => {
    const copied = `\u200E${hex.match(/../g)!.join(' ')}`;
    expect(validate.thumbprint(copied)).toBe(hex.toUpperCase());
    expect(validate.thumbprint(hex.match(/../g)!.join(':'))).toBe(hex.toUpperCase());
  });

  it.each([
    [hex.slice(1), 'not 40 hexadecimal digits'],
    [`${hex}0`, 'not 40 hexadecimal digits'],
    [hex.replace('a', 'g'), 'not 40 hexadecimal digits'],
    ['ab'.repeat(32), 'SHA-256'],
  ])('rejects %j (%s)', (value, problem) => {
    const error = rejection(() => validate.thumbprint(value));
    expect(error.field).toBe('CertificateThumbprint');
    expect(error.message).toContain(problem);
  });
});

describe('cmdletName', () => {
  it.each([
    'Get-ComplianceSearch',
    'New-DlpSensitiveInformationType',
    '*-ComplianceSearch*',
    'Get-*',
    '*',
    '*Label*',
    'Get-O365Thing',
  ])('accepts %s', (value) => {
    expect(validate.cmdletName(value)).toBe(value);
  });

  it.each([
    '',
    'GetLabel',
    'Get-',
    '-Label',
    'Get-Label-Policy',
    'Get Label',
    'Get-Label;calc',
    'Get-Label?',
    '1-2x'.repeat(40),
  ])('rejects %j', (value) => {
    expect(rejection(() => validate.cmdletName(value)).field).toBe('CommandName');
  });
});
