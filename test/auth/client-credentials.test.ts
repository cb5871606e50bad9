import { constants, createHash, verify } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AcquireDependencies,
  acquireAccessToken,
  type ClientCertificateRequest,
  type ClientSecretRequest,
  fileCachePlugin,
  memoryCachePlugin,
} from '../../src/auth/index.js';
import { IppsConnectError } from '../../src/errors.js';
import { FakeIdentityProvider } from './helpers/fake-identity-provider.js';
import { createTestCertificate, type TestCertificate } from './helpers/test-certificate.js';

const CLIENT_ID = '3f6c1c44-8a2b-4c55-9d1e-0123456789ab';
const SECRET = 'Xy8Q~fake.client-secret_value~1234567890abcd';
const IPPS_SCOPE = 'https://ps.compliance.protection.outlook.com/.default';
const TOKEN_ENDPOINT = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';

const secretRequest: ClientSecretRequest = {
  kind: 'client-secret',
  tenant: 'contoso.onmicrosoft.com',
  clientId: CLIENT_ID,
  secretEnv: 'TEST_IPPS_SECRET',
  scope: IPPS_SCOPE,
  authorityHost: 'https://login.microsoftonline.com',
};

let folder: string;
let certificate: TestCertificate;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-auth-'));
  certificate = createTestCertificate();
});
afterAll(() => rm(folder, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

function setup(extra: Partial<AcquireDependencies> = {}) {
  const idp = new FakeIdentityProvider();
  const deps: AcquireDependencies = {
    env: { TEST_IPPS_SECRET: SECRET },
    networkClient: idp,
    cachePlugin: memoryCachePlugin(),
    ...extra,
  };
  return { idp, deps };
}

async function failure(promise: Promise<unknown>): Promise<IppsConnectError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IppsConnectError);
  return error as IppsConnectError;
}

describe('client secret', () => {
  it('asks the tenant’s token endpoint for the scope, with the client id and the secret in the body only', async () => {
    const { idp, deps } = setup();
    const token = await acquireAccessToken(secretRequest, deps);

    expect(idp.requests).toHaveLength(1);
    const [request] = idp.tokenRequests('client_credentials');
    expect(`${request!.url.origin}${request!.url.pathname}`).toBe(TOKEN_ENDPOINT);
    expect(request!.form.get('client_id')).toBe(CLIENT_ID);
    expect(request!.form.get('scope')).toBe(IPPS_SCOPE);
    expect(request!.form.get('client_secret')).toBe(SECRET);
    expect(request!.url.href).not.toContain(SECRET);
    expect(JSON.stringify(request!.headers)).not.toContain(SECRET);

    expect(token.accessToken).toBe(idp.issuedAccessTokens[0]);
    expect(token.scope).toBe(IPPS_SCOPE);
    expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(token.account).toBeUndefined();
  });

  it('reuses a valid cached token: a second call sends nothing', async () => {
    const { idp, deps } = setup();
    const first = await acquireAccessToken(secretRequest, deps);
    const second = await acquireAccessToken(secretRequest, deps);
    expect(second.accessToken).toBe(first.accessToken);
    expect(idp.tokenRequests()).toHaveLength(1);
  });

  it('asks again once the cached token has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { idp, deps } = setup();
    const first = await acquireAccessToken(secretRequest, deps);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const second = await acquireAccessToken(secretRequest, deps);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(idp.tokenRequests()).toHaveLength(2);
  });

  it('renews a token in its last five minutes rather than hand out one about to expire', async () => {
    const { idp, deps } = setup();
    idp.tokenLifetimeSeconds = 120;
    await acquireAccessToken(secretRequest, deps);
    await acquireAccessToken(secretRequest, deps);
    expect(idp.tokenRequests()).toHaveLength(2);
  });

  it('shares tokens across processes through the cache file, which never holds the secret', async () => {
    const cachePath = path.join(folder, 'shared', 'token-cache.json');
    const first = setup({ cachePlugin: fileCachePlugin(cachePath, { platform: 'posix' }) });
    const token = await acquireAccessToken(secretRequest, first.deps);
    // A second "process": its own identity provider view, its own plugin instance, the same file.
    const second = setup({ cachePlugin: fileCachePlugin(cachePath, { platform: 'posix' }) });
    const again = await acquireAccessToken(secretRequest, second.deps);
    expect(again.accessToken).toBe(token.accessToken);
    expect(second.idp.requests).toHaveLength(0);
    expect(await readFile(cachePath, 'utf8')).not.toContain(SECRET);
    if (process.platform !== 'win32') expect((await stat(cachePath)).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')(
    'stops before any request when the cache file is readable by others',
    async () => {
      const cachePath = path.join(folder, 'loose', 'token-cache.json');
      await mkdir(path.dirname(cachePath), { recursive: true });
      await writeFile(cachePath, '{}', { mode: 0o644 });
      await chmod(cachePath, 0o644);
      const { idp, deps } = setup({ cachePlugin: fileCachePlugin(cachePath, { platform: 'posix' }) });
      const error = await failure(acquireAccessToken(secretRequest, deps));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.fix).toContain('chmod 600');
      expect(idp.requests).toHaveLength(0);
    },
  );

  it('with no cache plugin, keeps nothing between calls', async () => {
    const { idp, deps } = setup({ cachePlugin: null });
    await acquireAccessToken(secretRequest, deps);
    await acquireAccessToken(secretRequest, deps);
    expect(idp.tokenRequests()).toHaveLength(2);
  });

  it('reads the secret only from the named environment variable', async () => {
    const { idp, deps } = setup({ env: {} });
    const error = await failure(acquireAccessToken(secretRequest, deps));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('secretEnv');
    expect(error.message).toContain('TEST_IPPS_SECRET is not set');
    expect(idp.requests).toHaveLength(0);
  });

  it('recognises a Secret ID pasted in place of the secret', async () => {
    const { idp, deps } = setup({ env: { TEST_IPPS_SECRET: 'd1a4a7a2-5b2c-4f0e-9c3a-0a1b2c3d4e5f' } });
    const error = await failure(acquireAccessToken(secretRequest, deps));
    expect(error.code).toBe('INVALID_CLIENT_SECRET');
    expect(error.message).not.toContain('d1a4a7a2');
    expect(idp.requests).toHaveLength(0);
  });

  it('refuses an app-only scope that is not <resource>/.default, and a client id that is not a GUID', async () => {
    const { idp, deps } = setup();
    expect((await failure(acquireAccessToken({ ...secretRequest, scope: 'Exchange.Manage' }, deps))).field).toBe(
      'scope',
    );
    expect((await failure(acquireAccessToken({ ...secretRequest, clientId: 'my-app' }, deps))).field).toBe('clientId');
    expect((await failure(acquireAccessToken({ ...secretRequest, tenant: 'organizations' }, deps))).field).toBe(
      'tenant',
    );
    expect(idp.requests).toHaveLength(0);
  });

  it('signs in against the cloud’s own host (GCC High)', async () => {
    const { idp, deps } = setup();
    await acquireAccessToken(
      {
        ...secretRequest,
        authorityHost: 'https://login.microsoftonline.us',
        scope: 'https://ps.compliance.protection.office365.us/.default',
      },
      deps,
    );
    const { origin, pathname } = idp.requests[0]!.url;
    expect(`${origin}${pathname}`).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token');
  });

  it('gives msal’s log lines to a logger without the secret or the token', async () => {
    const lines: string[] = [];
    const { idp, deps } = setup({ log: (level, message) => lines.push(`${level}: ${message}`) });
    await acquireAccessToken(secretRequest, deps);
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(idp.issuedAccessTokens[0]);
  });
});

describe('client certificate', () => {
  async function certificateRequest(): Promise<ClientCertificateRequest> {
    const pemPath = path.join(folder, 'app.pem');
    await writeFile(pemPath, certificate.certificatePem + certificate.privateKeyPem, { mode: 0o600 });
    return {
      kind: 'client-certificate',
      tenant: 'contoso.onmicrosoft.com',
      clientId: CLIENT_ID,
      certificate: { pemPath },
      scope: IPPS_SCOPE,
      authorityHost: 'https://login.microsoftonline.com',
    };
  }

  it('sends a client assertion JWT signed with the certificate’s key (PS256, x5t#S256), never the key', async () => {
    const { idp, deps } = setup();
    const token = await acquireAccessToken(await certificateRequest(), deps);
    expect(token.accessToken).toBe(idp.issuedAccessTokens[0]);

    const [request] = idp.tokenRequests('client_credentials');
    const form = request!.form;
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('scope')).toBe(IPPS_SCOPE);
    expect(form.get('client_secret')).toBeNull();
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');

    const [header, payload, signature] = form.get('client_assertion')!.split('.') as [string, string, string];
    const headerJson = JSON.parse(Buffer.from(header, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const thumbprint = createHash('sha256').update(certificate.x509.raw).digest('base64url');
    expect(headerJson).toMatchObject({ alg: 'PS256', 'x5t#S256': thumbprint });
    expect(claims).toMatchObject({ aud: TOKEN_ENDPOINT, iss: CLIENT_ID, sub: CLIENT_ID });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);

    const signed = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: certificate.x509.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      Buffer.from(signature, 'base64url'),
    );
    expect(signed).toBe(true);

    const keyBody = certificate.privateKeyPem.split('\n')[1]!;
    expect(request!.body).not.toContain(keyBody);
  });

  it('reuses the cached token for the same app', async () => {
    const { idp, deps } = setup();
    const request = await certificateRequest();
    await acquireAccessToken(request, deps);
    await acquireAccessToken(request, deps);
    expect(idp.tokenRequests()).toHaveLength(1);
  });

  it('refuses a .pfx with the openssl command that converts it', async () => {
    const { idp, deps } = setup();
    const request = { ...(await certificateRequest()), certificate: { pfxPath: 'C:\\certs\\app.pfx' } };
    const error = await failure(acquireAccessToken(request, deps));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fix).toContain('openssl pkcs12 -in cert.pfx -out cert.pem -nodes');
    expect(idp.requests).toHaveLength(0);
  });
});
