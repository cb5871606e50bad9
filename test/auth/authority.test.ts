import { describe, expect, it } from 'vitest';
import { tenantAuthority } from '../../src/auth/authority.js';
import { authorityFor, authorityHostFor, scopeFor } from '../../src/auth/index.js';
import { cloudNames, clouds } from '../../src/clouds.js';
import { IppsConnectError } from '../../src/errors.js';

describe('authorityFor', () => {
  it.each([
    ['commercial', 'https://login.microsoftonline.com/contoso.onmicrosoft.com'],
    ['gcc', 'https://login.microsoftonline.com/contoso.onmicrosoft.com'],
    ['gcchigh', 'https://login.microsoftonline.us/contoso.onmicrosoft.com'],
    ['dod', 'https://login.microsoftonline.us/contoso.onmicrosoft.com'],
    ['china', 'https://login.chinacloudapi.cn/contoso.onmicrosoft.com'],
  ] as const)('%s → %s', (cloud, expected) => {
    expect(authorityFor(cloud, 'contoso.onmicrosoft.com')).toBe(expected);
  });

  it('agrees with the host of the cloud table’s -AzureADAuthorizationEndpointUri where it has one', () => {
    for (const cloud of cloudNames) {
      const endpoint = clouds[cloud].ippsAuthority;
      if (endpoint) expect(authorityHostFor(cloud)).toBe(new URL(endpoint).origin);
    }
  });

  it('takes a tenant id or domain, and `organizations` only where allowed', () => {
    expect(authorityFor('commercial', '72F988BF-0000-4000-8000-00000000C0DE')).toBe(
      'https://login.microsoftonline.com/72F988BF-0000-4000-8000-00000000C0DE',
    );
    expect(tenantAuthority('https://login.microsoftonline.com', 'organizations', true)).toBe(
      'https://login.microsoftonline.com/organizations',
    );
    for (const tenant of ['organizations', 'common', '', 'contoso', 'a/b.com', 'contoso.com/../x']) {
      expect(() => authorityFor('commercial', tenant)).toThrow(IppsConnectError);
    }
  });

  it('wants an https origin as the host', () => {
    for (const host of [
      'http://login.microsoftonline.com',
      'https://login.microsoftonline.com/tenant',
      'login.microsoftonline.com',
    ]) {
      expect(() => tenantAuthority(host, 'contoso.onmicrosoft.com')).toThrow(/authorityHost/);
    }
    expect(tenantAuthority('https://login.microsoftonline.com/', 'contoso.onmicrosoft.com')).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com',
    );
  });
});

describe('scopeFor', () => {
  it('reads the cloud table for each service', () => {
    for (const cloud of cloudNames) {
      expect(scopeFor(cloud, 'ipps')).toBe(clouds[cloud].ippsTokenScope);
      expect(scopeFor(cloud, 'exo')).toBe(clouds[cloud].exoTokenScope);
      expect(scopeFor(cloud, 'ipps')).toMatch(/^https:\/\/\S+\/\.default$/);
    }
    expect(scopeFor('gcchigh', 'ipps')).toBe('https://ps.compliance.protection.office365.us/.default');
    expect(scopeFor('dod', 'exo')).toBe('https://outlook-dod.office365.us/.default');
  });
});
