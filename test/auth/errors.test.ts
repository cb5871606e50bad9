import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acquireAccessToken, type ClientSecretRequest, memoryCachePlugin } from '../../src/auth/index.js';
import { type FailureCode, IppsConnectError } from '../../src/errors.js';
import { aadError, FakeIdentityProvider, fakeJwt, type Reply } from './helpers/fake-identity-provider.js';

const SECRET = 'Qq7~another.fake-secret_for-error-tests~0123456789';
const request: ClientSecretRequest = {
  kind: 'client-secret',
  tenant: 'contoso.onmicrosoft.com',
  clientId: '3f6c1c44-8a2b-4c55-9d1e-0123456789ab',
  secretEnv: 'TEST_IPPS_SECRET',
  scope: 'https://ps.compliance.protection.outlook.com/.default',
  authorityHost: 'https://login.microsoftonline.com',
};

async function failWith(configure: (idp: FakeIdentityProvider) => void): Promise<IppsConnectError> {
  const idp = new FakeIdentityProvider();
  configure(idp);
  const deps = { env: { TEST_IPPS_SECRET: SECRET }, networkClient: idp, cachePlugin: memoryCachePlugin() };
  const error = await acquireAccessToken(request, deps).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IppsConnectError);
  return error as IppsConnectError;
}

/** Everything an error carries, as a log or a crash report would print it. */
function everything(error: IppsConnectError): string {
  return `${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}\n${error.stack}`;
}

const replies: [number, string, FailureCode][] = [
  [
    7000215,
    'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    'INVALID_CLIENT_SECRET',
  ],
  [7000222, 'The provided client secret keys for app are expired.', 'INVALID_CLIENT_SECRET'],
  [700016, "Application with identifier '3f6c1c44' was not found in the directory 'contoso'.", 'APP_NOT_FOUND'],
  [90002, "Tenant 'contoso.onmicrosoft.com' not found.", 'APP_NOT_FOUND'],
  [700027, 'Client assertion failed signature validation.', 'CERTIFICATE_REJECTED'],
  [65001, 'The user or administrator has not consented to use the application.', 'CONSENT_REQUIRED'],
  [
    50076,
    'Due to a configuration change made by your administrator, you must use multi-factor authentication.',
    'MFA_REQUIRED',
  ],
  [
    50079,
    'Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.',
    'MFA_REQUIRED',
  ],
  [50158, 'External security challenge not satisfied.', 'MFA_REQUIRED'],
  [53003, 'Access has been blocked by Conditional Access policies.', 'CONDITIONAL_ACCESS_BLOCKED'],
];

describe('Entra ID errors', () => {
  it.each(replies)('AADSTS%i becomes its code', async (number, text, code) => {
    const error = await failWith((idp) => {
      idp.onToken = () => aadError(401, 'invalid_client', number, text);
    });
    expect(error.code).toBe(code);
    expect(error.message).toBe(`Sign-in failed: AADSTS${number}: ${text}`);
    expect(error.fix.length).toBeGreaterThan(10);
    expect(error.retryable).toBe(false);
  });

  it('keeps no secret, token or key when the service echoes the request', async () => {
    const assertion = fakeJwt({ aud: 'x', iss: 'y' });
    const echo = `client_secret=${SECRET}&client_assertion=${assertion}`;
    const error = await failWith((idp) => {
      idp.onToken = () => {
        const reply = aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Request: ${echo}`);
        return { ...reply, body: { ...(reply.body as object), access_token: fakeJwt({ leaked: true }) } } as Reply;
      };
    });
    expect(error.code).toBe('INVALID_CLIENT_SECRET');
    const text = everything(error);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(assertion);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
    expect(text).toContain('[redacted]');
    // The cause is a sanitized copy, not msal's error object.
    expect((error.cause as Error & { errorCode: string }).errorCode).toBe('invalid_client');
  });

  it('treats a 5xx answer as retryable', async () => {
    const error = await failWith((idp) => {
      idp.onToken = () => ({
        status: 503,
        body: { error: 'temporarily_unavailable', error_description: 'Service busy' },
      });
    });
    expect(error.code).toBe('UNKNOWN');
    expect(error.retryable).toBe(true);
  });
});

describe('network failures', () => {
  const socketError = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} happened`), { code }) });

  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_HAS_EXPIRED',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'EPROTO',
  ])('%s is a TLS_ERROR naming the host', async (code) => {
    const error = await failWith((idp) => {
      idp.failNextWith = socketError(code);
    });
    expect(error.code).toBe('TLS_ERROR');
    expect(error.message).toBe(`TLS to login.microsoftonline.com failed (${code})`);
    expect(error.fix).toContain('NODE_EXTRA_CA_CERTS');
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN'])('%s is a retryable UNKNOWN', async (code) => {
    const error = await failWith((idp) => {
      idp.failNextWith = socketError(code);
    });
    expect(error.code).toBe('UNKNOWN');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`No answer from login.microsoftonline.com (${code})`);
  });

  it('a request timeout is a retryable TIMEOUT', async () => {
    const error = await failWith((idp) => {
      idp.failNextWith = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    });
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
  });
});
