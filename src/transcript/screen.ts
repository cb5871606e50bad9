/**
 * Raw line → what the screen shows on that line. A one-line terminal model with overlay semantics:
 * printable text overwrites cells at the cursor; CR, CUP/HVP, CHA/HPA, CUB, CUU/CUD, CNL/CPL and
 * cursor-restore move the cursor (row changes are ignored: everything lands on this line); EL, ED, ECH,
 * DCH and ICH erase, delete or insert. When a cursor move is followed by a change, the cells drawn so far
 * are first kept as a *frame*, so in-place redraws (Write-Progress, `\r` spinners) stay readable even
 * though only the final cells are visible. OSC strings (ippsconnect's `ESC]633;…BEL` shell-integration markers,
 * window titles) and every other escape are dropped; strip-ansi then guards each printable run against
 * 8-bit C1 sequences. SGR state (foreground colour, reverse video) carries across lines, as in a terminal.
 */
import stripAnsi from 'strip-ansi';

/** One character cell. */
export interface Cell {
  ch: string;
  /** SGR foreground colour code (30–37, 90–97, 38 for an extended colour), undefined for the default. */
  fg: number | undefined;
  /** Reverse video (SGR 7) was on when the cell was written. */
  reverse: boolean;
  /** SGR 7 was issued right before this cell, even if SGR 27 followed before any text (a 0 % bar). */
  reverseMark: boolean;
}

export interface ScreenLine {
  /** The final cells of the line (trailing blanks included). */
  cells: readonly Cell[];
  /** Drawings overwritten in place before the final one, oldest first; consecutive duplicates dropped. */
  frames: readonly (readonly Cell[])[];
}

export interface LineRenderer {
  render(raw: string): ScreenLine;
}

/** Most frames kept per line: a spinner redrawn for an hour cannot grow memory without bound. */
export const MAX_FRAMES_PER_LINE = 256;

/** Tab stops every 8 columns, as in every terminal PowerShell runs in. */
const TAB_WIDTH = 8;

// One token of a complete raw line: OSC string | CSI | other ESC sequence | lone ESC | control | text run.
const TOKEN =
  /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[([\u0030-\u003f]*)[\u0020-\u002f]*([\u0040-\u007e])|\u001b[\u0020-\u002f]*([\u0030-\u007e])|\u001b|([\u0000-\u001f\u007f])|[^\u0000-\u001f\u007f\u001b]+/g;

export function createLineRenderer(): LineRenderer {
  let fg: number | undefined;
  let reverse = false;

  function render(raw: string): ScreenLine {
    const cells: Cell[] = [];
    const frames: Cell[][] = [];
    let lastFrameKey = '';
    let col = 0;
    let savedCol = 0;
    let reverseMarkPending = false;
    // A cursor move only *may* start a redraw: the drawing so far becomes a frame when something changes it.
    let movedSinceChange = false;

    const snapshot = (): void => {
      if (!movedSinceChange) return;
      movedSinceChange = false;
      if (!cells.some((cell) => cell.ch !== ' ')) return;
      const key = frameKey(cells);
      if (key === lastFrameKey) return;
      lastFrameKey = key;
      frames.push(cells.map((cell) => ({ ...cell })));
      if (frames.length > MAX_FRAMES_PER_LINE) frames.shift();
    };
    const blank = (): Cell => ({ ch: ' ', fg: undefined, reverse: false, reverseMark: false });
    const erase = (from: number, to: number): void => {
      const start = Math.max(0, from);
      const end = Math.min(to, cells.length);
      if (!cells.slice(start, end).some((cell) => cell.ch !== ' ')) return;
      snapshot();
      for (let i = start; i < end; i++) cells[i] = blank();
    };
    const write = (text: string): void => {
      snapshot();
      // One cell per UTF-16 unit keeps cell indexes equal to text indexes (wide glyphs are not measured).
      for (let i = 0; i < text.length; i++) {
        while (cells.length < col) cells.push(blank());
        cells[col] = { ch: text[i]!, fg, reverse, reverseMark: reverseMarkPending };
        reverseMarkPending = false;
        col++;
      }
    };
    const moveTo = (target: number): void => {
      movedSinceChange = true;
      col = Math.max(0, target);
    };

    for (const match of raw.matchAll(TOKEN)) {
      const token = match[0];
      const csiParams = match[1];
      const csiFinal = match[2];
      const escFinal = match[3];
      const control = match[4];
      if (csiFinal !== undefined) {
        // Private modes (`ESC[?25l` cursor hiding, `ESC[?1h`) change nothing on the line.
        if (csiParams?.startsWith('?')) continue;
        const params = (csiParams ?? '').split(';').map((p) => (p === '' ? undefined : Number.parseInt(p, 10)));
        const n = params[0] ?? 1;
        switch (csiFinal) {
          case 'm':
            applySgr(params);
            break;
          case 'H':
          case 'f':
            moveTo((params[1] ?? 1) - 1);
            break;
          case 'G':
          case '`':
            moveTo(n - 1);
            break;
          case 'D':
            moveTo(col - n);
            break;
          case 'C':
            col += n;
            break;
          case 'A':
          case 'B':
            moveTo(col);
            break;
          case 'E':
          case 'F':
            moveTo(0);
            break;
          case 'u':
            moveTo(savedCol);
            break;
          case 's':
            savedCol = col;
            break;
          case 'K':
          case 'J': {
            movedSinceChange = true;
            const mode = params[0] ?? 0;
            if (mode === 0) erase(col, cells.length);
            else if (mode === 1) erase(0, col + 1);
            else erase(0, cells.length);
            break;
          }
          case 'X':
            erase(col, col + n);
            break;
          case 'P':
            snapshot();
            cells.splice(col, n);
            break;
          case '@':
            snapshot();
            if (col < cells.length) cells.splice(col, 0, ...Array.from({ length: n }, blank));
            break;
          default:
            break;
        }
      } else if (escFinal !== undefined) {
        if (token === '\u001b7') savedCol = col;
        else if (token === '\u001b8') moveTo(savedCol);
      } else if (control !== undefined) {
        if (control === '\r') moveTo(0);
        else if (control === '\b') col = Math.max(0, col - 1);
        else if (control === '\t') col = (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH;
      } else if (token[0] !== '\u001b') {
        write(stripAnsi(token));
      }
    }
    return { cells, frames };

    function applySgr(params: (number | undefined)[]): void {
      for (let i = 0; i < params.length; i++) {
        const p = params[i] ?? 0;
        if (p === 0) {
          fg = undefined;
          reverse = false;
        } else if (p === 7) {
          reverse = true;
          reverseMarkPending = true;
        } else if (p === 27) reverse = false;
        else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) fg = p;
        else if (p === 39) fg = undefined;
        else if (p === 38 || p === 48) {
          if (p === 38) fg = 38;
          i += params[i + 1] === 5 ? 2 : params[i + 1] === 2 ? 4 : 0;
        }
      }
    }
  }

  return { render };
}

/** The visible text of cells: characters in order, trailing blanks dropped. */
export function cellText(cells: readonly Cell[]): string {
  return cells
    .map((cell) => cell.ch)
    .join('')
    .trimEnd();
}

function frameKey(cells: readonly Cell[]): string {
  let chars = '';
  let marks = '';
  for (const cell of cells) {
    chars += cell.ch;
    marks += cell.reverseMark ? '2' : cell.reverse ? '1' : '0';
  }
  return `${chars}\u0000${marks}`;
}
