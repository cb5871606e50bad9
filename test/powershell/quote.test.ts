import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotePowerShell, quotePowerShellArray } from '../../src/powershell/quote.js';

/** The characters PowerShell's tokenizer treats as a single quote (CharExtensions.IsSingleQuote). */
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * A model of how PowerShell reads a single-quoted literal (Tokenizer.ScanStringLiteral): any single
 * quote opens it; inside, a single quote followed by another yields the second one, and a lone one ends
 * the string. Returns the value and what follows, or undefined when the literal is not terminated.
 * The real parser is checked in quote.property.test.ts; this model lets fast-check shrink cheaply.
 */
function readSingleQuoted(source: string): { value: string; rest: string } | undefined {
  if (!SINGLE_QUOTES.has(source[0] ?? '')) return undefined;
  let value = '';
  for (let i = 1; i < source.length; i++) {
    const c = source[i]!;
    if (!SINGLE_QUOTES.has(c)) {
      value += c;
    } else if (SINGLE_QUOTES.has(source[i + 1] ?? '')) {
      value += source[i + 1];
      i++;
    } else {
      return { value, rest: source.slice(i + 1) };
    }
  }
  return undefined;
}

const quoteHeavyString = fc.string({
  unit: fc.oneof(fc.constantFrom(...SINGLE_QUOTES), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
});

describe('quotePowerShell', () => {
  it.each([
    ['', "''"],
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['\u2018x\u2019', "'\u2018\u2018x\u2019\u2019'"],
    ['\u201A\u201B', "'\u201A\u201A\u201B\u201B'"],
    ['$(whoami) `e "x"', '\'$(whoami) `e "x"\''],
    ['\u201C\u201D', "'\u201C\u201D'"], // double typographic quotes mean nothing inside '…'
  ])('%j → %j', (value, literal) => {
    expect(quotePowerShell(value)).toBe(literal);
  });

  it('reads back as exactly the original string, ending where the literal ends (model)', () => {
    fc.assert(
      fc.property(quoteHeavyString, (value) => {
        expect(readSingleQuoted(quotePowerShell(value))).toEqual({ value, rest: '' });
      }),
      { numRuns: 2000 },
    );
  });

  it('shows why every typographic quote must be doubled (model)', () => {
    // Doubling only ASCII quotes lets ’ end the string and the rest run as code.
    const naive = `'${'\u2019; calc; \u2018'.replace(/'/g, "''")}'`;
    expect(readSingleQuoted(naive)).toEqual({ value: '', rest: "; calc; \u2018'" });
  });
});

describe('quotePowerShellArray', () => {
  it.each([
    [[], '@()'],
    [['Get-Label'], "@('Get-Label')"],
    [['a', "b'c", '*-Dlp*'], "@('a','b''c','*-Dlp*')"],
  ])('%j → %s', (values, literal) => {
    expect(quotePowerShellArray(values)).toBe(literal);
  });
});
