import type { IBufferLine, IMarker, Terminal as TerminalType } from '@xterm/headless';
import xtermHeadless from '@xterm/headless';
import { readClassicProgress } from './classic-progress.js';

// @xterm/headless is CommonJS: from ESM its classes come through the default export.
const { Terminal } = xtermHeadless;

/** Rows of scrollback the emulator keeps; finished lines are taken out long before this fills up. */
const scrollbackRows = 5_000;

/** What PowerShell 7's "Minimal" progress view draws on the cursor row: `Activity [status ]`. */
const minimalProgressRow = /^(?<activity>\S.*?) \[(?<bar>.*)\]$/;

/**
 * PowerShell hides the cursor (`ESC [?25l`) before it draws a progress frame. One pty chunk can hold
 * several frames when progress is fast; splitting there lets the screen be read after each frame.
 */
const hideCursor = '\x1b[?25l';

export function splitAtRedraws(data: string): string[] {
  const frames = data.split(hideCursor);
  return frames.map((frame, index) => (index === 0 ? frame : hideCursor + frame)).filter((frame) => frame !== '');
}

/** A finished logical line, and whether it starts in PowerShell's error colour (how error records look). */
export interface ScreenLine {
  text: string;
  errorColour: boolean;
}

/** Red and bright red: PowerShell 7's `$PSStyle.Formatting.Error` and the console's Red through ConPTY. */
const errorPalette = new Set([1, 9]);

function startsInErrorColour(line: IBufferLine): boolean {
  for (let column = 0; column < line.length; column++) {
    const cell = line.getCell(column);
    if (!cell || cell.getChars() === ' ' || cell.getChars() === '') continue;
    return cell.isFgPalette() && errorPalette.has(cell.getFgColor());
  }
  return false;
}

export interface ScreenProgress {
  activity: string;
  status?: string;
  percent?: number;
}

/**
 * The rendered terminal. Bytes from the pty go through @xterm/headless, so redraws, cursor moves and
 * wraps are resolved the way a user's terminal would show them; lines are read off once the cursor has
 * left them. Terminal queries (PowerShell asks for the cursor position) are answered through `respond`.
 */
export class Screen {
  readonly #terminal: TerminalType;
  /** First row not yet handed out by `takeFinishedLines`; follows the row as scrollback is trimmed. */
  #nextRow: IMarker | undefined;
  /** Off while a person's terminal is attached and answers PowerShell's queries itself (attach.ts). */
  answersQueries = true;

  constructor(cols: number, rows: number, respond: (data: string) => void) {
    this.#terminal = new Terminal({ cols, rows, scrollback: scrollbackRows, allowProposedApi: true });
    // `input('', true)` below fires onData with nothing: there is nothing to answer then.
    this.#terminal.onData((data) => {
      if (data !== '' && this.answersQueries) respond(data);
    });
  }

  /**
   * Parses `data` and calls `done` once the emulator has applied it. xterm parses a write on a timer
   * when its queue was empty (≥ 1 ms, measured at 5 ms per cursor query); marking user input first makes
   * it parse at once, as it does for a person's keystrokes, so PowerShell's cursor queries are answered
   * without delay. Writes still apply in order.
   */
  write(data: string, done: () => void): void {
    this.#terminal.input('', true);
    this.#terminal.write(data, done);
  }

  /** Calls `handler` for each OSC sequence with this identifier, synchronously, in stream order. */
  onOsc(identifier: number, handler: (payload: string) => void): void {
    this.#terminal.parser.registerOscHandler(identifier, (payload) => {
      handler(payload);
      return true;
    });
  }

  resize(cols: number, rows: number): void {
    this.#terminal.resize(cols, rows);
  }

  get cols(): number {
    return this.#terminal.cols;
  }

  /**
   * Logical lines above the cursor row that were not handed out yet. Rows the terminal soft-wrapped are
   * joined back into one line, so a long message reads whole at any width.
   */
  takeFinishedLines(): ScreenLine[] {
    const buffer = this.#terminal.buffer.active;
    const cursorRow = buffer.baseY + buffer.cursorY;
    let row = 0;
    // A disposed marker means its row scrolled out of the scrollback: start from the oldest row kept.
    if (this.#nextRow && !this.#nextRow.isDisposed) row = this.#nextRow.line;
    const lines: ScreenLine[] = [];
    for (; row < cursorRow; row++) {
      const line = buffer.getLine(row);
      if (!line) continue;
      // xterm builds the text a character at a time, a V8 rope of ~3 KB per line that a kept line would
      // hold on to (measured: a 10 MiB flood then needs a 128 MiB heap); a copy is one flat string.
      const text = Buffer.from(line.translateToString(true), 'utf16le').toString('utf16le');
      const last = lines.at(-1);
      if (line.isWrapped && last) last.text += text;
      else lines.push({ text, errorColour: startsInErrorColour(line) });
    }
    this.#nextRow?.dispose();
    this.#nextRow = this.#terminal.registerMarker(0);
    // A row that continues onto the cursor row is not finished: give it back.
    const cursorLine = buffer.getLine(cursorRow);
    if (cursorLine?.isWrapped && lines.length > 0) {
      lines.pop();
      this.#nextRow?.dispose();
      this.#nextRow = this.#terminal.registerMarker(this.#startOfLogicalLine(cursorRow) - cursorRow);
    }
    return lines;
  }

  /** The text of the row the cursor is on: a prompt that waits for input shows here. */
  currentLine(): string {
    const buffer = this.#terminal.buffer.active;
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
  }

  /**
   * Progress drawn by PowerShell 7's Minimal view on the cursor row, if any. The bar is the status text
   * padded to a fixed width, with the done part in reverse video; its share of the bar is the percentage.
   */
  progress(): ScreenProgress | undefined {
    return this.#minimalProgress() ?? readClassicProgress(this.#viewportRows());
  }

  /**
   * PowerShell 7's Minimal view on the cursor row. The bar is the status text padded to a fixed width,
   * with the done part in reverse video; its share of the bar is the percentage.
   */
  #minimalProgress(): ScreenProgress | undefined {
    const buffer = this.#terminal.buffer.active;
    const line = buffer.getLine(buffer.baseY + buffer.cursorY);
    if (!line) return undefined;
    const text = line.translateToString(true);
    const match = minimalProgressRow.exec(text);
    const first = line.getCell(0);
    if (!match?.groups || !first?.isBold()) return undefined;
    const barStart = text.indexOf('[', match.groups.activity!.length) + 1;
    const barEnd = text.lastIndexOf(']');
    let inverse = 0;
    for (let column = barStart; column < barEnd; column++) if (line.getCell(column)?.isInverse()) inverse++;
    const status = match.groups.bar!.trim();
    const width = barEnd - barStart;
    return {
      activity: match.groups.activity!.trim(),
      ...(status ? { status } : {}),
      ...(inverse > 0 && width > 0 ? { percent: Math.round((inverse / width) * 100) } : {}),
    };
  }

  /** The rows of the visible window, for the Classic progress pane (Windows PowerShell 5.1). */
  #viewportRows(): string[] {
    const buffer = this.#terminal.buffer.active;
    const rows: string[] = [];
    for (let row = 0; row < this.#terminal.rows; row++) {
      rows.push(buffer.getLine(buffer.viewportY + row)?.translateToString(false) ?? '');
    }
    return rows;
  }

  dispose(): void {
    this.#nextRow?.dispose();
    this.#terminal.dispose();
  }

  #startOfLogicalLine(row: number): number {
    const buffer = this.#terminal.buffer.active;
    let start = row;
    while (start > 0 && buffer.getLine(start)?.isWrapped) start--;
    return start;
  }
}
