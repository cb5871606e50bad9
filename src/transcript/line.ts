/**
 * The parser's unit of work: one rendered line, plus what every recognizer needs to know about it, and the
 * shared vocabulary of recognizers (verdicts, boundaries, joining wrapped lines).
 */
import type { ProgressEvent, TranscriptEvent } from './events.js';
import { progressKey, readProgress } from './progress.js';
import { type Cell, cellText, type ScreenLine } from './screen.js';
import * as shape from './shapes.js';

export interface Line {
  /** What the screen shows: escapes removed, redraws applied, trailing spaces dropped. '' when blank. */
  text: string;
  /** The first visible character is in PowerShell's error colour (SGR 31/91: `$PSStyle.Formatting.Error`). */
  error: boolean;
  /** The stream ended before this line's LF (a prompt waiting for input, say). */
  partial: boolean;
  /** Progress drawings redrawn on this line, in order. A line that *shows* progress has text ''. */
  progress: readonly ProgressEvent[];
  cells: readonly Cell[];
}

/** Options that change how lines are read. */
export interface ReadContext {
  /** Terminal width, when known: a line this long (or one less) was broken mid-word by a wrap. */
  columns?: number;
}

/** A recognizer's answer for the lines at the head of the queue. */
export type Verdict =
  | {
      /** How many lines the event(s) stand for. */
      consumed: number;
      events: TranscriptEvent[];
      /** Lines to read next, before the rest of the queue (the remainder of a split line). */
      requeue?: Line[];
    }
  /** Cannot tell yet: wait for more lines (never returned when `final`). */
  | 'more'
  /** Not mine. */
  | undefined;

export type Recognizer = (lines: readonly Line[], final: boolean, context: ReadContext) => Verdict;

/** PowerShell's error colours: `ESC[31;1m` (PowerShell 7, `$PSStyle.Formatting.Error`), 91 (console Red via ConPTY). */
const ERROR_COLOURS = new Set([31, 91]);

export function toLine(screen: ScreenLine, partial: boolean): Line {
  const progress: ProgressEvent[] = [];
  const add = (event: ProgressEvent | undefined): void => {
    if (!event) return;
    const last = progress.at(-1);
    if (!last || progressKey(last) !== progressKey(event)) progress.push(event);
  };
  for (const frame of screen.frames) add(readProgress(frame));
  const line = fromCells(screen.cells, partial);
  const shown = readProgress(screen.cells, line.text);
  add(shown);
  // A line that shows a progress drawing shows nothing else.
  return shown ? { ...fromCells([], partial), progress } : { ...line, progress };
}

/** The part of a line from `start` on, as a line of its own (the error after `User: ` on a prompt line). */
export function sliceLine(line: Line, start: number): Line {
  return fromCells(line.cells.slice(start), line.partial);
}

function fromCells(cells: readonly Cell[], partial: boolean): Line {
  const text = cellText(cells);
  const first = cells.find((cell) => cell.ch !== ' ');
  const error = first?.fg !== undefined && ERROR_COLOURS.has(first.fg);
  return { text, error, partial, progress: [], cells };
}

/** Answers about a line that recognizers ask again and again while a paragraph waits for its end. */
const boundaryCache = new WeakMap<Line, boolean>();
const otherBlockCache = new WeakMap<Line, boolean>();

function cached(cache: WeakMap<Line, boolean>, line: Line, compute: (line: Line) => boolean): boolean {
  let answer = cache.get(line);
  if (answer === undefined) {
    answer = compute(line);
    cache.set(line, answer);
  }
  return answer;
}

/** Lines nothing can continue across: blank, another stream's record, the shell prompt, a banner rule. */
export function isBoundary(line: Line): boolean {
  return cached(boundaryCache, line, ({ text }) => {
    return (
      text === '' ||
      shape.STREAM_PREFIX.test(text) ||
      shape.SHELL_PROMPT.test(text) ||
      shape.BANNER_RULE.test(text) ||
      shape.GUTTER_HEADER.test(text)
    );
  });
}

/** A concise error head the parser trusts: coloured as an error, or with a reason PowerShell prints. */
export function conciseHead(line: Line): RegExpExecArray | undefined {
  const match = shape.CONCISE_HEAD.exec(line.text);
  if (!match) return undefined;
  return line.error || shape.TRUSTED_REASON.test(match[1]!) ? match : undefined;
}

/** Lines that begin a block, a prompt or a record other than a NormalView one. */
export function startsOtherBlock(line: Line): boolean {
  return cached(otherBlockCache, line, (l) => {
    const { text } = l;
    return (
      shape.BANNER_V3_START.test(text) ||
      shape.BANNER_LEGACY_START.test(text) ||
      shape.CONNECTION_ID.test(text) ||
      shape.DEVICE_CODE_START.test(text) ||
      shape.CREDENTIAL_CAPTION.test(text) ||
      shape.PIPELINE_POSITION.test(text) ||
      shape.SUPPLY_VALUES.test(text) ||
      shape.CONFIRM_CAPTION.test(text) ||
      shape.CHOICES.test(text) ||
      shape.TOKEN_ERROR_HEAD.test(text) ||
      shape.TERM_NOT_RECOGNIZED.test(text) ||
      shape.NON_INTERACTIVE.test(text) ||
      conciseHead(l) !== undefined
    );
  });
}

/** Lines that begin something else: a boundary, or the first line of any block or record. */
export function startsBlock(line: Line): boolean {
  const { text } = line;
  return (
    isBoundary(line) ||
    startsOtherBlock(line) ||
    shape.NORMAL_HEAD.test(text) ||
    shape.AT_LOCATION.test(text) ||
    shape.FIELD_LINE.test(text)
  );
}

/** A piece of wrapped text and the width of the screen line it came from. */
export interface WrappedPart {
  text: string;
  width: number;
}

/** The text of a whole line as a wrapped part. */
export function wholeLine(line: Line): WrappedPart {
  return { text: line.text, width: line.text.length };
}

/**
 * Joins lines the console wrapped. PowerShell word-wraps (so a space was lost at each break) unless a word
 * was longer than the line: then the break is mid-word and the broken line fills the width. Knowing the
 * width, a line of `columns - 1` or more characters joins without a space; not knowing it, always with one.
 * Each piece is trimmed; the result never has doubled spaces from the wrap itself.
 */
export function joinWrapped(parts: readonly WrappedPart[], context: ReadContext): string {
  let text = '';
  parts.forEach((part, i) => {
    const piece = part.text.trim();
    if (piece === '') return;
    if (text === '') {
      text = piece;
      return;
    }
    const previous = parts[i - 1]!;
    const midWord = context.columns !== undefined && previous.width >= context.columns - 1;
    text += midWord ? piece : ` ${piece}`;
  });
  return text;
}
