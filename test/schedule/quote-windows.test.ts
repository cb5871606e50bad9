import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinWindowsArguments, quoteWindowsArgument } from '../../src/schedule/index.js';
import { splitWindowsCommandLine } from './windows-command-line.js';

describe('quoteWindowsArgument', () => {
  it.each([
    ['run', 'run'],
    ['C:\\Jobs\\job.json', 'C:\\Jobs\\job.json'],
    ['', '""'],
    ['C:\\Program Files\\job.json', '"C:\\Program Files\\job.json"'],
    ['tab\there', '"tab\there"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['"', '"\\""'],
    // Trailing backslashes would escape the closing quote; they are doubled.
    ['C:\\My Jobs\\', '"C:\\My Jobs\\\\"'],
    ['C:\\My Jobs\\\\', '"C:\\My Jobs\\\\\\\\"'],
    // Backslashes before a quote: 2n+1 of them, then the quote.
    ['a\\"b c', '"a\\\\\\"b c"'],
    // Backslashes elsewhere stay as they are, quoted or not.
    ['\\\\server\\share x', '"\\\\server\\share x"'],
    ['no\\"space', '"no\\\\\\"space"'],
  ])('%j → %s', (argument, expected) => {
    expect(quoteWindowsArgument(argument)).toBe(expected);
    expect(splitWindowsCommandLine(expected)).toEqual([argument]);
  });

  it('joins arguments that read back one by one', () => {
    const args = [
      'C:\\ipps\\dist\\cli\\main.js',
      'run',
      '--config',
      'C:\\My Jobs\\',
      '--command',
      'Get-Label "x y"',
      '',
    ];
    expect(splitWindowsCommandLine(joinWindowsArguments(args))).toEqual(args);
  });

  it('reads back any list of arguments unchanged (property)', () => {
    const character = fc.constantFrom('a', 'Z', ' ', '\t', '\\', '"', "'", '%', '&', '^', 'é', '€', '\n');
    const argument = fc.string({ unit: character, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 6 }), (args) => {
        expect(splitWindowsCommandLine(joinWindowsArguments(args))).toEqual(args);
      }),
      { numRuns: 2000 },
    );
  });
});
