/**
 * Screen.condense hands the emulator fewer characters for a flood of finished lines; what the screen is
 * kept for must not change: where the cursor is (PowerShell's cursor queries are answered from it) and
 * the text of the cursor's row (an unfinished prompt shows there). Each case feeds one screen the data as
 * it is and another what condense made of it, after the same earlier output, and compares the two.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Screen } from '../../src/host/screen.js';
import { directScreenState, type ScreenState } from '../helpers/screen.js';

const cols = 40;

async function compare(
  before: string,
  flood: string,
  rows = 70,
): Promise<{ raw: ScreenState; condensed: ScreenState; changed: boolean }> {
  const condensed = new Screen(cols, rows, () => {}).condense(flood);
  return {
    raw: await directScreenState({ cols, rows }, [before, flood]),
    condensed: await directScreenState({ cols, rows }, [before, condensed]),
    changed: condensed !== flood,
  };
}

const line = (n: number, width: number) => `line ${n} `.padEnd(width, '.');

describe('Screen.condense', () => {
  it('condenses fewer short finished lines than rows, and the cursor lands alike', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${line(i, 38)}\r\n`).join('');
    const flood = `tail of an earlier line\r\n${lines}prompt> `;
    const { raw, condensed, changed } = await compare('abc', flood);
    expect(changed).toBe(true);
    expect(condensed).toEqual(raw);
  });

  it.each([
    ['a line wider than the screen (it wraps)', `first\r\n${line(1, 50)}\r\n${'y'.repeat(2100)}\r\nend`],
    ['a tab (it moves the cursor further than one column)', `first\r\n${'\t'.repeat(3)}${'z'.repeat(2100)}\r\nend`],
    ['a wide character', `first\r\n${'界'.repeat(30)}${'z'.repeat(2100)}\r\nend`],
    ['a line ended by LF alone', `first\r\n${'w'.repeat(2100)}\nend`],
  ])('keeps %s as it is', async (_name, flood) => {
    const { raw, condensed, changed } = await compare('', flood);
    expect(changed).toBe(false);
    expect(condensed).toEqual(raw);
  });

  // 10 rows: most floods scroll every row away; 70: fewer line ends than rows, only short lines condense.
  it.each([10, 70])(
    'leaves the cursor and its row as they would be, for any flood of lines (%i rows)',
    async (rows) => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: fc.constantFrom('a', ' ', '\r\n', '\x1b[32m'), maxLength: 60 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom('\r\n', '\n', '\r\r\n')), {
            minLength: 1,
            maxLength: 30,
          }),
          fc.string({ unit: fc.constantFrom('b', ' ', '\x1b[0m'), maxLength: 50 }),
          async (before, lines, tail) => {
            const body = lines.map(([width, end], i) => `${line(i, width).slice(0, width)}${end}`).join('');
            // Padding makes the data long enough to be condensed at all.
            const flood = `${'p'.repeat(2048)}\r\n${body}${tail}`;
            const { raw, condensed } = await compare(before, flood, rows);
            expect(condensed).toEqual(raw);
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
