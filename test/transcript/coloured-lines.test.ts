/**
 * A line of text and colour codes only skips the cell model (screen.ts, ColouredScreenLine). What it gives
 * must be what the cell model gives: the same cells, text, first colour, no frames, and the same colours
 * carried to the next line. `ESC[?25l` (hide the cursor, which changes nothing on a line) in front of a line
 * sends it through the cell model, so each line is rendered both ways and compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineRenderer, type ScreenLine } from '../../src/transcript/screen.js';

const THROUGH_CELLS = '\u001b[?25l';

function seen(line: ScreenLine) {
  return {
    text: line.text,
    firstFg: line.firstFg,
    frames: line.frames.length,
    cells: line.cells.map(({ ch, fg, reverse, reverseMark }) => ({ ch, fg, reverse, reverseMark })),
  };
}

/** Renders `lines` one after another (colours carry over), each with `prefix` in front. */
function renderAll(lines: readonly string[], prefix: string) {
  const renderer = createLineRenderer();
  return lines.map((line) => seen(renderer.render(prefix + line)));
}

const sgr = fc
  .array(fc.constantFrom('', '0', '1', '7', '27', '31', '91', '39', '32', '38;5;9', '38;2;1;2;3', '48;5;1'), {
    maxLength: 3,
  })
  .map((params) => `\u001b[${params.join(';')}m`);
const piece = fc.oneof(sgr, fc.constantFrom('a', ' ', 'Error', ']', ' [', '\u00a0', 'é', '界'));
// Each line holds a colour code, so none is plain text (plain lines take another path, PlainScreenLine).
const line = fc.tuple(sgr, fc.array(piece, { maxLength: 12 })).map(([first, pieces]) => first + pieces.join(''));

describe('coloured lines without the cell model', () => {
  it.each([
    ['an error record line in the error colour', ['\u001b[31;1mGet-Thing: failed\u001b[0m']],
    ['a table header in green, then plain rows', ['\u001b[32;1mName  Mode\u001b[0m', 'a     b']],
    ['a colour left on for the next line', ['\u001b[91mred', 'still red']],
    ['a 0 % progress bar (reverse on and off before any text)', ['Activity [\u001b[7m\u001b[27m   status   ]']],
    ['a line ending in CR LF', ['\u001b[33mwarn\u001b[0m\r']],
  ])('%s: as the cell model draws it', (_name, lines) => {
    expect(renderAll(lines, '')).toEqual(renderAll(lines, THROUGH_CELLS));
  });

  it('draws any lines of text and colour codes as the cell model does', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        expect(renderAll(lines, '')).toEqual(renderAll(lines, THROUGH_CELLS));
      }),
      { numRuns: 1500 },
    );
  });
});
