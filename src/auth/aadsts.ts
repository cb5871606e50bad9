/**
 * Entra ID error numbers (`AADSTS<n>`) and the ippsconnect code each becomes (exo-facts §5), with the fix
 * phrased for token sign-in by ippsconnect rather than by the module.
 */
import type { FailureCode } from '../errors.js';

export interface AadstsRule {
  code: FailureCode;
  fix: string;
  retryable?: boolean;
}

const mfa: AadstsRule = {
  code: 'MFA_REQUIRED',
  fix: 'complete multi-factor authentication in the browser (device code), or use certificate or client-secret sign-in for unattended jobs',
};

export const aadstsRules: ReadonlyMap<number, AadstsRule> = new Map<number, AadstsRule>([
  [50076, mfa],
  [50079, mfa],
  [50158, mfa],
  [50126, { code: 'INVALID_CREDENTIALS', fix: 'check the user name and password' }],
  [50034, { code: 'USER_NOT_FOUND', fix: 'check the user name and the tenant' }],
  [
    53003,
    {
      code: 'CONDITIONAL_ACCESS_BLOCKED',
      fix: 'a Conditional Access policy blocks this sign-in (location, device or app); ask the Entra administrator',
    },
  ],
  [
    65001,
    {
      code: 'CONSENT_REQUIRED',
      fix: 'an administrator grants consent to the app (Office 365 Exchange Online › Exchange.ManageAsApp for app-only sign-in)',
    },
  ],
  [700016, { code: 'APP_NOT_FOUND', fix: 'check the application (client) id, the tenant and the cloud' }],
  // "Tenant '<x>' not found": the same mistake seen from the other side.
  [90002, { code: 'APP_NOT_FOUND', fix: 'check the tenant (its id or *.onmicrosoft.com domain) and the cloud' }],
  [
    7000215,
    {
      code: 'INVALID_CLIENT_SECRET',
      fix: 'put the secret’s Value (not its Secret ID) in the environment variable, or create a new secret',
    },
  ],
  [7000222, { code: 'INVALID_CLIENT_SECRET', fix: 'the client secret has expired: create a new one' }],
  [
    700027,
    {
      code: 'CERTIFICATE_REJECTED',
      fix: 'upload this certificate’s public part (.cer or .pem) to the app registration › Certificates & secrets',
    },
  ],
  // "Client assertion is not within its valid time range": the local clock is off.
  [700024, { code: 'CERTIFICATE_REJECTED', fix: 'set the system clock right (NTP), then retry' }],
  [
    7000218,
    {
      code: 'UNKNOWN',
      fix: 'enable "Allow public client flows" on the app registration, or leave the client id at the module’s default',
    },
  ],
  // "The resource principal named https://… was not found": a scope from another cloud than the tenant's.
  [500011, { code: 'UNKNOWN', fix: 'choose the cloud the tenant lives in; the token scope must belong to it' }],
]);

const AADSTS_NUMBER = /AADSTS(\d{5,8})\b/g;

/** Every AADSTS number mentioned in `text`, in order. */
export function aadstsNumbersIn(text: string): number[] {
  return [...text.matchAll(AADSTS_NUMBER)].map((match) => Number(match[1]));
}

/** The `AADSTS<n>: <sentence>` part of an Entra ID error description, without trace and correlation ids. */
export function aadstsSummary(text: string): string | undefined {
  return /AADSTS\d+:[^\r\n]*?(?=\s+-\s+Correlation ID:|\s+Trace ID:|\r|\n|$)/.exec(text)?.[0];
}
