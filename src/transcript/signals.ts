/**
 * What a line *says*, whatever its layout: the cheap prefilter every line passes through, and the signals
 * that an error is being reported (a catalogued message anywhere, an AADSTS code, `Exception calling "…"`,
 * a `<Cmdlet> : <message>` head, an exception type with a message, a stack-trace line, a record's field).
 *
 * Pasted text arrives with non-breaking spaces, tabs and typographic quotes; {@link normalizeText} turns
 * them into what PowerShell printed before anything is matched.
 */
import { type AnchorWord, createAnchorSearch, literalAnchor } from './anchors.js';
import { errorCatalog } from './catalog.js';
import type { Line } from './line.js';
import { normalizeText } from './normalize.js';

/** The text of a line, normalized (computed once per line). */
export function normalizedText(line: Line): string {
  // The blank line is shared and frozen; it needs nothing.
  if (line.text === '') return '';
  line.normalized ??= normalizeText(line.text);
  return line.normalized;
}

/** Words that say an error is being reported, besides the catalogue's own anchors (loose.ts reads them). */
const SIGNAL_WORDS = [
  'AADSTS',
  'Exception',
  'One or more errors occurred',
  'stack trace',
  'CategoryInfo',
  'FullyQualifiedErrorId',
  ' char:',
  'NonInteractive',
  'is not recognized as',
  'StackTrace',
  'Cannot ',
  'An item with the same key',
  'failed with the following error message',
  // .NET messages of a failed call (loose.ts DOTNET_MESSAGE).
  'Response status code does not indicate success',
  'Unable to find an entry point named',
];
/** The same, for texts matched case-insensitively (`UnAuthorized` as the module throws it, `unauthorized`). */
const SIGNAL_WORDS_ANY_CASE = ['UnAuthorized'];

const anchored: AnchorWord[] = errorCatalog.flatMap((entry) =>
  entry.patterns.flatMap((pattern) => {
    const text = literalAnchor(pattern);
    return text === undefined ? [] : [{ text, anyCase: pattern.flags.includes('i') }];
  }),
);

/** Anchors of every catalogue pattern plus the signal words: a line with none of them says nothing special. */
const containsAnchor = createAnchorSearch([
  ...anchored,
  ...SIGNAL_WORDS.map((text) => ({ text, anyCase: false })),
  ...SIGNAL_WORDS_ANY_CASE.map((text) => ({ text, anyCase: true })),
]);

/** Whether a text holds any anchor. */
export function hasAnchor(text: string): boolean {
  return containsAnchor(text);
}

/** Catalogue patterns with no literal anchor (a top-level alternation): tested on every line themselves. */
const UNANCHORED = errorCatalog.flatMap((entry) => entry.patterns.filter((p) => literalAnchor(p) === undefined));

/**
 * Line starts that some recognizer reads: `Word:` and `Word :` heads, list rows, stream prefixes, the
 * prompt, banners, captions, prompts, and the lines a record's tail or a stack trace is made of. A superset is
 * fine: it only sends a line down the full path.
 *
 * Indented lines and `-` lines are most of what a table or a wrapped paragraph holds, so only the ones that
 * can matter are here. What else could read them, and why it need not: a quiet head is only ever claimed by
 * a NormalView record (the fast path stops at the first line that is not quiet: a tail's `+` field or `At`
 * line) or as the message above a stack trace (loose.ts: its frames, ` at …`, `--- End of …`, stay here);
 * the loose recognizer's `Cmdlet : message` head, indented or not, has a colon (here); the classic progress
 * rows start with one space (here); a banner rule is 20 dashes or more (here). Every other recognizer starts
 * only at a line beginning with a letter, `[` or `+`.
 */
const SPECIAL_STARTS = [
  // indented: a colon anywhere (an indented `Cmdlet : message`, `Recommendation:`), a tail or gutter mark,
  // a stack frame, a `Line |` header, `At` and `...` tail lines; one space then text (classic progress).
  // `\s[^:]*:`, not `\s+[^:]*:`: the same lines, but the nested quantifier retried every split of a long
  // indent, quadratic in the line's length (64 Ki spaces then `x`: 28 s/MB).
  '\\s[^:]*:',
  ' \\S',
  '\\s*[+|~[\u2022*>]',
  '\\s+\\d+ \\|',
  '\\s+(?:at|bei|bij|\u00e0|en) ',
  '\\s*Line ',
  '\\s*At ',
  '\\s+\\.\\.\\.',
  // dashes: a banner rule, a stack trace's `--- End of …` (not a table's `----  -------` rule under its header)
  '-{20,}$',
  '\\s*--- ',
  // `Word:` and `Word :` heads, list rows
  '\\S*\\s*:',
  'WARNING|VERBOSE|DEBUG|INFORMATION|PS |This |Experience |To sign in|(?:Windows )?PowerShell |cmdlet |Supply ',
  'Confirm|Are you sure|Error Acquiring|The term|Password for user|[Uu][Nn][Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Ee][Dd]',
];
const SPECIAL_START = new RegExp(`^(?:${SPECIAL_STARTS.join('|')})`);

/**
 * A line no recognizer can start with and no error signal is in: plain output. Only the NormalView
 * recognizer (a message-only record's head can be any text) still looks at it, through the parser's fast path.
 */
export function isQuiet(line: Line): boolean {
  if (line.error || line.partial || line.text === '') return false;
  line.quiet ??= quietText(normalizedText(line));
  return line.quiet;
}

function quietText(text: string): boolean {
  if (SPECIAL_START.test(text) || hasAnchor(text)) return false;
  for (const pattern of UNANCHORED) if (pattern.test(text)) return false;
  return true;
}
