import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/record/errors.js';
import { createRedactor, createValueRedactor, redactText, redactValue } from '../../src/record/redact.js';
import { REDACTION_MARKER } from '../../src/record/redaction-rules.js';

/** Feeds `text` to a fresh redactor cut at `cuts` (any numbers; taken modulo the length) and joins the output. */
function redactInPieces(text: string, secrets: string[], cuts: number[], maxTokenHoldBack?: number): string {
  const redactor = createRedactor({ secrets, maxTokenHoldBack });
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  let output = '';
  let from = 0;
  for (const point of [...points, text.length]) {
    output += redactor.push(text.slice(from, point));
    from = point;
  }
  return output + redactor.end();
}

const chars = (alphabet: string) => fc.constantFrom(...alphabet);
const base64url = (minLength: number, maxLength: number) =>
  fc.string({ unit: chars('ABCXYZabcxyz0189_-'), minLength, maxLength });
/** Secrets are lowercase and digits, so they cannot be completed by the marker's capitals and brackets. */
const secret = fc.string({ unit: chars('abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 4, maxLength: 12 });
const jwt = fc.tuple(base64url(10, 30), base64url(10, 30), base64url(0, 30)).map(([header, payload, signature]) => ({
  header,
  payload,
  signature,
  text: `eyJ${header}.${payload}.${signature}`,
}));
const bearerToken = fc.string({ unit: chars('ABCabc019._~+/-'), minLength: 16, maxLength: 100 });
/** Noise rich in near misses: pieces of `eyJ` and `Bearer`, dots, token characters, escapes, astral characters. */
const noise = fc.oneof(
  fc.string({ unit: chars('aeyJBrx.-_= \t\r\n\u001b[m😀é') }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const cuts = fc.array(fc.nat(), { maxLength: 12 });

/** Pieces of a terminal stream; `hidden` are the parts of a token that must never reach the output. */
const piece = fc.oneof(
  noise.map((text) => ({ text })),
  secret.map((value) => ({ text: value, secret: value })),
  jwt.map((token) => ({ text: token.text, hidden: [token.payload, token.signature] })),
  bearerToken.map((token) => ({ text: `Bearer ${token}`, hidden: [token] })),
);
type Piece = typeof piece extends fc.Arbitrary<infer T> ? T : never;

/** Hidden values long enough (10+) not to turn up by chance in the noise. */
function hiddenValues(pieces: Piece[]): string[] {
  return pieces.flatMap((p) => ('hidden' in p ? p.hidden : [])).filter((value) => value.length >= 10);
}

const jwtShape = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;
const bearerShape = /Bearer[ \t]+[A-Za-z0-9._~+/-]{16,}/i;

describe('redaction', () => {
  it('replaces secrets, JWTs and bearer tokens', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3Bz.c2lnbmF0dXJlX2hlcmU';
    expect(redactText(`pw=Hunter2! tok=${token};`, ['Hunter2!'])).toBe('pw=[REDACTED] tok=[REDACTED];');
    expect(redactText('Authorization: Bearer abcdefghijklmnop0123==\r\n', [])).toBe(
      'Authorization: Bearer [REDACTED]\r\n',
    );
    expect(redactText('The Bearer token expired', [])).toBe('The Bearer token expired');
  });

  it('redacts the whole of overlapping secrets and of a token glued to another', () => {
    expect(redactText('xabcabcx', ['abca', 'cabc'])).toBe('x[REDACTED]x');
    const first = 'eyJaaaaaaaaaaaa.bbbbbbbbbbbb.cc';
    const second = 'eyJdddddddddddd.eeeeeeeeeeee.ff';
    expect(redactText(`${first}${second} end`, [])).toBe('[REDACTED] end');
  });

  it('refuses secrets shorter than 4 characters without quoting them', () => {
    const attempt = () => createRedactor({ secrets: ['longenough', 'abc'] });
    expect(attempt).toThrow(RecordError);
    expect(attempt).toThrow(/3 character\(s\) is too short/);
    expect(attempt).not.toThrow(/abc/);
  });

  it('redacts a secret split across chunks', () => {
    const redactor = createRedactor({ secrets: ['s3cr3t-value'] });
    const output = [redactor.push('login s3c'), redactor.push('r3t-va'), redactor.push('lue ok'), redactor.end()];
    expect(output.join('')).toBe('login [REDACTED] ok');
    expect(output[0]).toBe('login '); // the possible start of the secret waited for the next chunk
  });

  it('holds back only what could still become a secret or token', () => {
    const redactor = createRedactor({ secrets: ['p4ssw0rd'] });
    expect(redactor.push('PS C:\\> ')).toBe('PS C:\\> ');
    expect(redactor.push('Get-Item p4')).toBe('Get-Item ');
    expect(redactor.push('x')).toBe('p4x');
    expect(redactor.push('Bear')).toBe('');
    expect(redactor.end()).toBe('Bear');
  });

  it('redacts an overlong token whole, with the rest of its run, when it outgrows the hold-back', () => {
    const token = `eyJ${'a'.repeat(100)}.${'b'.repeat(100)}.${'c'.repeat(100)}`;
    const text = `before ${token} after`;
    const output = redactInPieces(
      text,
      [],
      [...text].map((_, index) => index),
      64,
    );
    expect(output).toBe('before [REDACTED] after');
    expect(() => createRedactor({ secrets: [], maxTokenHoldBack: 10 })).toThrow('maxTokenHoldBack must be at least 64');
  });

  it('never lets a secret or token through, and pieces never change the result', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.array(secret, { maxLength: 3 }), cuts, (pieces, extra, at) => {
        const text = pieces.map((p) => p.text).join('');
        const secrets = [...pieces.flatMap((p) => ('secret' in p ? [p.secret] : [])), ...extra];
        const whole = redactText(text, secrets);
        expect(redactInPieces(text, secrets, at)).toBe(whole);
        for (const value of [...secrets, ...hiddenValues(pieces)]) expect(whole).not.toContain(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('still lets nothing through when tokens outgrow a small hold-back', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 10 }),
        cuts,
        fc.integer({ min: 64, max: 100 }),
        (pieces, at, maxTokenHoldBack) => {
          const text = pieces.map((p) => p.text).join('');
          const secrets = pieces.flatMap((p) => ('secret' in p ? [p.secret] : []));
          const output = redactInPieces(text, secrets, at, maxTokenHoldBack);
          for (const value of [...secrets, ...hiddenValues(pieces)]) expect(output).not.toContain(value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves text without secrets or token shapes unchanged, however it is cut', () => {
    fc.assert(
      fc.property(noise, fc.array(secret, { maxLength: 3 }), cuts, (text, secrets, at) => {
        fc.pre(!secrets.some((value) => text.includes(value)) && !jwtShape.test(text) && !bearerShape.test(text));
        expect(redactInPieces(text, secrets, at)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("createValueRedactor (a session's events)", () => {
  it('redacts each value as redactValue does, picks up a secret added later, and never returns the value itself', () => {
    const secrets = ['first-secret-0001'];
    const redact = createValueRedactor(secrets);
    const event = {
      type: 'output',
      text: 'a first-secret-0001 b answer-typed-0002',
      nested: [{ text: 'answer-typed-0002' }],
    };
    expect(redact(event)).toEqual(redactValue(event, secrets));
    expect(redact(event).text).toBe(`a ${REDACTION_MARKER} b answer-typed-0002`);
    // An answer typed at a prompt joins the secrets while the session runs.
    secrets.push('answer-typed-0002');
    const after = redact(event);
    expect(after).toEqual({
      type: 'output',
      text: `a ${REDACTION_MARKER} b ${REDACTION_MARKER}`,
      nested: [{ text: REDACTION_MARKER }],
    });
    expect(after).not.toBe(event);
    expect(after.nested[0]).not.toBe(event.nested[0]);
    expect(event.text).toBe('a first-secret-0001 b answer-typed-0002');
  });
});
