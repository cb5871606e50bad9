/**
 * Wires the pieces: chunks → raw lines (lines.ts) → screen lines (screen.ts, progress.ts) → a queue the
 * recognizers read from the head. Each recognizer looks at the head of the queue and either claims some
 * lines (giving events), asks for more lines, or passes. Recognizers only ever see complete lines (and, at
 * end(), the final partial one), so events are identical however the text was cut into chunks.
 */
import {
  recognizeBanner,
  recognizeClassicProgressRows,
  recognizeConnectionInfo,
  recognizeDeviceCode,
} from './blocks.js';
import { recognizeConciseGutter, recognizeConciseLine, recognizeStandalone } from './concise-view.js';
import type { ProgressEvent, TranscriptEvent } from './events.js';
import { BLANK_LINE, isBoundary, type Line, type ReadContext, type Recognizer, toLine, type Verdict } from './line.js';
import { createLineSplitter } from './lines.js';
import { recognizeLooseError } from './loose.js';
import { MAX_MESSAGE_LINES, recognizeNormalView } from './normal-view.js';
import { progressKey } from './progress.js';
import {
  recognizeConfirmation,
  recognizeCredentialPrompt,
  recognizeOpenPrompt,
  recognizeParameterPrompt,
} from './prompts.js';
import { createLineRenderer } from './screen.js';
import { isQuiet } from './signals.js';
import { recognizeTokenError } from './token-error.js';

export interface TranscriptParserOptions {
  /**
   * The terminal width PowerShell wrote for, when known. It lets the parser rejoin words the console broke
   * in the middle (a line of `columns - 1` or more characters continues without a space). Without it,
   * wrapped lines are joined with a space, which is exact for PowerShell's own word wrap.
   */
  columns?: number;
  /**
   * The source is known to carry PowerShell's colours: a live session or a raw pty capture of pwsh 7, where
   * every error record is drawn in `$PSStyle.Formatting.Error`. Then only a line in the error colour (and
   * the lines that continue a record that started in it) can start an error: uncoloured output shaped like
   * an error (`Case-123: Completed`, `Unauthorized`, `Exception: a log line`, `report.ps1: finished`) is
   * output. The module's `Error Acquiring Token:` block, which it writes uncoloured, is still read. Leave it
   * off for text whose colours are unknown or stripped (files, pastes, Windows PowerShell 5.1 logs): there the
   * text alone decides, and nothing that says it is an error is ever read as "no error".
   */
  colourTrusted?: boolean;
  /**
   * The progress shown last before this text, when it continues a stream read in parts (a live session
   * gives each command its own parser): the same state drawn again is not repeated, as within one stream.
   */
  lastProgress?: ProgressEvent;
}

export interface TranscriptParser {
  /** Feeds a chunk of terminal output; returns the events it completed. */
  push(chunk: string): TranscriptEvent[];
  /** Ends the stream: returns the events that were waiting for more text. The parser cannot be used after. */
  end(): TranscriptEvent[];
  /** The progress shown last (or the `lastProgress` it was given): what a parser for the next part starts from. */
  readonly lastProgress: ProgressEvent | undefined;
}

/** Tried in order on the head of the queue; the first that does not pass decides. */
const recognizers: readonly Recognizer[] = [
  recognizeBanner,
  recognizeConnectionInfo,
  recognizeDeviceCode,
  recognizeCredentialPrompt,
  recognizeParameterPrompt,
  recognizeConfirmation,
  recognizeTokenError,
  recognizeConciseGutter,
  recognizeNormalView,
  recognizeConciseLine,
  recognizeStandalone,
  recognizeLooseError,
  recognizeClassicProgressRows,
  recognizeOpenPrompt,
];

/**
 * Most lines any recognizer may look at beyond the head. Every recognizer decides within far fewer (the
 * longest, a token-error block with its record, within about 200); if one still asks for more once this many
 * lines wait, it is asked again as if the stream ended there, so a queue never grows past this.
 */
export const MAX_LOOKAHEAD = 256;
/** The window most heads are decided in. */
const SMALL_WINDOW = 64;
/** Lines queued before they are read, within one chunk. */
const DRAIN_BATCH = 512;
/**
 * Longest unfinished line looked at for progress before it ends. PowerShell redraws a progress bar on one
 * line that ends only when the activity is over; looking at it early lets a live session show each update
 * as it is drawn, not all of them at the end. Longer lines wait for their end (a look costs their length).
 */
const MAX_PREVIEW_LENGTH = 16 * 1024;

/** Recognizers whose events are errors: in colour-trusted mode they only start on a line in the error colour. */
const errorRecognizers: ReadonlySet<Recognizer> = new Set([
  recognizeConciseGutter,
  recognizeNormalView,
  recognizeConciseLine,
  recognizeStandalone,
  recognizeLooseError,
]);

const colourTrustedRecognizers: readonly Recognizer[] = recognizers.map((recognize) =>
  errorRecognizers.has(recognize)
    ? (lines, final, context) => (lines[0]!.error ? recognize(lines, final, context) : undefined)
    : recognize,
);

export function createTranscriptParser(options: TranscriptParserOptions = {}): TranscriptParser {
  const active = options.colourTrusted ? colourTrustedRecognizers : recognizers;
  const context: ReadContext = options.columns === undefined ? {} : { columns: options.columns };
  const splitter = createLineSplitter();
  const renderer = createLineRenderer();
  // The queue is queue[head…]; consumed lines are dropped in batches, so taking a line costs O(1).
  let queue: Line[] = [];
  let head = 0;
  let lastProgress = options.lastProgress;
  let lastProgressKey = lastProgress && progressKey(lastProgress);
  // Progress already given from the unfinished line (previewProgress): its completed line repeats them first.
  let previewed: string[] = [];
  let ended = false;
  // When the head asked for more lines: how many lines were there. Asking again before the queue doubles
  // (or a line that ends every block arrives) gives the same answer, so it is not asked: a record waiting
  // for its end costs O(log n) tries, not one per chunk.
  let waitingWith = 0;
  // The quiet fast path's scan position (an index into `queue`, always past `head` when in use).
  let scanAt = 0;

  function emit(events: readonly TranscriptEvent[], out: TranscriptEvent[]): void {
    for (const event of events) {
      if (event.type === 'progress') {
        // Redraws of the same activity, status and percentage collapse into one event.
        const key = progressKey(event);
        if (key === lastProgressKey) continue;
        lastProgressKey = key;
        lastProgress = event;
      }
      out.push(event);
    }
  }

  function outputOf(line: Line): TranscriptEvent {
    return line.cut ? { type: 'output', text: line.text, cut: true } : { type: 'output', text: line.text };
  }

  function take(count: number, out: TranscriptEvent[]): void {
    for (let i = 0; i < count && head < queue.length; i++) {
      const line = queue[head++]!;
      if (line.progress.length > 0) emit(line.progress, out);
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      scanAt = Math.max(0, scanAt - head);
      head = 0;
    }
  }

  function drain(final: boolean, out: TranscriptEvent[]): void {
    while (head < queue.length) {
      const line = queue[head]!;
      if (line.text === '') {
        take(1, out);
        continue;
      }
      const available = queue.length - head;
      let verdict: Verdict;
      const quiet = isQuiet(line) ? quietHead(final) : 'full';
      if (quiet === 'output') verdict = undefined;
      else if (quiet === 'more') verdict = 'more';
      else {
        // Most heads decide within a few lines: a small window first, the whole lookahead if it asks for more.
        let window = queue.slice(head, head + SMALL_WINDOW);
        verdict = decide(window, final);
        if (verdict === 'more' && available > SMALL_WINDOW) {
          window = queue.slice(head, head + MAX_LOOKAHEAD);
          verdict = decide(window, final);
        }
        if (verdict === 'more' && window.length >= MAX_LOOKAHEAD) verdict = decide(window, true);
      }
      if (verdict === 'more') {
        waitingWith = available;
        return;
      }
      waitingWith = 0;
      if (verdict === undefined) {
        // Ordinary output, most lines: its event needs no progress collapsing, so it goes straight out.
        take(1, out);
        out.push(outputOf(line));
        continue;
      }
      const match = verdict;
      take(Math.max(1, match.consumed), out);
      emit(match.events, out);
      if (match.requeue && match.requeue.length > 0) {
        queue = [...match.requeue, ...queue.slice(head)];
        head = 0;
        scanAt = 0;
      }
    }
  }

  /**
   * The fast path for a quiet head (signals.ts: no recognizer starts with it, no error signal in it). Only a
   * NormalView message-only record could still claim it, and only if a record's tail follows before a blank
   * line within MAX_MESSAGE_LINES; so the lines after it are scanned (once: `scanAt` only moves forward) up
   * to the first line that is not quiet. This is what recognizeNormalView would decide, in O(1) per line.
   */
  function quietHead(final: boolean): 'output' | 'more' | 'full' {
    if (scanAt <= head) scanAt = head + 1;
    while (scanAt < queue.length && scanAt - head <= MAX_MESSAGE_LINES && isQuiet(queue[scanAt]!)) scanAt++;
    if (scanAt - head > MAX_MESSAGE_LINES) return 'output';
    if (scanAt >= queue.length) return final ? 'output' : 'more';
    return queue[scanAt]!.text === '' ? 'output' : 'full';
  }

  function decide(window: readonly Line[], final: boolean): Verdict {
    for (const recognize of active) {
      const verdict = recognize(window, final, context);
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  }

  /** Whether asking the head again can give a new answer (see `waitingWith`). */
  function ready(settles: boolean): boolean {
    const available = queue.length - head;
    return waitingWith === 0 || settles || available >= 2 * waitingWith || available >= MAX_LOOKAHEAD;
  }

  /**
   * Gives the progress updates of the unfinished line that are complete (a frame is complete once the next
   * redraw starts), when nothing before it is still waiting: then they come in the same order as when the
   * line is read whole, and that line later leaves out the ones already given.
   */
  function previewProgress(out: TranscriptEvent[]): void {
    if (head < queue.length) return;
    const text = splitter.pending();
    if (text === undefined || text.length > MAX_PREVIEW_LENGTH || !text.includes('\u001b')) return;
    const screen = renderer.preview(text);
    // The last drawing may still be half drawn; only the ones a redraw has closed are sure.
    const closed = screen.frames.length > 0 ? toLine(screen, true).progress.slice(0, -1) : [];
    for (const event of closed.slice(previewed.length)) {
      previewed.push(progressKey(event));
      emit([event], out);
    }
  }

  /** A line that was previewed, without the progress updates already given. */
  function withoutPreviewed(line: Line): Line {
    if (previewed.length === 0) return line;
    let same = 0;
    while (
      same < previewed.length &&
      same < line.progress.length &&
      progressKey(line.progress[same]!) === previewed[same]
    ) {
      same++;
    }
    previewed = [];
    return same === 0 ? line : { ...line, progress: line.progress.slice(same) };
  }

  function assertOpen(): void {
    if (ended) throw new Error('This transcript parser has ended; create a new one for another stream.');
  }

  return {
    get lastProgress() {
      return lastProgress;
    },
    push(chunk) {
      assertOpen();
      const out: TranscriptEvent[] = [];
      const raw = splitter.push(chunk);
      if (raw.length === 0) {
        previewProgress(out);
        return out;
      }
      let settles = false;
      raw.forEach((text, i) => {
        let line = text === '' || text === '\r' ? BLANK_LINE : toLine(renderer.render(text), false);
        if (i === 0) line = withoutPreviewed(line);
        if (splitter.cut.has(i)) line.cut = true;
        if (waitingWith > 0 && !settles && isBoundary(line)) settles = true;
        queue.push(line);
        // Reading as lines arrive keeps the queue short (a 64 KiB chunk of short lines is thousands of them).
        if (queue.length - head >= DRAIN_BATCH && ready(settles)) {
          drain(false, out);
          settles = false;
        }
      });
      if (ready(settles)) drain(false, out);
      previewProgress(out);
      return out;
    },
    end() {
      assertOpen();
      ended = true;
      const out: TranscriptEvent[] = [];
      const rest = splitter.end();
      if (rest !== undefined) queue.push(withoutPreviewed(toLine(renderer.render(rest), true)));
      drain(true, out);
      return out;
    },
  };
}

/** Parses a whole transcript: `push(text)` then `end()`. */
export function parseTranscript(text: string, options?: TranscriptParserOptions): TranscriptEvent[] {
  const parser = createTranscriptParser(options);
  return [...parser.push(text), ...parser.end()];
}
