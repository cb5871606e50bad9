/**
 * Delegated tokens: the cached account's tokens first (refreshed silently with its refresh token when the
 * access token has expired), and only then the device-code flow, which needs a person.
 */
import {
  type AccountInfo,
  type AuthenticationResult,
  ClientAuthError,
  InteractionRequiredAuthError,
  type DeviceCodeRequest as MsalDeviceCodeRequest,
  PublicClientApplication,
  ServerError,
} from '@azure/msal-node';
import { IppsConnectError } from '../errors.js';
import { exchangeModuleClientId } from './authority.js';
import { cacheOptions, type FlowContext } from './flow-context.js';
import type { DeviceCodeRequest } from './types.js';

export async function acquireDelegatedToken(
  request: DeviceCodeRequest,
  context: FlowContext,
): Promise<AuthenticationResult> {
  const app = new PublicClientApplication({
    auth: { clientId: request.clientId ?? exchangeModuleClientId, authority: context.authority },
    cache: cacheOptions(context),
    system: context.system,
  });
  const scopes = [request.scope];
  const account = pickAccount(await app.getTokenCache().getAllAccounts(), request);
  if (account) {
    try {
      return await app.acquireTokenSilent({ account, scopes });
    } catch (error) {
      if (!needsPerson(error)) throw error;
    }
  }
  return signInWithDeviceCode(app, request, scopes);
}

/** The one cached account this request can mean, or none (then the person picks in the browser). */
function pickAccount(accounts: readonly AccountInfo[], request: DeviceCodeRequest): AccountInfo | undefined {
  const user = request.userPrincipalName?.toLowerCase();
  const tenant = request.tenant.toLowerCase();
  const tenantIsId = /^[0-9a-f]{8}-/.test(tenant);
  const candidates = accounts.filter(
    (account) =>
      (user === undefined || account.username.toLowerCase() === user) &&
      (!tenantIsId || account.tenantId.toLowerCase() === tenant),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * Silent sign-in failed for want of a person (no or expired refresh token, MFA, consent), not of the
 * network. `invalid_grant` counts too: Entra ID sends it for a dead refresh token, and msal only calls that
 * "interaction required" when a sub-error came with it.
 */
function needsPerson(error: unknown): boolean {
  return (
    error instanceof InteractionRequiredAuthError ||
    (error instanceof ServerError && error.errorCode === 'invalid_grant') ||
    (error instanceof ClientAuthError && error.errorCode !== 'network_error')
  );
}

async function signInWithDeviceCode(
  app: PublicClientApplication,
  request: DeviceCodeRequest,
  scopes: string[],
): Promise<AuthenticationResult> {
  const { signal } = request;
  if (signal?.aborted) throw cancelled();
  const msalRequest: MsalDeviceCodeRequest = {
    scopes,
    deviceCodeCallback: (response) =>
      request.onDeviceCode({
        verificationUri: response.verificationUri,
        userCode: response.userCode,
        message: response.message,
        expiresOn: new Date(Date.now() + response.expiresIn * 1000),
      }),
  };
  const flow = app.acquireTokenByDeviceCode(msalRequest);
  if (!signal) return nonNull(await flow);
  return new Promise((resolve, reject) => {
    // msal stops polling at its next interval once `cancel` is set; the caller need not wait for that.
    const abort = () => {
      msalRequest.cancel = true;
      reject(cancelled());
    };
    signal.addEventListener('abort', abort, { once: true });
    flow
      .then(nonNull)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}

function nonNull(result: AuthenticationResult | null): AuthenticationResult {
  if (!result) throw new IppsConnectError('msal returned no token', { code: 'INTERNAL', fix: 'report this' });
  return result;
}

function cancelled(): IppsConnectError {
  return new IppsConnectError('Device-code sign-in was cancelled', {
    code: 'CANCELLED',
    fix: 'start the sign-in again',
  });
}
