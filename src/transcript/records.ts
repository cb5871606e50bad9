/**
 * Lines → error records → one `error` event each. Shapes (see shapes.ts for each line's regex):
 *
 * - NormalView (Windows PowerShell 5.1, PowerShell 7 NormalView): a head (`Cmdlet : message`, or the message
 *   alone), wrapped over lines; then the tail: `At …` (maybe wrapped), `+ code`, `+ ~~~`, and the
 *   `+ CategoryInfo` / `+ FullyQualifiedErrorId` / `+ PSComputerName` fields (5.1 chunks long values and
 *   indents the rest). The head is found by looking *forward* from the first line of a paragraph for the tail.
 * - ConciseView with a script position: `Reason: path:line`, `Line |`, `  N | source`, `    | ~~~`, then the
 *   message word-wrapped in `    | ` gutter lines.
 * - ConciseView on one line: `Reason: message`, continued by further lines in the error colour (or, on
 *   uncoloured text, by further lines up to a blank line or the start of something else).
 * - Stand-alone texts: `The term '…' is not recognized …` (+ `Check the spelling …`), the NonInteractive
 *   refusal, a bare `UnAuthorized`.
 * - The module's `Error Acquiring Token:` block: Write-Host lines, often followed by the record they
 *   announce (which repeats the text), all one event.
 *
 * A record ends at the first line that cannot continue it; until that line arrives the recognizer answers
 * 'more', so the events never depend on where chunks were cut.
 */
import { classifyError } from './catalog.js';
import type { ErrorEvent, TranscriptEvent } from './events.js';
import {
  conciseHead,
  isBoundary,
  joinWrapped,
  type Line,
  type ReadContext,
  type Recognizer,
  startsBlock,
  startsOtherBlock,
  type Verdict,
  type WrappedPart,
  wholeLine,
} from './line.js';
import * as shape from './shapes.js';

/** Longest message we look through for a NormalView tail (a 1,000-character message at 40 columns fits). */
export const MAX_MESSAGE_LINES = 60;
/** Longest wrapped `At <path>` location. */
const MAX_LOCATION_LINES = 8;
/** Longest record tail (code lines, ParserError text, fields and their continuations). */
const MAX_TAIL_LINES = 60;
/** Longest uncoloured continuation of a one-line ConciseView record. */
const MAX_CONCISE_LINES = 20;
/** Longest `Error Acquiring Token:` block (stack traces included). */
const MAX_TOKEN_BLOCK_LINES = 120;

/** Builds the event for one record: the catalog decides the code from the message and FullyQualifiedErrorId. */
export function errorEvent(message: string, fullyQualifiedErrorId?: string): ErrorEvent {
  const text = fullyQualifiedErrorId ? `${message}\n${fullyQualifiedErrorId}` : message;
  const { code, fix, retryable, matched } = classifyError(text);
  const event: ErrorEvent = { type: 'error', code, message, fix, retryable };
  if (fullyQualifiedErrorId) event.fullyQualifiedErrorId = fullyQualifiedErrorId;
  if (matched !== undefined) event.matched = matched;
  return event;
}

// ---------------------------------------------------------------- NormalView

interface Tail {
  /** Index of the first line after the record. */
  end: number;
  fields: Map<string, string>;
}

/** Is line `i` the start of a NormalView tail? 'more' when the lines that decide it have not arrived. */
function tailStart(lines: readonly Line[], i: number, final: boolean): 'more' | number | undefined {
  const line = lines[i]!;
  if (shape.FIELD_LINE.test(line.text)) return i;
  if (!shape.AT_LOCATION_START.test(line.text)) return undefined;
  let last = i;
  if (!shape.AT_LOCATION.test(line.text)) {
    // A wrapped location: keep going until a line ends with `char:N`.
    for (let j = i + 1; ; j++) {
      if (j - i > MAX_LOCATION_LINES) return undefined;
      const next = lines[j];
      if (!next) return final ? undefined : 'more';
      if (next.text === '' || shape.CODE_LINE.test(next.text) || shape.FIELD_LINE.test(next.text)) return undefined;
      if (shape.LOCATION_END.test(next.text)) {
        last = j;
        break;
      }
    }
  }
  const after = lines[last + 1];
  if (!after) return final ? i : 'more';
  return shape.CODE_LINE.test(after.text) || shape.FIELD_LINE.test(after.text) ? i : undefined;
}

/**
 * Reads a tail from its start; 'more' while its end is not yet known. Between the location and the fields
 * come the code and caret lines, which the console may have wrapped (so not every one starts with `+`).
 */
function readTail(
  lines: readonly Line[],
  start: number,
  final: boolean,
  colour: boolean,
  context: ReadContext,
): Tail | 'more' {
  let j = start;
  if (!shape.FIELD_LINE.test(lines[j]!.text)) {
    // Location, then code lines, up to the first field.
    for (;;) {
      const line = lines[j];
      if (!line) return final ? { end: j, fields: new Map() } : 'more';
      if (shape.FIELD_LINE.test(line.text)) break;
      if (isBoundary(line) || j - start >= MAX_TAIL_LINES || (colour && !line.error)) {
        return { end: j, fields: new Map() };
      }
      j++;
    }
  }
  const fields = new Map<string, string>();
  for (;;) {
    const line = lines[j];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    const field = shape.FIELD_LINE.exec(line.text);
    if (!field) break;
    // 5.1 cuts a long value into chunks of `width - 6` characters and lets the console wrap them: the
    // continuation lines lose one space of indentation per line (3, 2, 1, 0) and join without a space.
    // A value with newlines (a multi-line message used as the id) also continues on unindented lines; 5.1
    // always ends the record with a blank line. PowerShell 7 neither indents nor wraps its fields.
    const indented = /^\s/.test(line.text);
    let value = field[2] ?? '';
    let previous = line.text;
    j++;
    for (;;) {
      const next = lines[j];
      if (!next) {
        if (!final) return 'more';
        break;
      }
      if (isBoundary(next) || shape.FIELD_LINE.test(next.text) || (colour && !next.error)) break;
      if (!indented && !shape.FIELD_CONTINUATION.test(next.text)) break;
      // Knowing the width, a line shorter than a full chunk ended at a newline or a space: keep one.
      const cut = context.columns !== undefined && previous.length < context.columns - 6 ? ' ' : '';
      value += cut + next.text.trim();
      previous = next.text;
      j++;
    }
    fields.set(field[1]!, value.trim());
  }
  return { end: j, fields };
}

export const recognizeNormalView: Recognizer = (lines, final, context) => {
  const head = lines[0]!;
  if (isBoundary(head) || shape.FIELD_LINE.test(head.text) || shape.CODE_LINE.test(head.text)) return undefined;
  if (shape.AT_LOCATION.test(head.text)) return undefined;
  for (let i = 1; i <= MAX_MESSAGE_LINES; i++) {
    const line = lines[i];
    if (!line) return final ? undefined : 'more';
    if (isBoundary(line) || startsOtherBlock(line)) return undefined;
    const start = tailStart(lines, i, final);
    if (start === 'more') return 'more';
    if (start === undefined) continue;
    const colour = line.error;
    const headLines = lines.slice(0, i);
    // In colour, the record is the red lines: a plain line before them is ordinary output.
    if (colour && headLines.some((l) => !l.error)) return undefined;
    // The first `Cmdlet : message` line of the paragraph is the head; lines above it are output.
    const named = shape.NORMAL_HEAD.exec(head.text);
    if (!named && headLines.some((l) => shape.NORMAL_HEAD.test(l.text))) return undefined;
    const tail = readTail(lines, start, final, colour, context);
    if (tail === 'more') return 'more';
    return normalRecord(headLines, named, tail, context);
  }
  return undefined;
};

function normalRecord(
  headLines: readonly Line[],
  named: RegExpExecArray | null,
  tail: Tail,
  context: ReadContext,
): Verdict {
  let fqid = tail.fields.get('FullyQualifiedErrorId') || undefined;
  const parts: WrappedPart[] = headLines.map(wholeLine);
  if (named) parts[0] = { text: named[2] ?? '', width: headLines[0]!.text.length };
  const events: TranscriptEvent[] = [];
  let messageParts = parts;
  if (!named && fqid !== undefined) {
    // A message-only record (`throw "…"`) repeats its message as the FullyQualifiedErrorId: lines above
    // the ones that spell it are ordinary output.
    for (let k = 1; k < parts.length; k++) {
      if (squeeze(joinWrapped(parts.slice(k), context)) === squeeze(fqid)) {
        for (const line of headLines.slice(0, k)) events.push({ type: 'output', text: line.text });
        messageParts = parts.slice(k);
        break;
      }
    }
  }
  const message = joinWrapped(messageParts, context);
  // 5.1 cuts a long id into fixed-width chunks, so an id that is the message itself may have lost or gained
  // a space at a cut: when it spells the message, the message's spacing is the right one.
  if (fqid !== undefined && squeeze(fqid) === squeeze(message)) fqid = message;
  events.push(errorEvent(message, fqid));
  return { consumed: tail.end, events };
}

/** Text without whitespace, to compare texts wrapped differently. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

// ---------------------------------------------------------------- ConciseView

export const recognizeConciseGutter: Recognizer = (lines, final) => {
  if (isBoundary(lines[0]!)) return undefined;
  const head = shape.CONCISE_HEAD.exec(lines[0]!.text);
  if (!head) return undefined;
  const header = lines[1];
  if (!header) return final ? undefined : 'more';
  if (!shape.GUTTER_HEADER.test(header.text)) return undefined;
  let j = 2;
  const parts: string[] = [];
  let first = true;
  for (;;) {
    const line = lines[j];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (j === 2 && shape.GUTTER_SOURCE.test(line.text)) {
      j++;
      continue;
    }
    const gutter = shape.GUTTER_LINE.exec(line.text);
    if (gutter) {
      const content = gutter[1] ?? '';
      if (!(first && shape.GUTTER_CARETS.test(content))) parts.push(content);
      first = false;
      j++;
      continue;
    }
    if (shape.RECOMMENDATION.test(line.text)) {
      j++;
      continue;
    }
    break;
  }
  // Get-ConciseViewPositionMessage wraps at word boundaries only: the pieces join with a space.
  const message = parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
  return { consumed: j, events: [errorEvent(message || head[1]!)] };
};

export const recognizeConciseLine: Recognizer = (lines, final, context) => {
  const first = lines[0]!;
  const head = conciseHead(first);
  if (!head?.[2]) return undefined;
  const colour = first.error;
  const parts: WrappedPart[] = [{ text: head[2], width: first.text.length }];
  let j = 1;
  for (; j <= MAX_CONCISE_LINES; j++) {
    const line = lines[j];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (shape.CHECK_SPELLING.test(line.text)) {
      parts.push(wholeLine(line));
      continue;
    }
    if (startsBlock(line)) break;
    if (colour && !line.error) break;
    parts.push(wholeLine(line));
  }
  return { consumed: j, events: [errorEvent(joinWrapped(parts, context))] };
};

// ---------------------------------------------------------------- stand-alone texts

export const recognizeStandalone: Recognizer = (lines, final, context) => {
  const first = lines[0]!;
  if (shape.NON_INTERACTIVE.test(first.text) || shape.LONE_UNAUTHORIZED.test(first.text)) {
    return { consumed: 1, events: [errorEvent(first.text)] };
  }
  if (!shape.TERM_NOT_RECOGNIZED.test(first.text)) return undefined;
  const parts: WrappedPart[] = [wholeLine(first)];
  let j = 1;
  for (; j <= MAX_CONCISE_LINES; j++) {
    const line = lines[j];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (startsBlock(line) || (first.error && !line.error)) break;
    parts.push(wholeLine(line));
  }
  return { consumed: j, events: [errorEvent(joinWrapped(parts, context))] };
};

// ---------------------------------------------------------------- Error Acquiring Token

/** Most `-Verbose`/warning lines between the block and the record that rethrows it. */
const MAX_STREAM_LINES_BETWEEN = 5;

/** The record recognizers, for reading the record inside (or right after) a token-error block. */
const recordRecognizers: readonly Recognizer[] = [recognizeConciseGutter, recognizeNormalView, recognizeConciseLine];

/** Reads one error record at the head of `lines`: its event and how many lines it took. */
function readRecord(
  lines: readonly Line[],
  final: boolean,
  context: ReadContext,
): { consumed: number; event: ErrorEvent } | 'more' | undefined {
  for (const recognize of recordRecognizers) {
    const verdict = recognize(lines, final, context);
    if (verdict === 'more') return 'more';
    const event = verdict?.events.findLast((e): e is ErrorEvent => e.type === 'error');
    if (verdict && event) return { consumed: verdict.consumed, event };
  }
  return undefined;
}

/** The block's lines and the record's message, each said once. */
function combine(units: readonly string[], recordMessage: string | undefined): string {
  const block = [...new Set(units.filter((unit) => unit !== ''))].join(' ');
  if (!recordMessage || block.includes(recordMessage)) return block || recordMessage || 'Error Acquiring Token';
  if (block === '' || recordMessage.includes(block)) return recordMessage;
  return `${block} ${recordMessage}`;
}

function sameFailure(block: string, recordMessage: string): boolean {
  return block !== '' && (block.includes(recordMessage) || recordMessage.includes(block));
}

/**
 * ExchangeOnlineManagement prints `Error Acquiring Token:` and the MSAL/WAM text with Write-Host, then throws.
 * The Write-Host lines, the record that follows them (maybe after `VERBOSE:` lines) and its repeat of the
 * same text are one failure: one event, its message said once, stack frames dropped.
 */
export const recognizeTokenError: Recognizer = (lines, final, context) => {
  const header = shape.TOKEN_ERROR_HEAD.exec(lines[0]!.text);
  if (!header) return undefined;
  const units = [(header[1] ?? '').trim()];
  let record: ErrorEvent | undefined;
  let end = 1;
  for (; end <= MAX_TOKEN_BLOCK_LINES; end++) {
    const line = lines[end];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (isBoundary(line) || shape.TOKEN_ERROR_HEAD.test(line.text)) break;
    const found = readRecord(lines.slice(end), final, context);
    if (found === 'more') return 'more';
    if (found) {
      record = found.event;
      end += found.consumed;
      break;
    }
    if (!shape.STACK_FRAME.test(line.text)) units.push(line.text.trim());
  }
  const events: TranscriptEvent[] = [];
  if (!record) {
    // `VERBOSE: ConnectionContext Removed`, then the record that rethrows the same text.
    let k = end;
    while (k - end < MAX_STREAM_LINES_BETWEEN && lines[k] && shape.STREAM_PREFIX.test(lines[k]!.text)) k++;
    if (k > end) {
      if (!lines[k] && !final) return 'more';
      const found = lines[k] ? readRecord(lines.slice(k), final, context) : undefined;
      if (found === 'more') return 'more';
      if (found && sameFailure(combine(units, undefined), found.event.message)) {
        record = found.event;
        for (const line of lines.slice(end, k)) events.push({ type: 'output', text: line.text });
        end = k + found.consumed;
      }
    }
  }
  events.unshift(errorEvent(combine(units, record?.message), record?.fullyQualifiedErrorId));
  return { consumed: end, events };
};
