/**
 * The parser's unit of work: one rendered line, plus what every recognizer needs to know about it, and the
 * shared vocabulary of recognizers (verdicts, boundaries, joining wrapped lines).
 */
import type { ProgressEvent, TranscriptEvent } from './events.js';
import { progressKey, readClassicProgress, readProgress } from './progress.js';
import { type Cell, cellText, type ScreenLine } from './screen.js';
import * as shape from './shapes.js';

export interface Line {
  /** What the screen shows: escapes removed, redraws applied, trailing spaces dropped. '' when blank. */
  text: string;
  /** The first visible character is in PowerShell's error colour (SGR 31/91: `$PSStyle.Formatting.Error`). */
  error: boolean;
  /** The stream ended before this line's LF (a prompt waiting for input, say). */
  partial: boolean;
  /** The raw line was longer than the parser holds: the next line continues it (lines.ts, MAX_LINE_LENGTH). */
  cut?: boolean;
  /** Progress drawings redrawn on this line, in order. A line that *shows* progress has text ''. */
  progress: readonly ProgressEvent[];
  readonly cells: readonly Cell[];
  /** Answers about this line that recognizers ask again and again while a paragraph waits for its end. */
  memo?: Map<unknown, unknown>;
  /** signals.ts's prefilter answer, once asked. */
  quiet?: boolean;
  /** The text as PowerShell printed it (signals.ts, normalizedText), once asked. */
  normalized?: string;
  /** isBoundary's answer, once asked. */
  boundary?: boolean;
  /** startsOtherBlock's answer, once asked. */
  otherBlock?: boolean;
  /** Whether the line looks like the start of a NormalView tail (normal-view.ts), once asked. */
  tailLike?: boolean;
  /** loose.ts's answers, once asked: the line reports an error; it is a stack frame or StackTrace row. */
  saysError?: boolean;
  stackLike?: boolean;
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

/** Longest line whose cells are kept: longer lines keep their text and colour, and rebuild plain cells on demand. */
const MAX_KEPT_CELLS = 4096;

export function toLine(screen: ScreenLine, partial: boolean): Line {
  let progress: ProgressEvent[] = [];
  if (screen.frames.length > 0 || screen.text.includes(']')) {
    const add = (event: ProgressEvent | undefined): void => {
      if (!event) return;
      const last = progress.at(-1);
      if (!last || progressKey(last) !== progressKey(event)) progress.push(event);
    };
    for (const frame of screen.frames) add(readProgress(frame));
    // The Minimal view ends with `]` and needs the cells (reverse video); the classic view reads the text
    // alone, so a line with `]` elsewhere (`[], Exception`) does not build its cells.
    const shown = !screen.text.includes(']')
      ? undefined
      : screen.text.endsWith(']')
        ? readProgress(screen.cells, screen.text)
        : readClassicProgress(screen.text);
    add(shown);
    // A line that shows a progress drawing shows nothing else.
    if (shown) {
      const line = fromText('', undefined, partial);
      line.progress = progress;
      return line;
    }
  } else progress = NO_PROGRESS;
  const line = fromScreen(screen, partial);
  line.progress = progress;
  return line;
}

const NO_PROGRESS: ProgressEvent[] = [];

function fromScreen(screen: ScreenLine, partial: boolean): Line {
  if (screen.text.length > MAX_KEPT_CELLS) return fromText(screen.text, screen.firstFg, partial);
  return new ScreenBackedLine(screen, partial);
}

/**
 * What both kinds of line share: their fields, and the answers recognizers keep on them (see Line). One
 * class declares them, so the two kinds cannot drift apart; each kind says only where its cells come from.
 */
abstract class CachingLine implements Line {
  progress: readonly ProgressEvent[] = NO_PROGRESS;
  cut?: boolean;
  memo?: Map<unknown, unknown>;
  quiet?: boolean;
  normalized?: string;
  boundary?: boolean;
  otherBlock?: boolean;
  tailLike?: boolean;
  saysError?: boolean;
  stackLike?: boolean;

  constructor(
    public text: string,
    public error: boolean,
    public partial: boolean,
  ) {}

  abstract get cells(): readonly Cell[];
}

/** A line whose cells are its screen line's (built on first use for plain text). */
class ScreenBackedLine extends CachingLine {
  constructor(
    private readonly screen: ScreenLine,
    partial: boolean,
  ) {
    super(screen.text, isErrorColour(screen.firstFg), partial);
    // Printable ASCII holds nothing normalize.ts changes.
    if (screen.ascii) this.normalized = screen.text;
  }

  get cells(): readonly Cell[] {
    return this.screen.cells;
  }
}

/** A line from its text alone: every cell in the colour of the first. */
function fromText(text: string, fg: number | undefined, partial: boolean): Line {
  return new TextLine(text, fg, partial);
}

class TextLine extends CachingLine {
  #cells: Cell[] | undefined;

  constructor(
    text: string,
    private readonly fg: number | undefined,
    partial: boolean,
  ) {
    super(text, isErrorColour(fg), partial);
  }

  get cells(): readonly Cell[] {
    this.#cells ??= this.text.split('').map((ch) => ({ ch, fg: this.fg, reverse: false, reverseMark: false }));
    return this.#cells;
  }
}

/** A blank line: all blank lines are alike, so one object stands for every one of them. */
export const BLANK_LINE: Line = Object.freeze({
  text: '',
  error: false,
  partial: false,
  progress: [],
  cells: [],
  // Frozen: answers about it are never memoized (blank lines are the cheapest to ask about anyway).
}) as Line;

function isErrorColour(fg: number | undefined): boolean {
  return fg !== undefined && ERROR_COLOURS.has(fg);
}

/** The part of a line from `start` on, as a line of its own (the error after `User: ` on a prompt line). */
export function sliceLine(line: Line, start: number): Line {
  return fromCells(line.cells.slice(start), line.partial);
}

function fromCells(cells: readonly Cell[], partial: boolean): Line {
  const text = cellText(cells);
  const first = cells.find((cell) => cell.ch !== ' ');
  return { text, error: isErrorColour(first?.fg), partial, progress: NO_PROGRESS, cells };
}

/** Remembers `compute(line)` on the line, under `key`. */
export function remember<T>(line: Line, key: unknown, compute: (line: Line) => T): T {
  if (Object.isFrozen(line)) return compute(line);
  line.memo ??= new Map();
  if (line.memo.has(key)) return line.memo.get(key) as T;
  const answer = compute(line);
  line.memo.set(key, answer);
  return answer;
}

/** Lines nothing can continue across: blank, another stream's record, the shell prompt, a banner rule. */
export function isBoundary(line: Line): boolean {
  // The blank line is shared and frozen: nothing is stored on it.
  if (line.text === '') return true;
  line.boundary ??= boundaryText(line.text);
  return line.boundary;
}

/** The shapes of a boundary, as one regex: each is anchored at the line's start (see OTHER_BLOCK_START). */
const BOUNDARY = anchoredUnion([shape.STREAM_PREFIX, shape.SHELL_PROMPT, shape.BANNER_RULE, shape.GUTTER_HEADER]);

function boundaryText(text: string): boolean {
  return BOUNDARY.test(text);
}

/**
 * One regex matching where any of `regexes` matches, for regexes anchored at the line's start and without
 * flags: V8 then tries them all at position 0 only, in one test.
 */
function anchoredUnion(regexes: readonly RegExp[]): RegExp {
  const sources = regexes.map((regex) => {
    if (regex.flags !== '' || !regex.source.startsWith('^')) throw new Error(`${regex} cannot join an anchored union`);
    return `(?:${regex.source})`;
  });
  return new RegExp(sources.join('|'));
}

/** A concise error head the parser trusts: coloured as an error, or with a reason PowerShell prints. */
export function conciseHead(line: Line): RegExpExecArray | undefined {
  const match = shape.CONCISE_HEAD.exec(line.text);
  if (!match) return undefined;
  return line.error || shape.TRUSTED_REASON.test(match[1]!) ? match : undefined;
}

/** Lines that begin a block, a prompt or a record other than a NormalView one. */
export function startsOtherBlock(line: Line): boolean {
  if (line.text === '') return false;
  line.otherBlock ??= otherBlockStart(line);
  return line.otherBlock;
}

/**
 * The shapes that begin a block or prompt, as one regex: each is anchored at the line's start, so V8 tries
 * them all at position 0 only (one test instead of twelve, for every line a paragraph's scan passes).
 */
const OTHER_BLOCK_START = anchoredUnion([
  shape.BANNER_V3_START,
  shape.BANNER_LEGACY_START,
  shape.CONNECTION_ID,
  shape.DEVICE_CODE_START,
  shape.CREDENTIAL_CAPTION,
  shape.PIPELINE_POSITION,
  shape.SUPPLY_VALUES,
  shape.CONFIRM_CAPTION,
  shape.CHOICES,
  shape.TOKEN_ERROR_HEAD,
  shape.TERM_NOT_RECOGNIZED,
  shape.NON_INTERACTIVE,
]);

function otherBlockStart(line: Line): boolean {
  return OTHER_BLOCK_START.test(line.text) || conciseHead(line) !== undefined;
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
