/**
 * Errors found from what the text says, whatever its layout: the recognizer that runs after every
 * structured one (which give the FullyQualifiedErrorId and position when a record is whole). A line that
 * carries an error signal (signals.ts) starts an error; the lines that continue it — wrapped at any width,
 * indented, split by blank lines as web pages show records, with the record's tail, fields or a stack
 * trace — join into one event, classified from all of its text. So a record reduced to its first line, a
 * message inside a longer line, the tail of a stack trace or a pasted record never reads as "no error":
 * what no pattern matches is UNKNOWN with its message.
 */
import { classifyError } from './catalog.js';
import type { ErrorEvent } from './events.js';
import { type Line, matches, type Recognizer, remember, startsOtherBlock } from './line.js';
import * as shape from './shapes.js';
import { ANCHORS, normalizedText } from './signals.js';

/** Most lines one loosely laid-out error may take. */
const MAX_LOOSE_LINES = 40;
/** Blank lines allowed inside one error (web pages put one between a record's lines). */
const MAX_BLANK_RUN = 2;
/** Longest message kept. */
const MAX_MESSAGE = 2000;

/** `Connect-AzureAD : msg`, `Connect-PnPOnline: msg`, `.\job.ps1 : msg`: a command's error head. */
const COMMAND_HEAD = /^(?:[A-Za-z]+-[A-Za-z]\w*|\S+\.ps[dm]?1|\.\\\S+) ?: +(\S.*)$/;
const AADSTS = /\bAADSTS\d{4,}/;
const EXCEPTION_CALLING = /Exception calling "/;
/** An exception type followed by its message: `System.Net.Http.HttpRequestException: …`, `MsalServiceException: …`. */
const EXCEPTION_TYPE = /\b(?:[A-Za-z]\w*\.)*[A-Z]\w*Exception(?::(?: |$)|,\s)/;
/** A .NET stack frame or its separators (English and German, the two the corpus holds). */
const STACK_LINE = /^\s*(?:(?:at|bei) [\w.`<>$|[\]]+[.(]|--- (?:End of|Ende der) )/;
/** A record field, also as web pages render it (`•`/`*` bullets for the `+`). */
const FIELD = /^\s*[+*]?\s*(?:CategoryInfo|FullyQualifiedErrorId)\s*:/;
const AGGREGATE = /One or more errors occurred/;
/** Lines that continue a record across a blank line: its position, code, fields, gutter or stack. */
const TAIL_LIKE = /^\s*(?:At \S|\+|\||~|\.\.\.|(?:at|bei) \S|--- |CategoryInfo|FullyQualifiedErrorId)/;

/** Does this line report an error by what it says? */
export function saysError(line: Line): boolean {
  return remember(line, saysError, (l) => {
    const text = normalizedText(l);
    if (shape.STREAM_PREFIX.test(text)) {
      // Warnings carry real failures (throttling, a rethrown token error); verbose and debug lines never do.
      if (!text.startsWith('WARNING: ')) return false;
      return AADSTS.test(text) || (ANCHORS.test(text) && classifyError(text).code !== 'UNKNOWN');
    }
    if (COMMAND_HEAD.test(text) || shape.AT_LOCATION.test(text)) return true;
    if (!ANCHORS.test(text)) return false;
    return (
      AADSTS.test(text) ||
      EXCEPTION_CALLING.test(text) ||
      EXCEPTION_TYPE.test(text) ||
      STACK_LINE.test(text) ||
      FIELD.test(text) ||
      AGGREGATE.test(text) ||
      classifyError(text).code !== 'UNKNOWN'
    );
  });
}

function isStackLine(line: Line | undefined): boolean {
  return line !== undefined && matches(line, STACK_LINE);
}

/** Where one error's lines end: the index after its last line, or 'more'. */
function blockEnd(lines: readonly Line[], final: boolean): number | 'more' {
  let end = 1;
  for (let j = 1; j < MAX_LOOSE_LINES; j++) {
    const line = lines[j];
    if (!line) return final ? end : 'more';
    if (line.text === '') {
      // A blank line ends the error unless the record goes on after it (web pages space its lines).
      let k = j;
      while (k < lines.length && lines[k]!.text === '' && k - j < MAX_BLANK_RUN) k++;
      const next = lines[k];
      if (!next) return final || k - j >= MAX_BLANK_RUN ? end : 'more';
      if (!matches(next, TAIL_LIKE)) return end;
      j = k - 1;
      continue;
    }
    const text = normalizedText(line);
    if (shape.STREAM_PREFIX.test(text) || shape.SHELL_PROMPT.test(text) || shape.BANNER_RULE.test(text)) return end;
    // Another command's error, or another block, starts here.
    if (COMMAND_HEAD.test(text) || (startsOtherBlock(line) && !shape.TERM_NOT_RECOGNIZED.test(text))) return end;
    end = j + 1;
  }
  return end;
}

export const recognizeLooseError: Recognizer = (lines, final) => {
  const first = lines[0]!;
  // A plain line right above a stack trace is the exception's message.
  const messageAboveStack = !saysError(first) && !isBoundaryText(first) && isStackLine(lines[1]);
  if (!saysError(first) && !messageAboveStack) {
    if (lines.length < 2 && !final && !shape.STREAM_PREFIX.test(first.text)) return 'more';
    return undefined;
  }
  const end = blockEnd(lines, final);
  if (end === 'more') return 'more';
  return { consumed: end, events: [looseError(lines.slice(0, end))] };
};

function isBoundaryText(line: Line): boolean {
  return shape.STREAM_PREFIX.test(line.text) || shape.SHELL_PROMPT.test(line.text);
}

/** One event for the lines of a loosely laid-out error. */
export function looseError(block: readonly Line[]): ErrorEvent {
  const texts = block.map((line) => normalizedText(line).trim()).filter((text) => text !== '');
  const spaced = texts.join(' ');
  let classification = classifyError(spaced);
  // A word the console (or a web page) broke mid-word only reads whole without the break's space.
  if (classification.code === 'UNKNOWN') classification = classifyError(texts.join(''));
  const message: string[] = [];
  let fullyQualifiedErrorId: string | undefined;
  for (const text of texts) {
    const field = /^[+*]?\s*FullyQualifiedErrorId\s*:\s*(.*)$/.exec(text);
    if (field) {
      fullyQualifiedErrorId = field[1]!.trim() || undefined;
      continue;
    }
    if (/^(?:At \S|\+|~|\.\.\.|(?:at|bei) \S|--- |CategoryInfo|Line \|)/.test(text)) continue;
    const gutter = /^\d*\s*\|\s?(.*)$/.exec(text);
    const part = gutter ? gutter[1]! : text;
    if (/^~+$/.test(part) || part === '') continue;
    message.push(message.length === 0 ? headMessage(part) : part);
  }
  let text = message.join(' ').trim() || spaced;
  if (text.length > MAX_MESSAGE) text = `${text.slice(0, MAX_MESSAGE)}…`;
  const event: ErrorEvent = {
    type: 'error',
    code: classification.code,
    message: text,
    fix: classification.fix,
    retryable: classification.retryable,
  };
  if (fullyQualifiedErrorId) event.fullyQualifiedErrorId = fullyQualifiedErrorId;
  if (classification.matched !== undefined) event.matched = classification.matched;
  return event;
}

/** The message of a first line: without `WARNING: ` or a `Command : ` head. */
function headMessage(text: string): string {
  const warning = text.startsWith('WARNING: ') ? text.slice('WARNING: '.length) : text;
  return COMMAND_HEAD.exec(warning)?.[1] ?? warning;
}
