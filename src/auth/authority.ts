/**
 * Pure: where Entra ID signs in for each cloud, and which token scope each service accepts for
 * -AccessToken. Scopes come from the cloud table (clouds.ts); only the sign-in hosts live here.
 */
import { type CloudName, clouds } from '../clouds.js';
import { authInputError } from './errors.js';

export type TokenService = 'ipps' | 'exo';

/**
 * The public client id of the ExchangeOnlineManagement module (exo-facts §3), used for delegated
 * (device-code) tokens when the caller has no app registration of its own. The old `a0c73c16-…` id
 * stopped working in 2024.
 */
export const exchangeModuleClientId = 'fb78d390-0c51-40cd-8e17-fdbfab77341b';

/** Entra ID sign-in host per cloud. GCC signs in with the commercial host, DoD with the GCC High one. */
const authorityHosts: Readonly<Record<CloudName, string>> = {
  commercial: 'https://login.microsoftonline.com',
  gcc: 'https://login.microsoftonline.com',
  gcchigh: 'https://login.microsoftonline.us',
  dod: 'https://login.microsoftonline.us',
  china: 'https://login.chinacloudapi.cn',
  // Closed in 2021 (see the cloud's warning); kept so every cloud has an answer.
  germany: 'https://login.microsoftonline.de',
};

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** `https://login.microsoftonline.com` and its peers: the authority without a tenant. */
export function authorityHostFor(cloud: CloudName): string {
  return authorityHosts[cloud];
}

/** The authority msal signs in against, e.g. `https://login.microsoftonline.us/contoso.onmicrosoft.com`. */
export function authorityFor(cloud: CloudName, tenant: string): string {
  return tenantAuthority(authorityHostFor(cloud), tenant);
}

/** The `.default` scope of Security & Compliance (`ipps`) or Exchange Online (`exo`) in that cloud. */
export function scopeFor(cloud: CloudName, service: TokenService): string {
  return service === 'ipps' ? clouds[cloud].ippsTokenScope : clouds[cloud].exoTokenScope;
}

/**
 * Joins an authority host and a tenant, checking both: an https origin without path, and a tenant
 * id (GUID), a domain, or `organizations` when `allowOrganizations` (delegated sign-in only: app-only
 * tokens must name the tenant).
 */
export function tenantAuthority(authorityHost: string, tenant: string, allowOrganizations = false): string {
  let url: URL | undefined;
  try {
    url = new URL(authorityHost);
  } catch {}
  if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw authInputError('authorityHost', 'is not an https origin', 'pass e.g. https://login.microsoftonline.com');
  }
  const organizations = allowOrganizations && tenant === 'organizations';
  if (!organizations && !GUID.test(tenant) && !DOMAIN.test(tenant)) {
    throw authInputError(
      'tenant',
      'is not a tenant id or domain',
      allowOrganizations
        ? 'pass the tenant id (GUID), its domain (contoso.onmicrosoft.com), or organizations'
        : 'pass the tenant id (GUID) or its domain (contoso.onmicrosoft.com)',
    );
  }
  return `${url.origin}/${tenant}`;
}
