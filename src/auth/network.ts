/**
 * The HTTP client msal uses. Ours rather than msal's built-in one for a single reason: msal's own client
 * turns every socket or TLS failure into a bare `network_error` and drops the cause, so a TLS-inspecting
 * proxy and a dead network looked the same. `observeNetwork` remembers what really happened.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** No token request takes this long; without a limit a black-holed connection would hang the sign-in. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `fetch` (Node's undici) as an msal network module. Non-JSON answers become an OAuth-style error body. */
export function fetchNetworkClient(timeoutMs = REQUEST_TIMEOUT_MS): INetworkModule {
  async function send<T>(method: string, url: string, options?: NetworkRequestOptions, timeout?: number) {
    const response = await fetch(url, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(options?.body === undefined ? {} : { body: options.body }),
      signal: AbortSignal.timeout(timeout ?? timeoutMs),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: 'invalid_response', error_description: `HTTP ${response.status}: the answer was not JSON` };
    }
    return { headers: Object.fromEntries(response.headers), body: body as T, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export type NetworkFailureKind = 'tls' | 'connection' | 'timeout';

/** What went wrong on the wire during one token acquisition; read when msal reports a failure. */
export interface NetworkObservations {
  /** The last request that failed below HTTP (no answer at all). */
  failure?: { kind: NetworkFailureKind; code: string; host: string };
  /** The last OAuth error answer (`error`, `error_codes`, `error_description`), cleared by a success. */
  serverError?: { error: string; errorCodes: number[]; description: string };
}

/** Wraps a network module so that failures and OAuth error answers are recorded in `observations`. */
export function observeNetwork(inner: INetworkModule, observations: NetworkObservations): INetworkModule {
  async function watch<T>(url: string, request: () => Promise<NetworkResponse<T>>): Promise<NetworkResponse<T>> {
    try {
      const response = await request();
      const body = response.body as { error?: unknown; error_codes?: unknown; error_description?: unknown };
      if (typeof body?.error === 'string') {
        observations.serverError = {
          error: body.error,
          errorCodes: Array.isArray(body.error_codes)
            ? body.error_codes.filter((code) => typeof code === 'number')
            : [],
          description: typeof body.error_description === 'string' ? body.error_description : '',
        };
      } else if (response.status < 400) {
        delete observations.serverError;
      }
      return response;
    } catch (error) {
      observations.failure = { ...classifyNetworkError(error), host: hostOf(url) };
      throw error;
    }
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => watch(url, () => inner.sendGetRequestAsync(url, options, timeout)),
    sendPostRequestAsync: (url, options) => watch(url, () => inner.sendPostRequestAsync(url, options)),
  };
}

// OpenSSL verification codes (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN,
// DEPTH_ZERO_SELF_SIGNED_CERT…) and Node's ERR_TLS_* / ERR_SSL_*; EPROTO is a failed handshake.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_/;
const TIMEOUT_CODE = /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;

/** Sorts a failed request by the first `code` along its `cause` chain (fetch wraps the socket error). */
export function classifyNetworkError(error: unknown): { kind: NetworkFailureKind; code: string } {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (current.name === 'TimeoutError' || (typeof code === 'string' && TIMEOUT_CODE.test(code))) {
      return { kind: 'timeout', code: typeof code === 'string' ? code : current.name };
    }
    if (typeof code === 'string') return { kind: TLS_CODE.test(code) ? 'tls' : 'connection', code };
    current = current.cause;
  }
  return { kind: 'connection', code: 'UNKNOWN' };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the sign-in service';
  }
}
