/**
 * App-only tokens (OAuth client credentials) with a certificate or a client secret. msal looks in its cache
 * first (the cache plugin loads the file), so a token that is still valid costs no request.
 */
import { type AuthenticationResult, ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { IppsConnectError } from '../errors.js';
import { isEnvironmentVariableName } from '../powershell/validate.js';
import { loadCertificateCredential } from './certificate.js';
import { authInputError } from './errors.js';
import { cacheOptions, type FlowContext } from './flow-context.js';
import type { ClientCertificateRequest, ClientSecretRequest } from './types.js';

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export async function acquireAppToken(
  request: ClientCertificateRequest | ClientSecretRequest,
  context: FlowContext,
): Promise<AuthenticationResult> {
  const credential =
    request.kind === 'client-secret'
      ? secretCredential(request, context)
      : await certificateCredential(request, context);
  const app = new ConfidentialClientApplication({
    auth: { clientId: request.clientId, authority: context.authority, ...credential },
    cache: cacheOptions(context),
    system: context.system,
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [request.scope] });
  if (!result) throw new IppsConnectError('msal returned no token', { code: 'INTERNAL', fix: 'report this' });
  return result;
}

function secretCredential(request: ClientSecretRequest, context: FlowContext): Pick<NodeAuthOptions, 'clientSecret'> {
  const name = request.secretEnv;
  if (!isEnvironmentVariableName(name)) {
    throw authInputError('secretEnv', 'is not an environment variable name', 'pass a name such as IPPS_CLIENT_SECRET');
  }
  const secret = context.env[name];
  if (!secret) {
    throw authInputError('secretEnv', `${name} is not set`, `set ${name} to the client secret’s Value before starting`);
  }
  context.secrets.push(secret);
  // Entra shows a secret's Value once, next to its Secret ID (a GUID); copying the ID is the classic mistake.
  if (GUID.test(secret)) {
    throw new IppsConnectError(`${name} holds a GUID: the Secret ID, not the secret`, {
      code: 'INVALID_CLIENT_SECRET',
      fix: 'copy the secret’s Value (shown once when it is created), or create a new secret',
    });
  }
  return { clientSecret: secret };
}

async function certificateCredential(
  request: ClientCertificateRequest,
  context: FlowContext,
): Promise<Pick<NodeAuthOptions, 'clientCertificate'>> {
  const { passwordEnv } = request.certificate;
  if (passwordEnv !== undefined && !isEnvironmentVariableName(passwordEnv)) {
    throw authInputError(
      'passwordEnv',
      'is not an environment variable name',
      'pass a name such as IPPS_CERT_PASSWORD',
    );
  }
  if (passwordEnv && context.env[passwordEnv]) context.secrets.push(context.env[passwordEnv]!);
  const certificate = await loadCertificateCredential(request.certificate, context.env);
  context.secrets.push(certificate.privateKeyPem);
  return {
    clientCertificate: { thumbprintSha256: certificate.thumbprintSha256, privateKey: certificate.privateKeyPem },
  };
}
