import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AcquireDependencies,
  acquireAccessToken,
  type DeviceCodePrompt,
  type DeviceCodeRequest,
  exchangeModuleClientId,
  memoryCachePlugin,
} from '../../src/auth/index.js';
import { IppsConnectError } from '../../src/errors.js';
import { aadError, FakeIdentityProvider, TENANT_ID, USER_NAME } from './helpers/fake-identity-provider.js';

const IPPS_SCOPE = 'https://ps.compliance.protection.outlook.com/.default';

function setup() {
  const idp = new FakeIdentityProvider();
  const prompts: DeviceCodePrompt[] = [];
  const deps: AcquireDependencies = { env: {}, networkClient: idp, cachePlugin: memoryCachePlugin() };
  const request: DeviceCodeRequest = {
    kind: 'device-code',
    tenant: 'contoso.onmicrosoft.com',
    scope: IPPS_SCOPE,
    authorityHost: 'https://login.microsoftonline.com',
    onDeviceCode: (prompt) => prompts.push(prompt),
  };
  return { idp, prompts, deps, request };
}

async function failure(promise: Promise<unknown>): Promise<IppsConnectError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IppsConnectError);
  return error as IppsConnectError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('device code', () => {
  it('shows the code, polls until the person signed in, and returns their token', async () => {
    const { idp, prompts, deps, request } = setup();
    const token = await acquireAccessToken(request, deps);

    const [deviceCode] = idp.deviceCodeRequests();
    expect(deviceCode!.url.pathname).toBe('/contoso.onmicrosoft.com/oauth2/v2.0/devicecode');
    expect(deviceCode!.form.get('client_id')).toBe(exchangeModuleClientId);
    expect(deviceCode!.form.get('scope')!.split(' ')).toEqual(expect.arrayContaining([IPPS_SCOPE, 'offline_access']));

    expect(prompts).toEqual([
      expect.objectContaining({ verificationUri: 'https://microsoft.com/devicelogin', userCode: 'FAKE12345' }),
    ]);
    expect(prompts[0]!.message).toContain('FAKE12345');
    expect(prompts[0]!.expiresOn.getTime()).toBeGreaterThan(Date.now() + 800_000);

    const polls = idp.tokenRequests('device_code');
    expect(polls).toHaveLength(2); // one authorization_pending, then the token
    expect(polls[1]!.form.get('client_id')).toBe(exchangeModuleClientId);
    expect(token.accessToken).toBe(idp.issuedAccessTokens[0]);
    expect(token.account).toBe(USER_NAME);
  });

  it('uses the cached account’s token next time, without a prompt or a request', async () => {
    const { idp, prompts, deps, request } = setup();
    const first = await acquireAccessToken(request, deps);
    const requestsSoFar = idp.requests.length;
    const second = await acquireAccessToken(request, deps);
    expect(second.accessToken).toBe(first.accessToken);
    expect(idp.requests).toHaveLength(requestsSoFar);
    expect(prompts).toHaveLength(1);
  });

  it('refreshes an expired token with the refresh token, silently', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { idp, prompts, deps, request } = setup();
    const first = await acquireAccessToken(request, { ...deps });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const second = await acquireAccessToken(request, deps);

    expect(second.accessToken).not.toBe(first.accessToken);
    const [refresh] = idp.tokenRequests('refresh_token');
    expect(refresh!.form.get('refresh_token')).toBe('refresh-token-1');
    expect(refresh!.form.get('client_id')).toBe(exchangeModuleClientId);
    expect(prompts).toHaveLength(1);
  });

  it.each([
    ['with', 'bad_token'],
    ['without', undefined],
  ])('falls back to a new device code when the refresh token is refused (%s a sub-error)', async (_, suberror) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { idp, prompts, deps, request } = setup();
    await acquireAccessToken(request, deps);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    idp.onToken = (form) => {
      if (form.get('grant_type') !== 'refresh_token') return undefined;
      const reply = aadError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
      return { ...reply, body: { ...(reply.body as object), ...(suberror ? { suberror } : {}) } };
    };
    const token = await acquireAccessToken(request, deps);
    expect(token.account).toBe(USER_NAME);
    expect(idp.tokenRequests('refresh_token')).toHaveLength(1);
    expect(prompts).toHaveLength(2);
  });

  it('does not ask a person when the refresh failed for want of a network', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { idp, prompts, deps, request } = setup();
    await acquireAccessToken(request, deps);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    idp.failNextWith = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const error = await failure(acquireAccessToken(request, deps));
    expect(error.code).toBe('UNKNOWN');
    expect(error.retryable).toBe(true);
    expect(prompts).toHaveLength(1);
  });

  it('picks the cached account by user name, and matches a tenant id', async () => {
    const { idp, prompts, deps, request } = setup();
    await acquireAccessToken(request, deps);
    const before = idp.requests.length;
    await acquireAccessToken({ ...request, userPrincipalName: USER_NAME.toUpperCase() }, deps);
    expect(idp.requests).toHaveLength(before);
    expect(prompts).toHaveLength(1);
    // Another user: not this account, so a new sign-in.
    await acquireAccessToken({ ...request, userPrincipalName: 'someone@contoso.onmicrosoft.com' }, deps);
    expect(prompts).toHaveLength(2);
    // The tenant by id finds the account too (no new prompt).
    await acquireAccessToken({ ...request, tenant: TENANT_ID, userPrincipalName: USER_NAME }, deps);
    expect(prompts).toHaveLength(2);
  });

  it('sends a custom client id, and signs in with `organizations`', async () => {
    const { idp, deps, request } = setup();
    const clientId = '0f0f0f0f-1111-4222-8333-444455556666';
    await acquireAccessToken({ ...request, clientId, tenant: 'organizations' }, deps);
    const [deviceCode] = idp.deviceCodeRequests();
    expect(deviceCode!.form.get('client_id')).toBe(clientId);
    expect(deviceCode!.url.pathname).toBe('/organizations/oauth2/v2.0/devicecode');
  });

  it('stops waiting when the signal aborts (CANCELLED)', async () => {
    const { idp, deps, request } = setup();
    idp.pendingPolls = Number.POSITIVE_INFINITY;
    const controller = new AbortController();
    const pending = acquireAccessToken(
      { ...request, signal: controller.signal, onDeviceCode: () => setTimeout(() => controller.abort(), 20) },
      deps,
    );
    const error = await failure(pending);
    expect(error.code).toBe('CANCELLED');
  });

  it('reports a declined sign-in as CANCELLED and an expired code as TIMEOUT', async () => {
    const declined = setup();
    declined.idp.onToken = () => ({
      status: 400,
      body: { error: 'authorization_declined', error_description: 'declined' },
    });
    expect((await failure(acquireAccessToken(declined.request, declined.deps))).code).toBe('CANCELLED');

    const expired = setup();
    expired.idp.onToken = () => ({ status: 400, body: { error: 'expired_token', error_description: 'expired' } });
    const error = await failure(acquireAccessToken(expired.request, expired.deps));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
  });

  it('maps an Entra ID refusal during polling by its AADSTS number', async () => {
    const { idp, deps, request } = setup();
    idp.onToken = () =>
      aadError(400, 'invalid_grant', 53003, 'Access has been blocked by Conditional Access policies.');
    const error = await failure(acquireAccessToken(request, deps));
    expect(error.code).toBe('CONDITIONAL_ACCESS_BLOCKED');
    expect(error.message).toContain('AADSTS53003: Access has been blocked by Conditional Access policies.');
  });
});
