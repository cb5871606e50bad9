/**
 * The prefilter's many-word search (anchors.ts, createAnchorSearch) skips text several characters at a
 * time; it must still find every word wherever it sits. Checked against the plain definition: some word
 * occurs in the text (case-sensitively, or ignoring ASCII case for an any-case word).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnchorWord, createAnchorSearch } from '../../src/transcript/anchors.js';

function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/** The definition the search must agree with. */
function containsAny(text: string, words: readonly AnchorWord[]): boolean {
  return words.some((word) =>
    word.anyCase ? foldAscii(text).includes(foldAscii(word.text)) : text.includes(word.text),
  );
}

const words: AnchorWord[] = [
  { text: 'AADSTS', anyCase: false },
  { text: ' char:', anyCase: false },
  { text: "' is not recognized as", anyCase: false },
  { text: 'UnAuthorized', anyCase: true },
  { text: 'Error: 0x', anyCase: true },
];

describe('createAnchorSearch', () => {
  it.each([
    ['a word at the very start', 'AADSTS50076: sign-in failed', true],
    ['a word at the very end', 'see code AADSTS', true],
    ['a word in the middle', 'At line:1 char:1', true],
    ['an any-case word in another case', 'the server said UNAUTHORIZED', true],
    ['a case-sensitive word in another case', 'aadsts50076', false],
    ['half a word at the end', 'code AADST', false],
    ['a word broken by a space', 'AAD STS', false],
    ['text shorter than every word', 'AAD', false],
    ['ordinary output', 'Name                                Enabled Mode', false],
    ['the empty text', '', false],
    ['a non-ASCII letter is not folded to an ASCII one', 'unauthorızed', false],
  ])('%s', (_name, text, found) => {
    expect(createAnchorSearch(words)(text)).toBe(found);
  });

  it('agrees with the definition on random texts built from pieces of the words', () => {
    const search = createAnchorSearch(words);
    const pieces = [
      'AAD',
      'STS',
      'AADSTS',
      ' char',
      ':',
      'unAUTH',
      'orized',
      "' is not",
      ' recognized as',
      'x',
      ' ',
      'é',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(search(text)).toBe(containsAny(text, words));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the definition for any words, short ones included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ text: fc.string({ unit: fc.constantFrom('a', 'B', 'b', ' ', ':') }), anyCase: fc.boolean() }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', ' ', ':'), maxLength: 40 }),
        (list, text) => {
          const nonEmpty = list.filter((word) => word.text !== '');
          expect(createAnchorSearch(list)(text)).toBe(containsAny(text, nonEmpty));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
