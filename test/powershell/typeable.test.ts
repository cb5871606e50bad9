import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/powershell/errors.js';
import { assertTypeable, quoteTypeable } from '../../src/powershell/typeable.js';

function errorFrom(action: () => void): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('assertTypeable', () => {
  it.each([
    ['', 'empty'],
    ["O'Brien \u2018x\u2019 $(whoami) `e ; | & { }", 'PowerShell metacharacters (quoting handles them)'],
    ['\u00E9\u4E2D\uD83D\uDE00', 'non-ASCII letters and a surrogate pair'],
    ['\u00A0\u2028\u2029', 'unusual spaces and separators a terminal does not act on'],
  ])('accepts %j (%s)', (value) => {
    expect(() => assertTypeable(value, 'UserPrincipalName')).not.toThrow();
  });

  it.each([
    ['a\nb', 'a line feed (U+000A) at position 2'],
    ['a\rb', 'a carriage return (U+000D) at position 2'],
    ['\tb', 'a tab (U+0009) at position 1'],
    ['a\0', 'a NUL character (U+0000) at position 2'],
    ['\u001B[31m', 'an escape character (U+001B)'],
    ['\u0003', 'a Ctrl+C character (U+0003)'],
    ['\u007F', 'a DEL character (U+007F)'],
    ['\u0085', 'a control character (U+0085)'],
    ['\u009B', 'a control character (U+009B)'],
    ['x\uD800', 'an unpaired surrogate (U+D800) at position 2'],
    ['\uDC00x', 'an unpaired surrogate (U+DC00) at position 1'],
  ])('rejects %j: %s', (value, described) => {
    const error = errorFrom(() => assertTypeable(value, 'AccessToken'));
    expect(error.field).toBe('AccessToken');
    expect(error.message).toContain('Invalid AccessToken');
    expect(error.message).toContain(described);
    expect(error.fix).toMatch(/AccessToken/);
  });

  it('never repeats the value in its message (it may be a secret)', () => {
    const error = errorFrom(() => assertTypeable('secret-token-value\n', 'AccessToken'));
    expect(error.message).not.toContain('secret-token-value');
  });

  it('throws exactly when the string holds a control character or an unpaired surrogate', () => {
    const untypeable =
      /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(fc.oneof(anyCodeUnits, fc.string({ unit: 'binary' })), (value) => {
        let threw = false;
        try {
          assertTypeable(value, 'X');
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          threw = true;
        }
        return threw === untypeable.test(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('quoteTypeable', () => {
  it('quotes typeable values and refuses the rest', () => {
    expect(quoteTypeable("it's", 'UserPrincipalName')).toBe("'it''s'");
    expect(() => quoteTypeable('a\nb', 'UserPrincipalName')).toThrow(ValidationError);
  });
});
