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
import type { TranscriptEvent } from './events.js';
import { type Line, type ReadContext, type Recognizer, toLine } from './line.js';
import { createLineSplitter } from './lines.js';
import { recognizeNormalView } from './normal-view.js';
import { progressKey } from './progress.js';
import {
  recognizeConfirmation,
  recognizeCredentialPrompt,
  recognizeOpenPrompt,
  recognizeParameterPrompt,
} from './prompts.js';
import { createLineRenderer } from './screen.js';
import { recognizeTokenError } from './token-error.js';

export interface TranscriptParserOptions {
  /**
   * The terminal width PowerShell wrote for, when known. It lets the parser rejoin words the console broke
   * in the middle (a line of `columns - 1` or more characters continues without a space). Without it,
   * wrapped lines are joined with a space, which is exact for PowerShell's own word wrap.
   */
  columns?: number;
}

export interface TranscriptParser {
  /** Feeds a chunk of terminal output; returns the events it completed. */
  push(chunk: string): TranscriptEvent[];
  /** Ends the stream: returns the events that were waiting for more text. The parser cannot be used after. */
  end(): TranscriptEvent[];
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
  recognizeClassicProgressRows,
  recognizeOpenPrompt,
];

export function createTranscriptParser(options: TranscriptParserOptions = {}): TranscriptParser {
  const context: ReadContext = options.columns === undefined ? {} : { columns: options.columns };
  const splitter = createLineSplitter();
  const renderer = createLineRenderer();
  const queue: Line[] = [];
  let lastProgress: string | undefined;
  let ended = false;

  function emit(events: TranscriptEvent[], out: TranscriptEvent[]): void {
    for (const event of events) {
      if (event.type === 'progress') {
        // Redraws of the same activity, status and percentage collapse into one event.
        const key = progressKey(event);
        if (key === lastProgress) continue;
        lastProgress = key;
      }
      out.push(event);
    }
  }

  function drain(final: boolean, out: TranscriptEvent[]): void {
    while (queue.length > 0) {
      const head = queue[0]!;
      if (head.text === '') {
        emit([...head.progress], out);
        queue.shift();
        continue;
      }
      let verdict: ReturnType<Recognizer>;
      for (const recognize of recognizers) {
        verdict = recognize(queue, final, context);
        if (verdict !== undefined) break;
      }
      if (verdict === 'more') return;
      const match = verdict ?? { consumed: 1, events: [{ type: 'output', text: head.text } as TranscriptEvent] };
      const consumed = queue.splice(0, Math.max(1, match.consumed));
      emit(
        consumed.flatMap((line) => line.progress),
        out,
      );
      emit(match.events, out);
      if (match.requeue) queue.unshift(...match.requeue);
    }
  }

  function assertOpen(): void {
    if (ended) throw new Error('This transcript parser has ended; create a new one for another stream.');
  }

  return {
    push(chunk) {
      assertOpen();
      const out: TranscriptEvent[] = [];
      const raw = splitter.push(chunk);
      if (raw.length === 0) return out;
      for (const line of raw) queue.push(toLine(renderer.render(line), false));
      drain(false, out);
      return out;
    },
    end() {
      assertOpen();
      ended = true;
      const out: TranscriptEvent[] = [];
      const rest = splitter.end();
      if (rest !== undefined) queue.push(toLine(renderer.render(rest), true));
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
