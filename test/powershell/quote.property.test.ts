// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are PowerShell source, where ${name} is a variable
/**
 * quotePowerShell against the real PowerShell parser: every quoted string must parse back as one
 * single-quoted string constant equal to the original, whatever the string contains.
 * Each test starts ONE PowerShell and parses all its samples there (see parser-oracle.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { quotePowerShell, quotePowerShellArray } from '../../src/powershell/quote.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';
import { type LiteralParse, literalMismatch, parseLiterals } from './parser-oracle.js';

// At least 1000 in CI; locally too, since the whole batch is one PowerShell start plus a second of work.
const RUNS = Number(process.env.QUOTE_PROPERTY_RUNS ?? 1000);
// Random by default so each CI run explores new strings; QUOTE_PROPERTY_SEED replays a failure.
const SEED = Number(process.env.QUOTE_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Pieces PowerShell gives meaning to, in and around strings. */
const hostilePieces = [
  "'",
  '\u2018', // ‘ left single quotation mark: a single quote to PowerShell
  '\u2019', // ’ right single quotation mark
  '\u201A', // ‚ single low-9 quotation mark
  '\u201B', // ‛ single high-reversed-9 quotation mark
  "''",
  "'\u2019",
  '"',
  '\u201C',
  '\u201D',
  '\u201E',
  '`',
  '`e',
  '`n',
  '`u{1F600}',
  '$',
  '$x',
  '${env:PATH}',
  '$(whoami)',
  '@(1)',
  "@'",
  "'@",
  '@"',
  '"@',
  ';',
  '&',
  '&&',
  '||',
  '|',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '#',
  '<#',
  '#>',
  '--%',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\u0085', // next line
  '\u2028',
  '\u2029',
  '\u00A0',
  '-',
  '\u2013', // – en dash: a dash to PowerShell
  '\u2014',
  ' Remove-Item -Recurse / ',
  'calc',
  '\uD83D\uDE00', // a surrogate pair
];

const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const hostileString = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...hostilePieces) },
      { weight: 3, arbitrary: anyCodePoint },
      { weight: 1, arbitrary: loneSurrogate },
    ),
    { maxLength: 30 },
  )
  .map((pieces) => pieces.join(''));
/** Hostile mixtures, plain random unicode, and printable graphemes. */
const anyString = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

interface Mismatch {
  input: readonly string[];
  literal: string;
  problem: string;
}

/** The failures, shortest first: the shortest is usually the clearest counterexample. */
function describeFailures(failures: Mismatch[], total: number): string {
  const shown = [...failures].sort((a, b) => a.literal.length - b.literal.length).slice(0, 5);
  const lines = shown.map((f) => `  input ${JSON.stringify(f.input)} → ${JSON.stringify(f.literal)}: ${f.problem}`);
  return `${failures.length} of ${total} failed (replay with QUOTE_PROPERTY_SEED=${SEED}):\n${lines.join('\n')}`;
}

describe.skipIf(skipWithoutPwsh)('quotePowerShell, checked by the real PowerShell parser', () => {
  const handWritten: Array<[label: string, value: string]> = [
    ['empty string', ''],
    ['statement injection', "'; Remove-Item -Recurse /; '"],
    ['typographic quote injection', '\u2018; calc; \u2019'],
    ['all five single quotes', "'\u2018\u2019\u201A\u201B"],
    ['mixed quote pair', "'\u2019"],
    ['subexpression', '$(whoami)'],
    ['variable and backticks', '$env:USERNAME `e`n`0'],
    ['here-string markers', "@'\nx\n'@"],
    ['double quotes', '"$(calc)"'],
    ['trailing quote', "O'"],
    ['newlines and NUL', 'a\r\nb\nc\rd\0'],
    ['stop-parsing token', '--% & calc'],
  ];
  let parses: LiteralParse[] = [];

  beforeAll(async () => {
    parses = await parseLiterals(
      testPwsh!,
      handWritten.map(([, value]) => quotePowerShell(value)),
    );
  });

  it.each(handWritten.map(([label, value], index) => ({ label, value, index })))('$label', ({ value, index }) => {
    expect(literalMismatch(parses[index]!, 'string', [value])).toBeUndefined();
  });

  it(`parses ${RUNS} random strings back to themselves`, async () => {
    const inputs = fc.sample(anyString, { numRuns: RUNS, seed: SEED });
    const literals = inputs.map(quotePowerShell);
    const results = await parseLiterals(testPwsh!, literals);
    const failures: Mismatch[] = [];
    results.forEach((parse, i) => {
      const problem = literalMismatch(parse, 'string', [inputs[i]!]);
      if (problem) failures.push({ input: [inputs[i]!], literal: literals[i]!, problem });
    });
    expect(failures, describeFailures(failures, inputs.length)).toEqual([]);
  });

  it('parses random string arrays back to themselves', async () => {
    const arrays = fc.sample(fc.array(anyString, { maxLength: 4 }), { numRuns: Math.ceil(RUNS / 4), seed: SEED });
    const literals = arrays.map(quotePowerShellArray);
    const results = await parseLiterals(testPwsh!, literals);
    const failures: Mismatch[] = [];
    results.forEach((parse, i) => {
      const problem = literalMismatch(parse, 'array', arrays[i]!);
      if (problem) failures.push({ input: arrays[i]!, literal: literals[i]!, problem });
    });
    expect(failures, describeFailures(failures, arrays.length)).toEqual([]);
  });
});
