/**
 * Lines → PowerShell 7 ConciseView error records, and error texts that stand alone:
 *
 * - with a script position: `Reason: path:line`, `Line |`, `  N | source`, `    | ~~~`, then the message
 *   word-wrapped in `    | ` gutter lines;
 * - on one line: `Reason: message`, continued by the following lines in the error colour (on uncoloured
 *   text, by the following lines up to a blank line or the start of something else);
 * - alone: `The term '…' is not recognized …` (+ `Check the spelling …`), the NonInteractive refusal, a bare
 *   `UnAuthorized`.
 */
import { errorEvent } from './error-event.js';
import {
  conciseHead,
  isBoundary,
  joinWrapped,
  type Recognizer,
  startsBlock,
  type WrappedPart,
  wholeLine,
} from './line.js';
import * as shape from './shapes.js';

/** Longest uncoloured continuation of a one-line record. */
const MAX_CONCISE_LINES = 20;
/** Longest gutter block (a 2,000-character message wrapped at 40 columns fits). */
const MAX_GUTTER_LINES = 80;

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
  for (; j < MAX_GUTTER_LINES; ) {
    const line = lines[j];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (j === 2 && shape.GUTTER_SOURCE.test(line.text)) {
      // Pasted with the gutter run together on one line: `475 | code … | ~~~~ | message`.
      const runTogether = line.text.split(/\s\|\s/).slice(2);
      for (const piece of runTogether) if (!shape.GUTTER_CARETS.test(piece) && piece.trim() !== '') parts.push(piece);
      first = runTogether.length === 0;
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
