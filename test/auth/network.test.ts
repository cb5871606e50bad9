import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireAccessToken, fetchNetworkClient, memoryCachePlugin } from '../../src/auth/index.js';
import { classifyNetworkError } from '../../src/auth/network.js';
import { FakeIdentityProvider } from './helpers/fake-identity-provider.js';
import { redirectOrigin, serveIdentityProvider } from './helpers/http-identity-provider.js';
import { createTestCertificate } from './helpers/test-certificate.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `${(server.address() as AddressInfo).port}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('fetchNetworkClient on 127.0.0.1', () => {
  it('posts the form with msal’s headers and returns status, headers and the parsed JSON body', async () => {
    let received: { body: string; contentType: string | undefined } | undefined;
    const port = await listen(
      createHttpServer(async (request, response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        received = { body: Buffer.concat(chunks).toString(), contentType: request.headers['content-type'] };
        response.writeHead(400, { 'content-type': 'application/json', 'x-ms-request-id': 'abc' });
        response.end('{"error":"invalid_client","error_codes":[7000215]}');
      }),
    );
    const response = await fetchNetworkClient().sendPostRequestAsync<{ error: string }>(`http://127.0.0.1:${port}/t`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: 'grant_type=client_credentials&scope=x',
    });
    expect(received).toEqual({
      body: 'grant_type=client_credentials&scope=x',
      contentType: 'application/x-www-form-urlencoded;charset=utf-8',
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-ms-request-id']).toBe('abc');
    expect(response.body.error).toBe('invalid_client');
  });

  it('turns an answer that is not JSON (a proxy’s HTML page) into an OAuth-style error', async () => {
    const port = await listen(
      createHttpServer((_request, response) => response.writeHead(502).end('<html>Bad gateway</html>')),
    );
    const response = await fetchNetworkClient().sendGetRequestAsync<{ error: string }>(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(502);
    expect(response.body.error).toBe('invalid_response');
  });

  it('classifies a refused connection, an untrusted certificate and a timeout', async () => {
    const closed = createHttpServer();
    const closedPort = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await rejection(fetchNetworkClient().sendGetRequestAsync(`http://127.0.0.1:${closedPort}/`));
    expect(classifyNetworkError(refused)).toEqual({ kind: 'connection', code: 'ECONNREFUSED' });

    const { certificatePem, privateKeyPem } = createTestCertificate({ name: '127.0.0.1' });
    const tlsServer = createHttpsServer({ cert: certificatePem, key: privateKeyPem }, (_q, response) =>
      response.end('{}'),
    );
    const tlsPort = await listen(tlsServer as unknown as Server);
    const untrusted = await rejection(fetchNetworkClient().sendGetRequestAsync(`https://127.0.0.1:${tlsPort}/`));
    expect(classifyNetworkError(untrusted).kind).toBe('tls');

    const silent = createHttpServer(() => {}); // accepts, never answers
    const silentPort = await listen(silent);
    cleanups.unshift(() => void silent.closeAllConnections());
    const timedOut = await rejection(fetchNetworkClient(200).sendGetRequestAsync(`http://127.0.0.1:${silentPort}/`));
    expect(classifyNetworkError(timedOut).kind).toBe('timeout');
  });
});

describe('acquireAccessToken over HTTP', () => {
  it('gets a token from the fake identity provider served on 127.0.0.1 through the production client', async () => {
    const idp = new FakeIdentityProvider();
    const real = 'https://login.microsoftonline.com';
    const server = await serveIdentityProvider(idp, real);
    cleanups.push(() => server.close());
    const token = await acquireAccessToken(
      {
        kind: 'client-secret',
        tenant: 'contoso.onmicrosoft.com',
        clientId: '3f6c1c44-8a2b-4c55-9d1e-0123456789ab',
        secretEnv: 'S',
        scope: 'https://outlook.office365.com/.default',
        authorityHost: real,
      },
      {
        env: { S: 'Http~fake-secret-value_0123456789' },
        networkClient: redirectOrigin(fetchNetworkClient(), real, server.origin),
        cachePlugin: memoryCachePlugin(),
      },
    );
    expect(token.accessToken).toBe(idp.issuedAccessTokens[0]);
    const [request] = idp.tokenRequests('client_credentials');
    expect(request!.form.get('scope')).toBe('https://outlook.office365.com/.default');
    expect(request!.headers['content-type']).toContain('application/x-www-form-urlencoded');
  });
});
