/**
 * Reads the certificate an app signs its client assertions with. msal wants the private key as PEM and the
 * certificate's thumbprint; we give it the SHA-256 one (msal then signs PS256 with an `x5t#S256` header,
 * its recommended form; SHA-1 is deprecated there).
 *
 * PEM only. Node has no PKCS#12 (.pfx) reader and none is installed; a hand-written one would have to
 * decrypt RC2/3DES/AES bags with the PKCS#12 key derivation — security code we would rather not own.
 * A .pfx either goes to the module directly (-CertificateFilePath, no token needed) or is converted once
 * with openssl (see pfxNotSupported).
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type FailureCode, IppsConnectError } from '../errors.js';
import { authInputError } from './errors.js';

export type CertificateSource = { pemPath: string; passwordEnv?: string } | { pfxPath: string; passwordEnv?: string };

export interface CertificateCredential {
  /** Unencrypted PKCS#8 PEM: a secret, kept in memory only. */
  privateKeyPem: string;
  /** Hex SHA-256 of the certificate (DER), as msal's `thumbprintSha256` wants it. */
  thumbprintSha256: string;
  notAfter: Date;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
const ENCRYPTED_KEY = /ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/;
// OpenSSL 3 needs -legacy for .pfx files encrypted with RC2 (older Windows and OpenSSL exports).
const CONVERT = 'openssl pkcs12 -in cert.pfx -out cert.pem -nodes (add -legacy if OpenSSL 3 says "unsupported")';

export async function loadCertificateCredential(
  source: CertificateSource,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CertificateCredential> {
  if ('pfxPath' in source) throw pfxNotSupported();
  let text: string;
  try {
    text = await readFile(source.pemPath, 'latin1');
  } catch (error) {
    throw authInputError('certificate', `cannot read ${source.pemPath}`, 'check the path and permissions', error);
  }
  const keyBlock = PRIVATE_KEY_BLOCK.exec(text)?.[0];
  const certificateBlocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (!keyBlock || certificateBlocks.length === 0) {
    const binary = !text.includes('-----BEGIN') && text.charCodeAt(0) === 0x30;
    throw authInputError(
      'certificate',
      binary
        ? `${source.pemPath} is binary (a .pfx or DER file), not PEM`
        : `${source.pemPath} needs both the certificate and its private key in PEM`,
      `put both in one PEM file, e.g. ${CONVERT}`,
    );
  }
  const privateKey = decryptKey(keyBlock, source.passwordEnv, env);
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw unusable(`the key is ${privateKey.asymmetricKeyType}; Entra ID client assertions need an RSA key`);
  }
  // A PEM may carry the chain too: use the certificate that belongs to the key.
  const certificate = certificateBlocks.map(parseCertificate).find((c) => c.checkPrivateKey(privateKey));
  if (!certificate) throw unusable(`no certificate in ${source.pemPath} matches its private key`);
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: certificate.fingerprint256.replaceAll(':', ''),
    notAfter: new Date(certificate.validTo),
  };
}

function parseCertificate(block: string): X509Certificate {
  try {
    return new X509Certificate(block);
  } catch (error) {
    throw unusable('a CERTIFICATE block cannot be parsed', error);
  }
}

function decryptKey(
  block: string,
  passwordEnv: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): KeyObject {
  const encrypted = ENCRYPTED_KEY.test(block);
  const passphrase = passwordEnv === undefined ? undefined : env[passwordEnv];
  if (encrypted && !passphrase) {
    throw authInputError(
      'certificate',
      passwordEnv ? `the private key is encrypted and ${passwordEnv} is not set` : 'the private key is encrypted',
      'set passwordEnv to the name of an environment variable that holds the key’s password',
    );
  }
  try {
    return createPrivateKey(encrypted ? { key: block, passphrase: passphrase! } : { key: block });
  } catch (error) {
    if (encrypted)
      throw authInputError(
        'certificate',
        `cannot decrypt the private key with ${passwordEnv}`,
        'check the password',
        error,
      );
    throw unusable('the private key cannot be read', error);
  }
}

function unusable(message: string, cause?: unknown): IppsConnectError {
  const code: FailureCode = 'CERTIFICATE_UNUSABLE';
  return new IppsConnectError(`Certificate unusable: ${message}`, {
    code,
    fix: 'use the certificate registered on the app, with its RSA private key, in one PEM file',
    cause,
  });
}

export function pfxNotSupported(): IppsConnectError {
  return authInputError(
    'certificate',
    'token sign-in reads PEM files, not .pfx',
    `convert once with \`${CONVERT}\` and keep cert.pem private (chmod 600), or sign in with the .pfx through the module (--certificate-path)`,
  );
}
