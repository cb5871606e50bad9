/**
 * Access tokens for `Connect-IPPSSession -AccessToken` / `Connect-ExchangeOnline -AccessToken`, acquired
 * with @azure/msal-node: app-only with a certificate or client secret, or delegated with a device code.
 */
export { acquireAccessToken } from './acquire.js';
export { authorityFor, authorityHostFor, exchangeModuleClientId, scopeFor, type TokenService } from './authority.js';
export { defaultCachePath } from './cache-path.js';
export { fileCachePlugin, memoryCachePlugin } from './cache-plugin.js';
export type { CertificateSource } from './certificate.js';
export type { AuthLog, AuthLogLevel } from './logger.js';
export { fetchNetworkClient } from './network.js';
export type {
  AccessToken,
  AcquireDependencies,
  ClientCertificateRequest,
  ClientSecretRequest,
  DeviceCodePrompt,
  DeviceCodeRequest,
  TokenRequest,
} from './types.js';
