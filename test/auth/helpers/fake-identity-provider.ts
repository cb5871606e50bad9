/**
 * A fake Entra ID: answers msal's token and device-code requests in-process and records every request, so
 * tests see exactly what would have gone over the wire. Plugged in as msal's network module (no socket at
 * all) or served over HTTP on 127.0.0.1 (see http-identity-provider.ts). Anything else it is asked for fails
 * the test: nothing can slip out to the real network.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
export const USER_OBJECT_ID = '0b5e0000-1111-4222-8333-444455556666';
export const USER_NAME = 'admin@contoso.onmicrosoft.com';

export interface RecordedRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body: string;
  form: URLSearchParams;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned JWT; msal decodes id tokens without verifying them (the TLS channel is its trust). */
export const fakeJwt = (claims: Record<string, unknown>) =>
  `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;

export class FakeIdentityProvider implements INetworkModule {
  readonly requests: RecordedRequest[] = [];
  readonly issuedAccessTokens: string[] = [];
  tokenLifetimeSeconds = 3600;
  /** Device-code polls answered `authorization_pending` before the person "signs in". */
  pendingPolls = 1;
  /** Seconds between device-code polls that the fake tells msal to wait. */
  pollIntervalSeconds = 0;
  /** Overrides the answer to token requests (all grants); return undefined to answer normally. */
  onToken: ((form: URLSearchParams) => Reply | undefined) | undefined;
  /** Throws instead of answering, e.g. a socket error; cleared after use. */
  failNextWith: Error | undefined;
  private polls = 0;
  private counter = 0;

  tokenRequests(grantType?: string): RecordedRequest[] {
    return this.requests.filter(
      (request) =>
        request.url.pathname.endsWith('/oauth2/v2.0/token') &&
        (grantType === undefined || request.form.get('grant_type') === grantType),
    );
  }

  deviceCodeRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.url.pathname.endsWith('/oauth2/v2.0/devicecode'));
  }

  async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.answer<T>('GET', url, options);
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.answer<T>('POST', url, options);
  }

  /** Handles one request; the HTTP server calls this too. */
  handle(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body: string): Reply {
    const request = { method, url: new URL(url), headers, body, form: new URLSearchParams(body) };
    this.requests.push(request);
    const failure = this.failNextWith;
    if (failure) {
      this.failNextWith = undefined;
      throw failure;
    }
    const path = request.url.pathname;
    if (method === 'POST' && path.endsWith('/oauth2/v2.0/devicecode')) return this.deviceCode();
    if (method === 'POST' && path.endsWith('/oauth2/v2.0/token')) return this.token(request.form);
    throw new Error(`fake identity provider: unexpected ${method} ${url}`);
  }

  private async answer<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) {
    const reply = this.handle(method, url, options?.headers ?? {}, options?.body ?? '');
    return { status: reply.status, headers: reply.headers ?? {}, body: reply.body as T };
  }

  private deviceCode(): Reply {
    this.polls = 0;
    return {
      status: 200,
      body: {
        user_code: 'FAKE12345',
        device_code: 'device-code-secret-value',
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: this.pollIntervalSeconds,
        message:
          'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE12345 to authenticate.',
      },
    };
  }

  private token(form: URLSearchParams): Reply {
    const override = this.onToken?.(form);
    if (override) return override;
    const grant = form.get('grant_type');
    if (grant === 'device_code' && this.polls++ < this.pendingPolls) {
      return aadError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending.');
    }
    const accessToken = fakeJwt({
      aud: form.get('scope'),
      jti: `token-${++this.counter}`,
      appid: form.get('client_id'),
    });
    this.issuedAccessTokens.push(accessToken);
    const lifetime = {
      token_type: 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
      ext_expires_in: this.tokenLifetimeSeconds,
    };
    if (grant === 'client_credentials') return { status: 200, body: { ...lifetime, access_token: accessToken } };
    const now = Math.floor(Date.now() / 1000);
    return {
      status: 200,
      body: {
        ...lifetime,
        scope: form.get('scope'),
        access_token: accessToken,
        refresh_token: `refresh-token-${this.counter}`,
        id_token: fakeJwt({
          aud: form.get('client_id'),
          iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
          iat: now,
          nbf: now,
          exp: now + 3600,
          oid: USER_OBJECT_ID,
          sub: 'subject',
          tid: TENANT_ID,
          preferred_username: USER_NAME,
          name: 'Contoso Admin',
          ver: '2.0',
        }),
        client_info: Buffer.from(JSON.stringify({ uid: USER_OBJECT_ID, utid: TENANT_ID })).toString('base64url'),
      },
    };
  }
}

/** An Entra ID error answer as the service sends it: the AADSTS text, the number list, trace ids. */
export function aadError(status: number, error: string, number: number, text: string): Reply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${number}: ${text}\r\nTrace ID: 0a1b2c3d-0000-0000-0000-000000000000\r\nCorrelation ID: 9f8e7d6c-0000-0000-0000-000000000000\r\nTimestamp: 2025-01-01 00:00:00Z`,
      error_codes: [number],
      timestamp: '2025-01-01 00:00:00Z',
      trace_id: '0a1b2c3d-0000-0000-0000-000000000000',
      correlation_id: '9f8e7d6c-0000-0000-0000-000000000000',
    },
  };
}
