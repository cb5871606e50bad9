/**
 * Lines → NormalView error records (Windows PowerShell 5.1; PowerShell 7 with `$ErrorView = 'NormalView'`):
 * a head (`Cmdlet : message`, or the message alone) wrapped over lines, then the tail: `At …` (maybe
 * wrapped), `+ code`, `+ ~~~`, and the `+ CategoryInfo` / `+ FullyQualifiedErrorId` / `+ PSComputerName`
 * fields. The head is found by looking *forward* from the first line of a paragraph for the tail; a record
 * ends at the first line that cannot continue it, and until that line arrives the answer is 'more'.
 */
import { errorEvent } from './error-event.js';
import type { TranscriptEvent } from './events.js';
import {
  isBoundary,
  joinWrapped,
  type Line,
  type ReadContext,
  type Recognizer,
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
/** Longest record tail (code lines, fields and their continuations). */
const MAX_TAIL_LINES = 60;

interface Tail {
  /** Index of the first line after the record. */
  end: number;
  fields: Map<string, string>;
}

/**
 * Whether a line looks like the first line of a tail (a field, or `At …`). Asked of every line after every
 * head of a paragraph, so the answer is kept on the line.
 */
function mayStartTail(line: Line): boolean {
  if (line.text === '') return false;
  line.tailLike ??= shape.FIELD_LINE.test(line.text) || shape.AT_LOCATION_START.test(line.text);
  return line.tailLike;
}

/** Is line `i` the start of a NormalView tail? 'more' when the lines that decide it have not arrived. */
function tailStart(lines: readonly Line[], i: number, final: boolean): 'more' | number | undefined {
  const line = lines[i]!;
  if (!mayStartTail(line)) return undefined;
  if (shape.FIELD_LINE.test(line.text)) return i;
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
  while (j - start < MAX_TAIL_LINES) {
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
    while (j - start < MAX_TAIL_LINES) {
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
    const spelled = squeeze(fqid);
    for (let k = 1; k < parts.length; k++) {
      if (squeeze(joinWrapped(parts.slice(k), context)) === spelled) {
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
