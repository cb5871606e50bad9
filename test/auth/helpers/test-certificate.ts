/**
 * Self-signed X.509 certificates made with node:crypto alone (Node can parse certificates but not create
 * them): a minimal DER encoder for the few structures a v3 certificate needs. Test equipment only.
 */
import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}
const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const integer = (value: Buffer) => der(0x02, value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => der(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const explicit = (tag: number, content: Buffer) => der(0xa0 | tag, content);
const NULL = Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first! + second!];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let value = arc; ; value = Math.floor(value / 128)) {
      groups.unshift((value % 128) | (groups.length ? 0x80 : 0));
      if (value < 128) break;
    }
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2025-01-31T12:34:56.789Z → 250131123456Z
  return der(
    0x17,
    Buffer.from(
      `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`,
    ),
  );
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), NULL);
const commonName = (name: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(name))));

export interface TestCertificate {
  certificatePem: string;
  /** PKCS#8, unencrypted. */
  privateKeyPem: string;
  privateKey: KeyObject;
  x509: X509Certificate;
}

export interface TestCertificateOptions {
  name?: string;
  keyType?: 'rsa' | 'ec';
  /** Sign with this key instead of the certificate's own (an "issuer"); needed for EC subjects here. */
  issuerKey?: KeyObject;
  notAfter?: Date;
}

export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { publicKey, privateKey } =
    options.keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = options.issuerKey ?? privateKey;
  const name = commonName(options.name ?? 'ippsconnect test');
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(Buffer.from([0x01, 0x23, 0x45, 0x67])),
    SHA256_WITH_RSA,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, signer);
  const certificate = sequence(tbs, SHA256_WITH_RSA, bitString(signature));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`.replace('\n\n', '\n');
  return {
    certificatePem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    x509: new X509Certificate(certificatePem),
  };
}
