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
import { type Line, type Recognizer, remember, startsOtherBlock } from './line.js';
import * as shape from './shapes.js';
import { hasAnchor, normalizedText } from './signals.js';

/** Most lines one loosely laid-out error may take. */
const MAX_LOOSE_LINES = 40;
/** Blank lines allowed inside one error (web pages put one between a record's lines). */
const MAX_BLANK_RUN = 2;
/** Longest message kept. */
const MAX_MESSAGE = 2000;

/** `Connect-AzureAD : msg`, `Connect-PnPOnline: msg`, `.\job.ps1 : msg`: a command's error head. */
const COMMAND_HEAD =
  /^\s*(?:(?:Error|ERROR|Error message|Exception)\s?:\s*)?(?:[A-Za-z]+-[A-Za-z]\w*|\S+\.ps[dm]?1|\.\\\S+) ?: +(\S.*)$/;
const AADSTS = /\bAADSTS\d{4,}/;
/**
 * The line a Start-Transcript log gives a terminating error (5.1 and 7): `PS>TerminatingError(Out-File): "…"`,
 * repeated as `>> TerminatingError(…): "…"` (real 5.1 log: real-world/unknown--scloud-14-ps51-transcript-log-bom.txt).
 */
const TRANSCRIPT_ERROR = /^PS>TerminatingError\([^)]*\): "(.*?)"?$/;
const TRANSCRIPT_ERROR_REPEAT = /^>> ?TerminatingError\(/;
const EXCEPTION_CALLING = /Exception calling "/;
/**
 * An exception type followed by its message: `System.Net.Http.HttpRequestException: …`, `MsalServiceException: …`.
 * Only its last name is matched: a namespace before it (`(?:[A-Za-z]\w*\.)*`) changes nothing for a test,
 * and tried from every word of a line it was quadratic (`One or more errors occurred. (a.ba.b…`: 2 s/MB).
 */
const EXCEPTION_TYPE = /\b[A-Z]\w*Exception(?::(?: |$)|,\s)/;
/** A .NET stack frame or its separators (English and German, the two the corpus holds). */
const STACK_LINE =
  /^\s*(?:(?:at|bei|bij|à|en) [\w.`<>$|[\]]+[.(]|at \S+, .+: ?line \d+$|--- (?:End of|Ende der|Einde van) )/;
/** An exception as Format-List shows it (`$Error[0].Exception | Format-List *`): its StackTrace row. */
const STACK_TRACE_ROW = /^\s*StackTrace\s*:/;
/** PowerShell's own error messages that no catalogue entry names (parameter binding, paths, validation). */
// The leading backtick and `\w+` take a message pasted in markdown code and retyped with a typo (holdout:
// o365-admin-center-11, "`Cannot validate arguemnt on parameter 'Session'.  The argument is null.").
const POWERSHELL_MESSAGE =
  /^\s*`?(?:Cannot (?:validate \w+ on parameter|bind (?:argument to )?parameter|process argument transformation|process command because|find path|convert))|An item with the same key has already been added|failed with the following error message/;
/**
 * .NET messages of a failed call, wherever they sit in a line (holdout: css-exchange-1572, a script's output ending
 * "Response status code does not indicate success: 404 (Not Found)."; exchangeonlinescripts-1, quoted in prose:
 * "Unable to find an entry point named 'GetPerAdapterInfo' in DLL 'iphlpapi.dll'").
 */
const DOTNET_MESSAGE = /Response status code does not indicate success: \d{3}|Unable to find an entry point named '/;
/** A log line that says it reports an error: `Error:06/07/2023 10:23:34 There was an issue …`, `ERROR: …`. */
const LOG_ERROR = /^(?:Error|ERROR):\s*\S/;
/** A record field, also as web pages render it (`•`/`*` bullets for the `+`). */
const FIELD = /^\s*[+*]?\s*(?:CategoryInfo|FullyQualifiedErrorId)\s*:/;
const AGGREGATE = /One or more errors occurred/;
/** Lines that continue a record across a blank line: its position, code, fields, gutter or stack. */
const TAIL_LIKE = /^\s*(?:At \S|\+|\||~|\.\.\.|(?:at|bei) \S|--- |CategoryInfo|FullyQualifiedErrorId)/;

/** Does this line report an error by what it says? */
export function saysError(line: Line): boolean {
  // The blank line is shared and frozen (nothing is stored on it), and says nothing.
  if (line.text === '') return false;
  line.saysError ??= textSaysError(normalizedText(line));
  return line.saysError;
}

function textSaysError(text: string): boolean {
  if (shape.STREAM_PREFIX.test(text)) {
    // Warnings carry real failures (throttling, a rethrown token error); verbose and debug lines never do.
    if (!text.startsWith('WARNING: ')) return false;
    return AADSTS.test(text) || (hasAnchor(text) && classifyError(text).code !== 'UNKNOWN');
  }
  if (COMMAND_HEAD.test(text) || TRANSCRIPT_ERROR.test(text) || shape.AT_LOCATION.test(text) || LOG_ERROR.test(text))
    return true;
  if (!hasAnchor(text)) return false;
  return (
    POWERSHELL_MESSAGE.test(text) ||
    DOTNET_MESSAGE.test(text) ||
    STACK_TRACE_ROW.test(text) ||
    AADSTS.test(text) ||
    EXCEPTION_CALLING.test(text) ||
    EXCEPTION_TYPE.test(text) ||
    STACK_LINE.test(text) ||
    FIELD.test(text) ||
    AGGREGATE.test(text) ||
    classifyError(text).code !== 'UNKNOWN'
  );
}

/** `regex` on the line's normalized text (bullets, NBSP, typographic quotes as PowerShell printed them). */
function says(line: Line, regex: RegExp): boolean {
  return remember(line, regex, (l) => regex.test(normalizedText(l)));
}

/** A stack frame or a StackTrace row; asked of the few lines after every head, so kept on the line. */
function isStackLine(line: Line | undefined): boolean {
  if (line === undefined || line.text === '') return false;
  if (line.stackLike === undefined) {
    const text = normalizedText(line);
    line.stackLike = STACK_LINE.test(text) || STACK_TRACE_ROW.test(text);
  }
  return line.stackLike;
}

/** Lines a message may sit above the stack trace it belongs to (Format-List rows, a wrapped message). */
const MAX_LINES_ABOVE_STACK = 3;

/** A plain head followed, within a few lines of the same paragraph, by a stack trace: the exception's message. */
function aboveStack(lines: readonly Line[], final: boolean): boolean | 'more' {
  for (let i = 1; i <= MAX_LINES_ABOVE_STACK; i++) {
    const line = lines[i];
    if (!line) return final ? false : 'more';
    if (line.text === '' || isBoundaryText(line)) return false;
    if (isStackLine(line)) return true;
  }
  return false;
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
      if (!says(next, TAIL_LIKE)) {
        const spaced = doubleSpacedTail(lines, k, final);
        if (spaced === 'more') return 'more';
        if (!spaced) return end;
      }
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

/** Paragraphs of one line each a double-spaced paste may put before its record's tail. */
const MAX_SPACED_LINES = 16;

/**
 * A record pasted double-spaced (every line its own paragraph, as some pages and tickets show it): from line
 * `start`, one-line paragraphs lead to a line of the record's tail.
 */
function doubleSpacedTail(lines: readonly Line[], start: number, final: boolean): boolean | 'more' {
  for (let p = start, n = 0; n < MAX_SPACED_LINES; p += 2, n++) {
    const line = lines[p];
    if (!line) return final ? false : 'more';
    if (line.text === '' || isBoundaryText(line)) return false;
    if (says(line, TAIL_LIKE)) return true;
    const gap = lines[p + 1];
    if (!gap) return final ? false : 'more';
    if (gap.text !== '') return false;
  }
  return false;
}

export const recognizeLooseError: Recognizer = (lines, final) => {
  const first = lines[0]!;
  if (!saysError(first)) {
    // A plain line right above a stack trace is the exception's message.
    if (isBoundaryText(first)) return undefined;
    const above = aboveStack(lines, final);
    if (above !== true) return above === 'more' ? 'more' : undefined;
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
    if (TRANSCRIPT_ERROR_REPEAT.test(text)) continue;
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
  return TRANSCRIPT_ERROR.exec(warning)?.[1] ?? COMMAND_HEAD.exec(warning)?.[1] ?? warning;
}
