/**
 * acquireAccessToken: the one entry point. Checks the request, wires msal to the cache, the network and the
 * logger, runs the flow for the request's kind, and turns every failure into an IppsConnectError.
 */
import { homedir } from 'node:os';
import type { AuthenticationResult, ICachePlugin } from '@azure/msal-node';
import { IppsConnectError } from '../errors.js';
import { currentPlatform } from '../platform/index.js';
import { tenantAuthority } from './authority.js';
import { defaultCachePath } from './cache-path.js';
import { fileCachePlugin } from './cache-plugin.js';
import { acquireAppToken } from './client-credentials.js';
import { acquireDelegatedToken } from './device-code.js';
import { authInputError, toAuthFailure } from './errors.js';
import type { FlowContext } from './flow-context.js';
import { loggerOptions } from './logger.js';
import { fetchNetworkClient, type NetworkObservations, observeNetwork } from './network.js';
import type { AccessToken, AcquireDependencies, TokenRequest } from './types.js';

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
// App-only (client credentials) tokens can only be asked for as `<resource>/.default`.
const DEFAULT_SCOPE = /^\S+\/\.default$/;

/**
 * An access token for `request.scope`, from the cache when one is still valid (msal renews five minutes
 * before expiry), else from Entra ID.
 * @throws IppsConnectError with a code of exo-facts §5 (INVALID_CLIENT_SECRET, CERTIFICATE_REJECTED, …),
 *   INVALID_INPUT for a bad request, TLS_ERROR / TIMEOUT / UNKNOWN (retryable) for network failures.
 */
export async function acquireAccessToken(request: TokenRequest, deps: AcquireDependencies = {}): Promise<AccessToken> {
  checkRequest(request);
  const authority = tenantAuthority(request.authorityHost, request.tenant, request.kind === 'device-code');
  const observations: NetworkObservations = {};
  const secrets: string[] = [];
  const context: FlowContext = {
    authority,
    env: deps.env ?? process.env,
    cachePlugin: deps.cachePlugin === undefined ? defaultCachePlugin() : (deps.cachePlugin ?? undefined),
    system: {
      networkClient: observeNetwork(deps.networkClient ?? fetchNetworkClient(), observations),
      loggerOptions: loggerOptions(deps.log, secrets),
    },
    secrets,
  };
  try {
    const result =
      request.kind === 'device-code'
        ? await acquireDelegatedToken(request, context)
        : await acquireAppToken(request, context);
    return toAccessToken(result);
  } catch (error) {
    throw toAuthFailure(error, { observations, secrets });
  }
}

const requestKinds: readonly string[] = [
  'client-certificate',
  'client-secret',
  'device-code',
] satisfies TokenRequest['kind'][];

function checkRequest(request: TokenRequest): void {
  if (!requestKinds.includes(request.kind)) {
    throw authInputError('kind', 'is not a sign-in kind', `pass one of ${requestKinds.join(', ')}`);
  }
  const appOnly = request.kind !== 'device-code';
  // Device code may leave it out (the module's public client); app-only sign-in is the app's own.
  if ((appOnly || request.clientId !== undefined) && !GUID.test(request.clientId ?? '')) {
    throw authInputError('clientId', 'is not a GUID', 'pass the application (client) id of the app registration');
  }
  if (typeof request.scope !== 'string' || !(appOnly ? DEFAULT_SCOPE : /^\S+$/).test(request.scope)) {
    throw authInputError(
      'scope',
      appOnly ? 'must be one <resource>/.default scope' : 'must be one scope',
      'use scopeFor(cloud, service)',
    );
  }
}

function defaultCachePlugin(): ICachePlugin {
  const platform = currentPlatform().name;
  return fileCachePlugin(defaultCachePath({ platform, env: process.env, homeDirectory: homedir() }), { platform });
}

function toAccessToken(result: AuthenticationResult): AccessToken {
  if (!result.accessToken || !result.expiresOn) {
    throw new IppsConnectError('Entra ID answered without an access token', { code: 'INTERNAL', fix: 'report this' });
  }
  return {
    accessToken: result.accessToken,
    expiresOn: result.expiresOn,
    scope: result.scopes.join(' '),
    ...(result.account?.username ? { account: result.account.username } : {}),
  };
}
