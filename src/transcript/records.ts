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
  /** ParserError text printed between the carets and the fields. */
  extra: string[];
}

/** Is line `i` the start of a NormalView tail? 'more' when the lines that decide it have not arrived. */
function tailStart(lines: readonly Line[], i: number, final: boolean): 'more' | number | undefined {
  const line = lines[i]!;
  if (shape.FIELD_LINE.test(line.text)) return i;
  if (!shape.AT_LOCATION_START.test(line.text)) return undefined;
  let last = i;
  if (!shape.AT_LOCATION.test(line.text)) {
    // A wrapped location: keep going until a line ends with `:N char:M`.
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

/** Reads a tail from its start; 'more' while its end is not yet known. */
function readTail(lines: readonly Line[], start: number, final: boolean, colour: boolean): Tail | 'more' {
  let j = start;
  const at = (k: number): Line | undefined => lines[k];
  // Location (one line, or until the wrapped one ends).
  if (shape.AT_LOCATION_START.test(at(j)!.text) && !shape.FIELD_LINE.test(at(j)!.text)) {
    while (!shape.LOCATION_END.test(at(j)!.text)) {
      j++;
      if (!at(j)) return final ? { end: j, fields: new Map(), extra: [] } : 'more';
    }
    j++;
  }
  while (at(j) && shape.CODE_LINE.test(at(j)!.text) && !shape.FIELD_LINE.test(at(j)!.text)) j++;
  if (!at(j) && !final) return 'more';
  // ParserError text between the carets and the fields — only if fields follow it.
  const extra: string[] = [];
  for (let k = j; k < start + MAX_TAIL_LINES; k++) {
    const line = at(k);
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (shape.FIELD_LINE.test(line.text)) {
      for (let e = j; e < k; e++) extra.push(at(e)!.text);
      j = k;
      break;
    }
    if (isBoundary(line) || shape.CODE_LINE.test(line.text)) break;
  }
  const fields = new Map<string, string>();
  for (;;) {
    const line = at(j);
    if (!line) {
      if (!final) return 'more';
      break;
    }
    const field = shape.FIELD_LINE.exec(line.text);
    if (!field) break;
    let value = field[2] ?? '';
    j++;
    for (;;) {
      const next = at(j);
      if (!next) {
        if (!final) return 'more';
        break;
      }
      if (!shape.FIELD_CONTINUATION.test(next.text) || (colour && !next.error)) break;
      // 5.1 cuts the value into fixed-width chunks: the pieces join without a space.
      value += next.text.trim();
      j++;
    }
    fields.set(field[1]!, value.trim());
  }
  return { end: j, fields, extra };
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
    const tail = readTail(lines, start, final, colour);
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
  const fqid = tail.fields.get('FullyQualifiedErrorId') || undefined;
  const parts: WrappedPart[] = headLines.map(wholeLine);
  if (named) parts[0] = { text: named[2]!, width: headLines[0]!.text.length };
  const events: TranscriptEvent[] = [];
  let messageParts = parts;
  if (!named && fqid !== undefined) {
    // A message-only record (`throw "…"`) repeats its message as the FullyQualifiedErrorId: lines above
    // the ones that spell it are ordinary output.
    for (let k = 1; k < parts.length; k++) {
      if (joinWrapped(parts.slice(k), context) === fqid) {
        for (const line of headLines.slice(0, k)) events.push({ type: 'output', text: line.text });
        messageParts = parts.slice(k);
        break;
      }
    }
  }
  let message = joinWrapped(messageParts, context);
  if (tail.extra.length > 0) message = `${message} ${tail.extra.map((t) => t.trim()).join(' ')}`.trim();
  events.push(errorEvent(message, fqid));
  return { consumed: tail.end, events };
}

// ---------------------------------------------------------------- ConciseView

export const recognizeConciseGutter: Recognizer = (lines, final) => {
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

export const recognizeTokenError: Recognizer = (lines, final, context) => {
  const header = shape.TOKEN_ERROR_HEAD.exec(lines[0]!.text);
  if (!header) return undefined;
  let end = 1;
  let sawRed = false;
  for (; end <= MAX_TOKEN_BLOCK_LINES; end++) {
    const line = lines[end];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (isBoundary(line) || shape.TOKEN_ERROR_HEAD.test(line.text)) break;
    if (sawRed && !line.error) break;
    if (line.error) sawRed = true;
  }
  const body = lines.slice(1, end);
  let tailAt = body.length;
  for (let i = 0; i < body.length; i++) {
    const start = tailStart(body, i, true);
    if (typeof start === 'number') {
      tailAt = start;
      break;
    }
  }
  const tail = tailAt < body.length ? readTail(body, tailAt, true, false) : undefined;
  const fqid = tail && tail !== 'more' ? tail.fields.get('FullyQualifiedErrorId') || undefined : undefined;
  const text = body.slice(0, tailAt).filter((line) => !shape.STACK_FRAME.test(line.text));
  const units: string[] = [];
  const rest = (header[1] ?? '').trim();
  if (rest !== '') units.push(rest);
  for (let i = 0; i < text.length; i++) {
    const line = text[i]!;
    const record = conciseHead(line) ?? shape.NORMAL_HEAD.exec(line.text);
    if (record?.[2]) {
      // The record the block announces: its message runs to the end of the text.
      const parts = [{ text: record[2], width: line.text.length }, ...text.slice(i + 1).map(wholeLine)];
      units.push(joinWrapped(parts, context));
      break;
    }
    units.push(line.text.trim());
  }
  const unique = [...new Set(units.filter((unit) => unit !== ''))];
  const message = unique.join(' ') || 'Error Acquiring Token';
  return { consumed: end, events: [errorEvent(message, fqid)] };
};
