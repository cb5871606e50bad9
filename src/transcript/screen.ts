/**
 * Raw line → what the screen shows on that line. A one-line terminal model with overlay semantics:
 * printable text overwrites cells at the cursor; CR, CUP/HVP, CHA/HPA, CUB, CUU/CUD, CNL/CPL and
 * cursor-restore move the cursor (row changes are ignored: everything lands on this line); EL, ED, ECH,
 * DCH and ICH erase, delete or insert. When a cursor move is followed by a change, the cells drawn so far
 * are first kept as a *frame*, so in-place redraws (Write-Progress, `\r` spinners) stay readable even
 * though only the final cells are visible. OSC strings (ippsconnect's `ESC]633;…BEL` shell-integration markers,
 * window titles) and every other escape are dropped; strip-ansi then guards each printable run against
 * 8-bit C1 sequences. SGR state (foreground colour, reverse video) carries across lines, as in a terminal.
 *
 * Hostile input is bounded by the mechanism, not by special cases (issue 16):
 * - every count and column from an escape is clamped ({@link MAX_CURSOR_JUMP} past the drawn cells);
 * - a line's rendering work (cells written, padded, erased, shifted or copied into frames) is bounded by
 *   {@link WORK_PER_CHARACTER} times its length: past that budget the line stops honouring cursor
 *   movement and erasure and its remaining text is appended, so a redraw storm costs linear time;
 * - a frame is kept only when the drawing it overwrites was drawn afresh (at least an eighth of the
 *   line written since the last frame), so redrawing one cell of a wide line costs nothing.
 * A line with no escape and no control character (plain text: a Start-Transcript log, a redirected stream)
 * skips the cell model: its cells are only built when someone asks for them.
 */
import stripAnsi from 'strip-ansi';

/** One character cell. Cells are never changed once made: a redraw replaces them. */
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
  /** The final cells of the line (trailing blanks included); built on first use for plain lines. */
  readonly cells: readonly Cell[];
  /** Drawings overwritten in place before the final one, oldest first; consecutive duplicates dropped. */
  readonly frames: readonly (readonly Cell[])[];
  /** The visible text: the cells' characters, trailing blanks dropped. */
  readonly text: string;
  /** Colour of the first visible cell (undefined: default colour, or no visible cell). */
  readonly firstFg: number | undefined;
  /** Printable ASCII only, known without a look: nothing in it is a pasted character to normalize. */
  readonly ascii?: boolean;
}

export interface LineRenderer {
  render(raw: string): ScreenLine;
  /** Renders a line without carrying its colour state on to the next line (a look at an unfinished line). */
  preview(raw: string): ScreenLine;
}

/** Most frames kept per line: a spinner redrawn for an hour cannot grow memory without bound. */
export const MAX_FRAMES_PER_LINE = 256;

/** Farthest a cursor move, insert or erase count may reach past the drawn cells (far wider than any terminal). */
export const MAX_CURSOR_JUMP = 1024;

/** Rendering work allowed per character of a raw line, plus {@link BASE_WORK} per line. */
export const WORK_PER_CHARACTER = 64;
const BASE_WORK = 4096;

/** Tab stops every 8 columns, as in every terminal PowerShell runs in. */
const TAB_WIDTH = 8;

// One token of a complete raw line: OSC string | CSI | other ESC sequence | lone ESC | control | text run.
const TOKEN =
  /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[([\u0030-\u003f]*)[\u0020-\u002f]*([\u0040-\u007e])|\u001b[\u0020-\u002f]*([\u0030-\u007e])|\u001b|([\u0000-\u001f\u007f])|[^\u0000-\u001f\u007f\u001b]+/g;

/** Anything that needs the cell model: escapes, controls, 8-bit C1 codes. */
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f]/;
/** Anything but printable ASCII: a line without it is plain and needs no normalizing (normalize.ts). */
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007e]/;

const BLANK: Cell = Object.freeze({ ch: ' ', fg: undefined, reverse: false, reverseMark: false });

export function createLineRenderer(): LineRenderer {
  let fg: number | undefined;
  let reverse = false;

  function render(raw: string): ScreenLine {
    // CRLF: the CR before the LF moves the cursor and changes nothing.
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Most lines are printable ASCII: one scan says both that the cell model is not needed and that
    // there is nothing to normalize.
    if (!NOT_PRINTABLE_ASCII.test(body)) return new PlainScreenLine(body, fg, reverse, true);
    if (!NOT_PLAIN.test(body)) return new PlainScreenLine(body, fg, reverse, false);
    if (COLOURED_TEXT.test(body)) {
      // Text and colour codes only (most coloured output: tables, error records): no cursor moves, so no
      // frames, and the cells are only built if someone asks for them.
      const line = new ColouredScreenLine(body, { fg, reverse });
      ({ fg, reverse } = line.end);
      return line;
    }
    return renderCells(raw);
  }

  function renderCells(raw: string): ScreenLine {
    const cells: Cell[] = [];
    const frames: Cell[][] = [];
    let budget = BASE_WORK + WORK_PER_CHARACTER * raw.length;
    let col = 0;
    let savedCol = 0;
    let reverseMarkPending = false;
    // A cursor move only *may* start a redraw: the drawing so far becomes a frame when something changes it.
    let movedSinceChange = false;
    // Cells written since the last frame: a frame is only worth keeping when the drawing was made afresh.
    let drawnSinceFrame = 0;
    // Columns [inkStart, inkEnd) may hold non-blank cells; outside them every cell is blank.
    let inkStart = 0;
    let inkEnd = 0;

    const spend = (work: number): boolean => {
      budget -= work;
      return budget > 0;
    };
    const overBudget = (): boolean => budget <= 0;
    const snapshot = (): void => {
      if (!movedSinceChange) return;
      movedSinceChange = false;
      if (inkEnd <= inkStart || drawnSinceFrame * 8 < Math.min(cells.length, inkEnd)) return;
      drawnSinceFrame = 0;
      spend(cells.length);
      let ink = false;
      for (let i = inkStart; i < inkEnd && !ink; i++) ink = cells[i]!.ch !== ' ';
      if (!ink) return;
      const last = frames.at(-1);
      if (last && sameCells(last, cells)) return;
      frames.push(cells.slice());
      if (frames.length >= 2 * MAX_FRAMES_PER_LINE) frames.splice(0, frames.length - MAX_FRAMES_PER_LINE);
    };
    const erase = (from: number, to: number): void => {
      const start = Math.max(0, from, inkStart);
      const end = Math.min(to, cells.length, inkEnd);
      if (end <= start) return;
      let ink = false;
      for (let i = start; i < end && !ink; i++) ink = cells[i]!.ch !== ' ';
      spend(end - start);
      if (!ink) return;
      snapshot();
      for (let i = start; i < end; i++) cells[i] = BLANK;
      if (start <= inkStart) inkStart = Math.max(inkStart, end);
      if (end >= inkEnd) inkEnd = Math.min(inkEnd, start);
    };
    const write = (text: string): void => {
      snapshot();
      if (col > cells.length) spend(col - cells.length);
      while (cells.length < col) cells.push(BLANK);
      // One cell per UTF-16 unit keeps cell indexes equal to text indexes (wide glyphs are not measured).
      for (let i = 0; i < text.length; i++) {
        cells[col] = { ch: text[i]!, fg, reverse, reverseMark: reverseMarkPending };
        reverseMarkPending = false;
        col++;
      }
      spend(text.length);
      drawnSinceFrame += text.length;
      const start = col - text.length;
      if (inkEnd <= inkStart) {
        inkStart = start;
        inkEnd = col;
      } else {
        inkStart = Math.min(inkStart, start);
        inkEnd = Math.max(inkEnd, col);
      }
    };
    /** A cursor position from an escape, clamped so no count can make the line grow without bound. */
    const clampCol = (target: number): number => Math.min(Math.max(0, target), cells.length + MAX_CURSOR_JUMP);
    const moveTo = (target: number): void => {
      movedSinceChange = true;
      col = clampCol(target);
    };

    for (const match of raw.matchAll(TOKEN)) {
      const token = match[0];
      const csiParams = match[1];
      const csiFinal = match[2];
      const escFinal = match[3];
      const control = match[4];
      if (overBudget()) {
        // Past the budget only text counts, appended where the cursor is.
        if (csiFinal === undefined && escFinal === undefined && control === undefined && token[0] !== '\u001b') {
          col = Math.min(col, cells.length);
          write(stripAnsi(token));
        } else if (csiFinal === 'm') applySgr(sgrParams(csiParams));
        continue;
      }
      if (csiFinal !== undefined) {
        // Private modes (`ESC[?25l` cursor hiding, `ESC[?1h`) change nothing on the line.
        if (csiParams?.startsWith('?')) continue;
        const params = sgrParams(csiParams);
        const n = Math.min(params[0] ?? 1, MAX_CURSOR_JUMP);
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
            moveTo((params[0] ?? 1) - 1);
            break;
          case 'D':
            moveTo(col - n);
            break;
          case 'C':
            col = clampCol(col + n);
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
            if (col < cells.length) {
              snapshot();
              spend(cells.length - col);
              cells.splice(col, n);
              inkEnd = Math.min(inkEnd, cells.length);
            }
            break;
          case '@':
            if (col < cells.length) {
              snapshot();
              spend(cells.length - col + n);
              cells.splice(col, 0, ...new Array<Cell>(n).fill(BLANK));
              if (inkEnd > col) inkEnd += n;
            }
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
        else if (control === '\t') col = clampCol((Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH);
      } else if (token[0] !== '\u001b') {
        write(stripAnsi(token));
      }
    }
    const text = cellText(cells);
    const first = cells.find((cell) => cell.ch !== ' ');
    return { cells, frames, text, firstFg: first?.fg };

    function applySgr(params: (number | undefined)[]): void {
      const state: SgrState = { fg, reverse, reverseMark: reverseMarkPending };
      updateSgr(state, params);
      ({ fg, reverse } = state);
      reverseMarkPending = state.reverseMark;
    }
  }

  function preview(raw: string): ScreenLine {
    const kept = { fg, reverse };
    try {
      return render(raw);
    } finally {
      ({ fg, reverse } = kept);
    }
  }

  return { render, preview };
}

/** The colours text is drawn in, and whether SGR 7 came since the last cell was drawn. */
interface SgrState {
  fg: number | undefined;
  reverse: boolean;
  reverseMark: boolean;
}

/** Applies one SGR sequence's parameters. */
function updateSgr(state: SgrState, params: readonly (number | undefined)[]): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i] ?? 0;
    if (p === 0) {
      state.fg = undefined;
      state.reverse = false;
    } else if (p === 7) {
      state.reverse = true;
      state.reverseMark = true;
    } else if (p === 27) state.reverse = false;
    else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) state.fg = p;
    else if (p === 39) state.fg = undefined;
    else if (p === 38 || p === 48) {
      if (p === 38) state.fg = 38;
      i += params[i + 1] === 5 ? 2 : params[i + 1] === 2 ? 4 : 0;
    }
  }
}

function sgrParams(csiParams: string | undefined): (number | undefined)[] {
  return (csiParams ?? '').split(';').map((p) => (p === '' ? undefined : Number.parseInt(p, 10)));
}

/** A line of plain text in the current colours: its cells are built only if someone asks for them. */
class PlainScreenLine implements ScreenLine {
  readonly text: string;
  readonly frames: readonly (readonly Cell[])[] = NO_FRAMES;
  readonly firstFg: number | undefined;
  #cells: Cell[] | undefined;

  constructor(
    private readonly raw: string,
    private readonly fg: number | undefined,
    private readonly reverse: boolean,
    readonly ascii: boolean,
  ) {
    this.text = raw.trimEnd();
    this.firstFg = this.text === '' ? undefined : fg;
  }

  get cells(): readonly Cell[] {
    this.#cells ??= this.raw.split('').map((ch) => ({ ch, fg: this.fg, reverse: this.reverse, reverseMark: false }));
    return this.#cells;
  }
}

const NO_FRAMES: readonly (readonly Cell[])[] = Object.freeze([]);

/** Printable text and SGR colour codes, nothing else: each run of text is drawn where the last one ended. */
const COLOURED_TEXT = /^(?:[^\u0000-\u001f\u007f-\u009f]|\u001b\[[0-9;]*m)*$/;
/** A character other than a space. */
const NOT_SPACE = /[^ ]/;
/** One SGR sequence (its parameters in group 1) or one run of text, in a line COLOURED_TEXT accepts. */
const SGR_OR_TEXT = /\u001b\[([0-9;]*)m|[^\u001b]+/g;

/**
 * A line of text and colour codes: what the cell model would give, without building the cells until someone
 * asks for them (a progress bar's reverse video, a prompt's remainder). Both walks apply the same updateSgr.
 */
class ColouredScreenLine implements ScreenLine {
  readonly text: string;
  readonly frames = NO_FRAMES;
  readonly firstFg: number | undefined;
  /** The colours in force after the line (they carry on to the next one). */
  readonly end: { fg: number | undefined; reverse: boolean };
  #cells: Cell[] | undefined;

  constructor(
    private readonly body: string,
    private readonly start: { fg: number | undefined; reverse: boolean },
  ) {
    const state: SgrState = { fg: start.fg, reverse: start.reverse, reverseMark: false };
    let text = '';
    let firstFg: number | undefined;
    let inked = false;
    for (const match of body.matchAll(SGR_OR_TEXT)) {
      if (match[1] !== undefined) {
        updateSgr(state, sgrParams(match[1]));
        continue;
      }
      // The first cell that is not a space gives the line's colour (as renderCells reads it).
      if (!inked && NOT_SPACE.test(match[0])) {
        inked = true;
        firstFg = state.fg;
      }
      text += match[0];
    }
    this.text = text.trimEnd();
    this.firstFg = firstFg;
    this.end = { fg: state.fg, reverse: state.reverse };
  }

  get cells(): readonly Cell[] {
    if (this.#cells) return this.#cells;
    const cells: Cell[] = [];
    const state: SgrState = { fg: this.start.fg, reverse: this.start.reverse, reverseMark: false };
    for (const match of this.body.matchAll(SGR_OR_TEXT)) {
      if (match[1] !== undefined) {
        updateSgr(state, sgrParams(match[1]));
        continue;
      }
      // One cell per UTF-16 unit, as renderCells writes them.
      const run = match[0];
      for (let i = 0; i < run.length; i++) {
        cells.push({ ch: run[i]!, fg: state.fg, reverse: state.reverse, reverseMark: state.reverseMark });
        state.reverseMark = false;
      }
    }
    this.#cells = cells;
    return cells;
  }
}

/** The visible text of cells: characters in order, trailing blanks dropped. */
export function cellText(cells: readonly Cell[]): string {
  let text = '';
  for (const cell of cells) text += cell.ch;
  return text.trimEnd();
}

function sameCells(a: readonly Cell[], b: readonly Cell[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.ch !== y.ch || x.reverse !== y.reverse || x.reverseMark !== y.reverseMark)) return false;
  }
  return true;
}
