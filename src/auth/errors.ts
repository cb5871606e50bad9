/**
 * Turns whatever token acquisition threw into an IppsConnectError with a stable code, a fix, and a cause
 * that holds no secret: msal's error is not kept, only a sanitized copy of what it said.
 */
import { AuthError } from '@azure/msal-node';
import { type FailureCode, IppsConnectError } from '../errors.js';
import { type AadstsRule, aadstsNumbersIn, aadstsRules, aadstsSummary } from './aadsts.js';
import type { NetworkObservations } from './network.js';
import { sanitize } from './sanitize.js';

/** A bad value in a token request (INVALID_INPUT), found before anything was sent. */
export function authInputError(field: string, problem: string, fix: string, cause?: unknown): IppsConnectError {
  return new IppsConnectError(`Invalid ${field}: ${problem}`, { code: 'INVALID_INPUT', field, fix, cause });
}

export interface FailureContext {
  observations: NetworkObservations;
  /** Exact values that must not appear in the message or cause (client secret, private key). */
  secrets: readonly string[];
}

/** msal client error codes of the device-code flow that are not Entra ID errors. */
const deviceCodeOutcomes: Readonly<Record<string, AadstsRule>> = {
  device_code_expired: {
    code: 'TIMEOUT',
    fix: 'sign in within the time the code is valid (about 15 minutes)',
    retryable: true,
  },
  expired_token: {
    code: 'TIMEOUT',
    fix: 'sign in within the time the code is valid (about 15 minutes)',
    retryable: true,
  },
  user_timeout_reached: { code: 'TIMEOUT', fix: 'sign in sooner, or allow more time', retryable: true },
  device_code_polling_cancelled: { code: 'CANCELLED', fix: 'start the sign-in again when ready' },
  authorization_declined: { code: 'CANCELLED', fix: 'the sign-in was declined in the browser; start again to sign in' },
};

export function toAuthFailure(error: unknown, context: FailureContext): IppsConnectError {
  if (error instanceof IppsConnectError) return error;
  const { observations, secrets } = context;
  const said = sanitize(describe(error), secrets);
  const server = observations.serverError;
  const serverSaid = server ? sanitize(server.description, secrets) : '';
  const cause = sanitizedCause(error, said);

  const numbers = [
    ...errorNumberOf(error),
    ...aadstsNumbersIn(said),
    ...(server?.errorCodes ?? []),
    ...aadstsNumbersIn(serverSaid),
  ];
  const summary = aadstsSummary(said) ?? aadstsSummary(serverSaid);
  for (const number of numbers) {
    const rule = aadstsRules.get(number);
    if (rule) return failure(rule, `Sign-in failed: ${summary ?? `AADSTS${number}`}`, cause);
  }
  // msal reports any failure below HTTP as a bare `network_error`; what happened was observed on the way.
  const failed = observations.failure;
  const networkFailed = !(error instanceof AuthError) || error.errorCode === 'network_error';
  if (failed && networkFailed) {
    if (failed.kind === 'tls') {
      const fix = `check the system clock and, behind a TLS-inspecting proxy, trust its CA (NODE_EXTRA_CA_CERTS=<ca.pem>)`;
      return failure({ code: 'TLS_ERROR', fix }, `TLS to ${failed.host} failed (${failed.code})`, cause);
    }
    const fix = `check that ${failed.host} is reachable (network, DNS, firewall, proxy), then retry`;
    const code: FailureCode = failed.kind === 'timeout' ? 'TIMEOUT' : 'UNKNOWN';
    return failure({ code, fix, retryable: true }, `No answer from ${failed.host} (${failed.code})`, cause);
  }
  const outcomeKey = [error instanceof AuthError ? error.errorCode : '', server?.error ?? ''].find((key) =>
    Object.hasOwn(deviceCodeOutcomes, key),
  );
  if (outcomeKey) return failure(deviceCodeOutcomes[outcomeKey]!, `Device-code sign-in ended: ${outcomeKey}`, cause);
  const status = (error as { status?: unknown } | undefined)?.status;
  const retryable =
    (typeof status === 'number' && status >= 500) ||
    ['temporarily_unavailable', 'server_error'].includes(server?.error ?? '');
  const fix = retryable ? 'retry in a few minutes' : 'see the message; run again with logging for details';
  return failure({ code: 'UNKNOWN', fix, retryable }, `Sign-in failed: ${summary ?? said}`, cause);
}

function failure(rule: AadstsRule, message: string, cause: Error): IppsConnectError {
  return new IppsConnectError(message, { code: rule.code, fix: rule.fix, retryable: rule.retryable ?? false, cause });
}

/** msal's `errorNo`: the first of Entra ID's `error_codes` (typed string, a number at run time). */
function errorNumberOf(error: unknown): number[] {
  const errorNo = error instanceof AuthError ? Number((error as { errorNo?: unknown }).errorNo) : Number.NaN;
  return Number.isInteger(errorNo) ? [errorNo] : [];
}

function describe(error: unknown): string {
  if (error instanceof AuthError)
    return error.errorMessage ? `${error.errorCode}: ${error.errorMessage}` : error.errorCode;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** A fresh Error carrying only sanitized text and msal's non-secret identifiers, for support cases. */
function sanitizedCause(error: unknown, said: string): Error {
  const cause = new Error(said);
  cause.name = error instanceof Error ? error.name : 'Error';
  if (error instanceof AuthError) {
    Object.assign(cause, { errorCode: error.errorCode, subError: error.subError, correlationId: error.correlationId });
  }
  return cause;
}
