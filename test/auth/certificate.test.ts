import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCertificateCredential } from '../../src/auth/certificate.js';
import { IppsConnectError } from '../../src/errors.js';
import { createTestCertificate, type TestCertificate } from './helpers/test-certificate.js';

let folder: string;
let leaf: TestCertificate;
let other: TestCertificate;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-cert-'));
  leaf = createTestCertificate({ name: 'leaf' });
  other = createTestCertificate({ name: 'issuing CA' });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function pemFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<IppsConnectError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IppsConnectError);
  return error as IppsConnectError;
}

describe('loadCertificateCredential', () => {
  it('reads certificate and key from one PEM: SHA-256 thumbprint of the DER, key as PKCS#8', async () => {
    const file = await pemFile('app.pem', leaf.certificatePem + leaf.privateKeyPem);
    const credential = await loadCertificateCredential({ pemPath: file }, {});
    expect(credential.thumbprintSha256).toBe(createHash('sha256').update(leaf.x509.raw).digest('hex').toUpperCase());
    expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPrivateKey(credential.privateKeyPem).equals(leaf.privateKey)).toBe(true);
    expect(credential.notAfter.getTime()).toBe(new Date(leaf.x509.validTo).getTime());
  });

  it('finds the certificate that belongs to the key among a chain, in any order, with CRLF line ends', async () => {
    const text = (leaf.privateKeyPem + other.certificatePem + leaf.certificatePem).replaceAll('\n', '\r\n');
    const credential = await loadCertificateCredential({ pemPath: await pemFile('chain.pem', text) }, {});
    expect(credential.thumbprintSha256).toBe(leaf.x509.fingerprint256.replaceAll(':', ''));
  });

  it('reads a PKCS#1 (BEGIN RSA PRIVATE KEY) key', async () => {
    const pkcs1 = leaf.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const credential = await loadCertificateCredential(
      { pemPath: await pemFile('pkcs1.pem', leaf.certificatePem + pkcs1) },
      {},
    );
    expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('decrypts an encrypted key with the password from the named variable', async () => {
    const encrypted = leaf.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
      .toString();
    const file = await pemFile('encrypted.pem', leaf.certificatePem + encrypted);
    const credential = await loadCertificateCredential(
      { pemPath: file, passwordEnv: 'KEY_PASSWORD' },
      { KEY_PASSWORD: 'correct horse' },
    );
    expect(createPrivateKey(credential.privateKeyPem).equals(leaf.privateKey)).toBe(true);

    const unset = await failure(loadCertificateCredential({ pemPath: file, passwordEnv: 'KEY_PASSWORD' }, {}));
    expect(unset.code).toBe('INVALID_INPUT');
    expect(unset.message).toContain('KEY_PASSWORD is not set');
    const noName = await failure(loadCertificateCredential({ pemPath: file }, {}));
    expect(noName.message).toContain('encrypted');
    const wrong = await failure(
      loadCertificateCredential({ pemPath: file, passwordEnv: 'P' }, { P: 'battery staple' }),
    );
    expect(wrong.code).toBe('INVALID_INPUT');
    expect(wrong.message).not.toContain('battery staple');
  });

  it('refuses a key that is not RSA, and a certificate that is not the key’s', async () => {
    const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = createTestCertificate({ keyType: 'ec', issuerKey });
    const ecError = await failure(
      loadCertificateCredential({ pemPath: await pemFile('ec.pem', ec.certificatePem + ec.privateKeyPem) }, {}),
    );
    expect(ecError.code).toBe('CERTIFICATE_UNUSABLE');
    expect(ecError.message).toContain('RSA');

    const mismatch = await failure(
      loadCertificateCredential(
        { pemPath: await pemFile('mismatch.pem', other.certificatePem + leaf.privateKeyPem) },
        {},
      ),
    );
    expect(mismatch.code).toBe('CERTIFICATE_UNUSABLE');
    expect(mismatch.message).toContain('matches');
  });

  it('says what is missing, and recognises a binary (.pfx) file given as PEM', async () => {
    const keyOnly = await failure(
      loadCertificateCredential({ pemPath: await pemFile('key.pem', leaf.privateKeyPem) }, {}),
    );
    expect(keyOnly.message).toContain('needs both the certificate and its private key');
    expect(keyOnly.fix).toContain('openssl pkcs12');
    const binary = await failure(
      loadCertificateCredential({ pemPath: await pemFile('app.pfx', Buffer.from([0x30, 0x82, 0x0a, 0x01, 0x02])) }, {}),
    );
    expect(binary.message).toContain('binary');
    const garbled = leaf.certificatePem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    const unparsable = await failure(
      loadCertificateCredential({ pemPath: await pemFile('garbled.pem', garbled + leaf.privateKeyPem) }, {}),
    );
    expect(unparsable.code).toBe('CERTIFICATE_UNUSABLE');
    expect(unparsable.message).toContain('cannot be parsed');
    const missing = await failure(loadCertificateCredential({ pemPath: path.join(folder, 'nope.pem') }, {}));
    expect(missing.code).toBe('INVALID_INPUT');
  });

  it('refuses .pfx files with the conversion command', async () => {
    const error = await failure(loadCertificateCredential({ pfxPath: 'app.pfx', passwordEnv: 'X' }, { X: 'pw' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fix).toContain('openssl pkcs12 -in cert.pfx -out cert.pem -nodes');
    expect(error.fix).toContain('--certificate-path');
  });
});
