import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/auth/sanitize.js';
import { createTestCertificate } from './helpers/test-certificate.js';

describe('sanitize', () => {
  it('removes known secrets wherever they appear', () => {
    expect(sanitize('secret is s3cr3t-value, again s3cr3t-value', ['s3cr3t-value'])).toBe(
      'secret is [redacted], again [redacted]',
    );
    expect(sanitize('abc', ['ab'])).toBe('abc'); // too short to be a secret: would redact ordinary text
  });

  it('removes JWTs, bearer tokens, credential form fields and JSON fields', () => {
    const jwt = 'eyJhbGciOiJQUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';
    expect(sanitize(`token ${jwt} end`)).toBe('token [redacted] end');
    expect(sanitize('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe('Authorization: Bearer [redacted]');
    expect(sanitize('grant_type=refresh_token&refresh_token=0.AAAA-xyz&client_secret=abc~def&scope=x')).toBe(
      'grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]&scope=x',
    );
    expect(sanitize('{"access_token": "opaque-value", "expires_in": 3599, "refresh_token":"r\\"x"}')).toBe(
      '{"access_token":"[redacted]", "expires_in": 3599, "refresh_token":"[redacted]"}',
    );
  });

  it('removes private keys and keeps certificates', () => {
    const { certificatePem, privateKeyPem } = createTestCertificate();
    const text = sanitize(`cert:\n${certificatePem}key:\n${privateKeyPem}done`);
    expect(text).toContain(certificatePem.trim());
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).toContain('key:\n[redacted]');
  });
});
