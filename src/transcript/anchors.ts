/**
 * Literal anchors of regexes: the longest run of text a match must contain. The parser's prefilter looks for
 * all anchors at once (createAnchorSearch) and skips every catalogue pattern and recognizer when none is
 * there, so a line of ordinary output costs one quick scan. Derived from the patterns themselves, so a
 * catalogue entry added later is covered without anyone listing its keywords.
 */

/** Chars that are literal in a regex source when not escaped. */
const PLAIN = /[A-Za-z0-9 ,'"_%&=<>!@#;:/`~-]/;

/**
 * The longest literal run `regex` needs in every match, or undefined when it has none worth using (a
 * top-level alternation, or no run of 3 characters).
 */
export function literalAnchor(regex: RegExp): string | undefined {
  const source = regex.source;
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  let inClass = false;
  const cut = (): void => {
    if (depth === 0 && run.length > 0) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (inClass) {
      if (ch === '\\') i++;
      else if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (/[.\\/()[\]{}|*+?^$'"-]/.test(next)) {
        if (depth === 0) run += next;
      } else cut();
      continue;
    }
    if (ch === '?' || ch === '*' || (ch === '{' && /^\{0[,}]/.test(source.slice(i)))) {
      // The character (or group) before an optional quantifier may be absent.
      if (depth === 0) run = run.slice(0, -1);
      cut();
      if (ch === '{') i = source.indexOf('}', i);
      continue;
    }
    if (ch === '{') {
      cut();
      i = source.indexOf('}', i);
      continue;
    }
    if (ch === '(') {
      cut();
      depth++;
      continue;
    }
    if (ch === ')') {
      depth--;
      // A group followed by an optional quantifier is skipped like any group.
      continue;
    }
    if (ch === '|') {
      if (depth === 0) return undefined;
      continue;
    }
    if (ch === '[') {
      cut();
      inClass = true;
      continue;
    }
    if (depth === 0 && PLAIN.test(ch)) run += ch;
    else cut();
  }
  cut();
  const best = runs.map((r) => r.trim()).sort((a, b) => b.length - a.length)[0];
  return best !== undefined && best.length >= 3 ? best : undefined;
}

/** A word to look for, matched case-sensitively or, with `anyCase`, ignoring ASCII case. */
export interface AnchorWord {
  text: string;
  anyCase: boolean;
}

/** Characters per block the shift table reads (two: 65,536 entries cover every pair of folded bytes). */
const BLOCK = 2;
/** Longest prefix of a word the shift table looks at (shifts are stored in bytes). */
const MAX_WINDOW = 255;

/**
 * Whether a text contains any of `words`, in about one look per few characters of text. A combined
 * regex (an alternation of ~80 anchors) costs V8 5–8 ns per character because it tries the alternation at
 * every position; this is Horspool's skip search extended to many words (Wu and Manber, 1994):
 *
 * - Every word's first `m` characters (m: the shortest word's length) form its window. A window of the
 *   text ends at `end`; the pair of characters at `end - 1, end` is looked up in a table of shifts: how far
 *   the window may move before that pair could line up with the same pair in some word's window. A pair
 *   in no word moves the window by `m - 1`, so ordinary text is skipped several characters at a time.
 * - A shift of 0 means the pair ends some word's window: those words are compared in full at the window's
 *   start. A move never skips a match: it is the smallest over all words, as in Horspool's search.
 *
 * The table is keyed on ASCII-case-folded bytes, so it serves case-sensitive and any-case words alike
 * (a collision only costs a comparison, which is exact). Words are ASCII, as literalAnchor keeps them; for
 * any-case words only ASCII letters are folded, which is what a non-unicode `i` regex does for them.
 */
export function createAnchorSearch(words: readonly AnchorWord[]): (text: string) => boolean {
  const unique = [...new Map(words.filter((w) => w.text !== '').map((w) => [`${w.anyCase}:${w.text}`, w])).values()];
  if (unique.length === 0) return () => false;
  const window = Math.min(MAX_WINDOW, ...unique.map((w) => w.text.length));
  if (window < BLOCK) return (text) => unique.some((word) => containsWord(text, word));
  const shifts = new Uint8Array(1 << 16).fill(window - BLOCK + 1);
  const endingHere = new Map<number, AnchorWord[]>();
  for (const word of unique) {
    for (let j = BLOCK - 1; j < window; j++) {
      const key = pairKey(word.text.charCodeAt(j - 1), word.text.charCodeAt(j));
      shifts[key] = Math.min(shifts[key]!, window - 1 - j);
    }
    const last = pairKey(word.text.charCodeAt(window - 2), word.text.charCodeAt(window - 1));
    endingHere.set(last, [...(endingHere.get(last) ?? []), word]);
  }
  return (text) => {
    for (let end = window - 1; end < text.length; ) {
      const key = pairKey(text.charCodeAt(end - 1), text.charCodeAt(end));
      const shift = shifts[key]!;
      if (shift > 0) {
        end += shift;
        continue;
      }
      const start = end - window + 1;
      for (const word of endingHere.get(key)!) if (wordAt(text, word, start)) return true;
      end++;
    }
    return false;
  };
}

/** ASCII upper case folded to lower case; every other code unit as it is. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code | 32 : code;
}

/** The shift table's key for two characters: their folded low bytes. */
function pairKey(first: number, second: number): number {
  return ((fold(first) & 0xff) << 8) | (fold(second) & 0xff);
}

/** Whether `word` is in `text` at `start`. */
function wordAt(text: string, word: AnchorWord, start: number): boolean {
  if (!word.anyCase) return text.startsWith(word.text, start);
  if (start + word.text.length > text.length) return false;
  for (let i = 0; i < word.text.length; i++) {
    const a = text.charCodeAt(start + i);
    const b = word.text.charCodeAt(i);
    if (a !== b && fold(a) !== fold(b)) return false;
  }
  return true;
}

/** Whether `word` is anywhere in `text` (words shorter than a block: a plain scan). */
function containsWord(text: string, word: AnchorWord): boolean {
  if (!word.anyCase) return text.includes(word.text);
  for (let start = 0; start + word.text.length <= text.length; start++) if (wordAt(text, word, start)) return true;
  return false;
}
