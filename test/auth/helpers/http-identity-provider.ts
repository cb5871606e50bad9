/**
 * The fake identity provider behind a real HTTP server on 127.0.0.1, and a network module that sends msal's
 * `https://login.microsoftonline.com/...` requests there instead (msal insists on https authorities, and a
 * test must not need a trusted certificate). Exercises the production fetch client end to end.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule } from '@azure/msal-node';
import type { FakeIdentityProvider } from './fake-identity-provider.js';

export interface HttpIdentityProvider {
  origin: string;
  close(): Promise<void>;
}

export async function serveIdentityProvider(
  fake: FakeIdentityProvider,
  realOrigin: string,
): Promise<HttpIdentityProvider> {
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    try {
      const reply = fake.handle(
        request.method as 'GET' | 'POST',
        `${realOrigin}${request.url}`,
        headers,
        Buffer.concat(chunks).toString(),
      );
      response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      response.end(JSON.stringify(reply.body));
    } catch {
      response.destroy();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends requests for `from` (an https origin) to `to` (the local server) through `inner`. */
export function redirectOrigin(inner: INetworkModule, from: string, to: string): INetworkModule {
  const rewrite = (url: string) => {
    if (!url.startsWith(from)) throw new Error(`test network: refusing ${url}`);
    return to + url.slice(from.length);
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => inner.sendGetRequestAsync(rewrite(url), options, timeout),
    sendPostRequestAsync: (url, options) => inner.sendPostRequestAsync(rewrite(url), options),
  };
}
