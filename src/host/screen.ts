import type { Terminal as TerminalType } from '@xterm/headless';
import xtermHeadless from '@xterm/headless';
import { isTextAndColourOnly } from './plain-text.js';

// @xterm/headless is CommonJS: from ESM its classes come through the default export.
const { Terminal } = xtermHeadless;

/**
 * Below this, a chunk goes to the emulator whole: condensing it would save nothing. node-pty reads at most
 * 4 KiB at a time and a session that keeps up flushes each read alone: a 10 MiB flood came in reads of
 * 2.1 KiB on average (4,956 reads), so a threshold of 2 KiB let half of them through whole.
 */
const skipAbove = 256;
/** Anything but printable ASCII, CR, LF and ESC: a character that may be wide, or a control that moves the cursor. */
const notNarrowText = /[^\x20-\x7e\r\n\x1b]/;

/**
 * The terminal as a person would see it, kept only for what needs a screen: answering PowerShell's
 * terminal queries (the cursor position, through `respond`) and the row under the cursor (a prompt that
 * waits for input shows there). Output itself is read from the raw stream by the transcript parser.
 *
 * A flood of finished plain lines cannot change either: the emulator gets only as many line ends as
 * there are rows (the cursor lands where it would) and the last, unfinished line in full. Anything with
 * another escape sequence goes through whole.
 */
export class Screen {
  readonly #terminal: TerminalType;
  /** Off while a person's terminal is attached and answers PowerShell's queries itself (attach.ts). */
  answersQueries = true;

  constructor(cols: number, rows: number, respond: (data: string) => void) {
    this.#terminal = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
    // `input('', true)` below fires onData with nothing: there is nothing to answer then.
    this.#terminal.onData((data) => {
      if (data !== '' && this.answersQueries) respond(data);
    });
  }

  /**
   * Parses `data` and calls `done` once the emulator has applied it. xterm parses a write on a timer
   * when its queue was empty (≥ 1 ms, measured at 5 ms per cursor query); marking user input first makes
   * it parse at once, as it does for a person's keystrokes, so PowerShell's cursor queries are answered
   * without delay (`done` may then run before this returns). Writes still apply in order. Pass what
   * `condense` made of the pty's data.
   */
  write(data: string, done: () => void): void {
    this.#terminal.input('', true);
    this.#terminal.write(data, done);
  }

  resize(cols: number, rows: number): void {
    this.#terminal.resize(cols, rows);
  }

  get cols(): number {
    return this.#terminal.cols;
  }

  /** The text of the row the cursor is on: a prompt that waits for input shows here. */
  currentLine(): string {
    const buffer = this.#terminal.buffer.active;
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
  }

  dispose(): void {
    this.#terminal.dispose();
  }

  /** `data` with a long run of finished plain lines replaced by the line ends that move the cursor alike. */
  condense(data: string): string {
    if (data.length < skipAbove) return data;
    const lastLineEnd = data.lastIndexOf('\n');
    if (lastLineEnd < skipAbove) return data;
    const finished = data.slice(0, lastLineEnd + 1);
    if (!isTextAndColourOnly(finished)) return data;
    let lineEnds = 0;
    for (
      let at = finished.indexOf('\n');
      at !== -1 && lineEnds < this.#terminal.rows;
      at = finished.indexOf('\n', at + 1)
    ) {
      lineEnds++;
    }
    // As many line ends as rows scroll every row away: the cursor lands on the last row whatever wrapped,
    // and at its start when the last line ends with CR LF (after a bare LF it stays in its column).
    if (lineEnds >= this.#terminal.rows) {
      if (data[lastLineEnd - 1] !== '\r') return data;
      return '\r\n'.repeat(lineEnds) + data.slice(lastLineEnd + 1);
    }
    return condenseShortLines(data, lastLineEnd, this.#terminal.cols);
  }
}

/**
 * Fewer line ends than rows: where the cursor lands depends on which lines wrapped, so only lines that
 * cannot wrap are condensed. The first line goes through whole (it continues wherever the cursor was);
 * after its CR LF the cursor is at column 0, and a following line of narrow characters, CR LF-ended and no
 * longer than the width (its length counts colour codes too, so it is an upper bound), moves the cursor
 * down exactly one row, as a bare CR LF does. Anything else keeps the data as it is.
 */
function condenseShortLines(data: string, lastLineEnd: number, cols: number): string {
  const firstLineEnd = data.indexOf('\n');
  if (firstLineEnd === lastLineEnd || data[firstLineEnd - 1] !== '\r') return data;
  const middle = data.slice(firstLineEnd + 1, lastLineEnd + 1);
  if (notNarrowText.test(middle)) return data;
  let lines = 0;
  for (let start = 0; start < middle.length; ) {
    const end = middle.indexOf('\n', start);
    // A CR inside a line only moves the cursor back along it; the line must end with CR LF.
    if (middle[end - 1] !== '\r' || end - 1 - start > cols) return data;
    lines++;
    start = end + 1;
  }
  return `${data.slice(0, firstLineEnd + 1)}${'\r\n'.repeat(lines)}${data.slice(lastLineEnd + 1)}`;
}
