/** The public types of token acquisition: what a caller asks for, what it gets, and what it may inject. */
import type { ICachePlugin, INetworkModule } from '@azure/msal-node';
import type { CertificateSource } from './certificate.js';
import type { AuthLog } from './logger.js';

interface TokenRequestBase {
  /** Tenant id (GUID) or domain (contoso.onmicrosoft.com); `organizations` only for device code. */
  tenant: string;
  /** A `.default` scope, normally `scopeFor(cloud, 'ipps' | 'exo')`. */
  scope: string;
  /** `https://login.microsoftonline.com` and its peers, normally `authorityHostFor(cloud)`. */
  authorityHost: string;
}

/** App-only sign-in with a certificate (client credentials, signed JWT assertion). */
export interface ClientCertificateRequest extends TokenRequestBase {
  kind: 'client-certificate';
  clientId: string;
  /** A PEM file holding the certificate and its private key; `passwordEnv` names the key password's variable. */
  certificate: CertificateSource;
}

/** App-only sign-in with a client secret, read from the environment variable `secretEnv` and nowhere else. */
export interface ClientSecretRequest extends TokenRequestBase {
  kind: 'client-secret';
  clientId: string;
  secretEnv: string;
}

/** What to show a person for device-code sign-in. */
export interface DeviceCodePrompt {
  verificationUri: string;
  userCode: string;
  /** Entra ID's own sentence: "To sign in, use a web browser to open the page … and enter the code …". */
  message: string;
  expiresOn: Date;
}

/** Delegated sign-in by a person, on this or another device. Tries the cached account silently first. */
export interface DeviceCodeRequest extends TokenRequestBase {
  kind: 'device-code';
  /** Defaults to the ExchangeOnlineManagement module's public client id. */
  clientId?: string;
  /** Picks the cached account when several are cached; the sign-in page is not told. */
  userPrincipalName?: string;
  onDeviceCode(prompt: DeviceCodePrompt): void;
  /** Stops waiting for the person (CANCELLED). */
  signal?: AbortSignal;
}

export type TokenRequest = ClientCertificateRequest | ClientSecretRequest | DeviceCodeRequest;

export interface AccessToken {
  accessToken: string;
  expiresOn: Date;
  /** The scopes the token was issued for, space-separated. */
  scope: string;
  /** The signed-in user, for delegated tokens. */
  account?: string;
}

export interface AcquireDependencies {
  /** Where secrets and key passwords are read from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Token cache; defaults to the file cache at `defaultCachePath`. `null` keeps nothing between calls. */
  cachePlugin?: ICachePlugin | null;
  /** HTTP for msal; defaults to `fetchNetworkClient()`. Tests inject a fake identity provider here. */
  networkClient?: INetworkModule;
  /** msal's diagnostics, without personal data or secrets. Off when absent. */
  log?: AuthLog;
}
