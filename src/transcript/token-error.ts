/**
 * The module's `Error Acquiring Token:` block → one error event. ExchangeOnlineManagement prints the header and
 * the MSAL/WAM text with Write-Host, then throws: the Write-Host lines, the record that follows them (maybe
 * after `VERBOSE:` lines) and its repeat of the same text are one failure.
 */
import { recognizeConciseGutter, recognizeConciseLine } from './concise-view.js';
import { errorEvent } from './error-event.js';
import type { ErrorEvent, TranscriptEvent } from './events.js';
import { isBoundary, type Line, type ReadContext, type Recognizer } from './line.js';
import { recognizeNormalView } from './normal-view.js';
import * as shape from './shapes.js';

/** Longest `Error Acquiring Token:` block (stack traces included). */
const MAX_TOKEN_BLOCK_LINES = 120;
/** Lines a record inside the block is read from (every record recognizer decides within fewer). */
const RECORD_WINDOW = 130;
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
    const found = readRecord(
      lines.slice(end, end + RECORD_WINDOW),
      final || end + RECORD_WINDOW < lines.length,
      context,
    );
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
      const found = lines[k]
        ? readRecord(lines.slice(k, k + RECORD_WINDOW), final || k + RECORD_WINDOW < lines.length, context)
        : undefined;
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
