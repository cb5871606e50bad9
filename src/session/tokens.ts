import type { AcquireDependencies, TokenRequest } from '../auth/index.js';
import { accessTokenVariables } from '../command.js';
import type { ResolvedOptions, TokenSource } from '../options.js';
import type { SessionEvent } from './events.js';

export interface TokenHooks {
  onEvent?: (event: SessionEvent) => void;
  signal?: AbortSignal;
  env?: Readonly<Record<string, string | undefined>>;
  /** Injected by tests (a fake identity provider); the real network and token cache otherwise. */
  tokenDependencies?: AcquireDependencies;
}

/** Access tokens acquired for a session, as the environment of the PowerShell process carries them. */
export interface SessionTokens {
  environment: Record<string, string>;
  /** The token values, for redaction. */
  values: string[];
}

/**
 * Acquires the tokens an access-token sign-in needs, before PowerShell starts: one for Security &
 * Compliance and, with Exchange Online, one for its audience. Undefined for other sign-ins.
 */
export async function acquireSessionTokens(
  options: ResolvedOptions,
  hooks: TokenHooks,
): Promise<SessionTokens | undefined> {
  const signIn = options.signIn;
  if (signIn.kind !== 'access-token') return undefined;
  // The sign-in library (@azure/msal-node) is loaded only by the sign-ins that use it.
  const { acquireAccessToken, authorityHostFor, scopeFor } = await import('../auth/index.js');
  const services = options.exo ? (['ipps', 'exo'] as const) : (['ipps'] as const);
  const tokens: SessionTokens = { environment: {}, values: [] };
  for (const service of services) {
    const request = tokenRequest(
      signIn.source,
      {
        tenant: signIn.organization,
        scope: scopeFor(options.cloud, service),
        authorityHost: authorityHostFor(options.cloud),
      },
      hooks,
    );
    const { accessToken } = await acquireAccessToken(request, {
      ...hooks.tokenDependencies,
      ...(hooks.env ? { env: hooks.env } : {}),
    });
    tokens.environment[accessTokenVariables[service]] = accessToken;
    tokens.values.push(accessToken);
  }
  return tokens;
}

function tokenRequest(
  source: TokenSource,
  base: { tenant: string; scope: string; authorityHost: string },
  hooks: TokenHooks,
): TokenRequest {
  switch (source.kind) {
    case 'client-secret':
      return { kind: 'client-secret', ...base, clientId: source.appId, secretEnv: source.secretEnv };
    case 'client-certificate':
      return {
        kind: 'client-certificate',
        ...base,
        clientId: source.appId,
        certificate: { pemPath: source.pemPath, ...(source.passwordEnv ? { passwordEnv: source.passwordEnv } : {}) },
      };
    case 'device-code':
      return {
        kind: 'device-code',
        ...base,
        ...(source.appId ? { clientId: source.appId } : {}),
        ...(source.userPrincipalName ? { userPrincipalName: source.userPrincipalName } : {}),
        onDeviceCode: (prompt) =>
          hooks.onEvent?.({ type: 'device-code', url: prompt.verificationUri, code: prompt.userCode }),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      };
  }
}
