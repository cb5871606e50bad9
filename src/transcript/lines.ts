/**
 * Chunks → raw lines. The only stateful part that sees chunk boundaries: it splits on LF, so an escape
 * sequence, a CRLF or a redraw split across chunks is reassembled before anyone looks at it.
 *
 * - An LF inside an OSC string (`ESC ] … BEL` / `ESC ] … ESC \`) does not end the line; an OSC longer than
 *   {@link MAX_OSC_LENGTH} is treated as ended, so a lost terminator cannot swallow the rest of the stream.
 * - Shell-integration markers that start a prompt or end a command (`ESC]633;A`, `ESC]633;D;<exit>`, and
 *   FinalTerm's `133;A` / `133;D`) also end the line: the command's output is complete there, so a record
 *   waiting for the line after it is settled without waiting for the prompt's line to end.
 */

/** Longest OSC payload we wait for (ippsconnect's `ESC]633;E;<command line>BEL` markers are far shorter). */
export const MAX_OSC_LENGTH = 8192;

/** Payloads of the markers that end a line: prompt start (A) and command finished (D). */
const LINE_ENDING_MARKER = /^[16]33;[AD](?:;|$)/;

const ESC = '\u001b';
const BEL = '\u0007';

type SplitState = 'ground' | 'escape' | 'osc' | 'oscEscape';

export interface LineSplitter {
  /** Feeds a chunk; returns the raw lines it completed (without their LF). */
  push(chunk: string): string[];
  /** The unterminated rest, or undefined when the stream ended on a line end. */
  end(): string | undefined;
}

export function createLineSplitter(): LineSplitter {
  let state: SplitState = 'ground';
  let payload = '';
  let current = '';

  function push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    const endLine = (at: number, next: number): void => {
      lines.push(current + chunk.slice(start, at));
      current = '';
      start = next;
    };
    const endOsc = (i: number): void => {
      state = 'ground';
      if (LINE_ENDING_MARKER.test(payload)) endLine(i + 1, i + 1);
    };
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      switch (state) {
        case 'ground':
          if (ch === '\n') endLine(i, i + 1);
          else if (ch === ESC) state = 'escape';
          break;
        case 'escape':
          if (ch === ']') {
            state = 'osc';
            payload = '';
          } else if (ch === '\n') {
            state = 'ground';
            endLine(i, i + 1);
          } else if (ch !== ESC) state = 'ground';
          break;
        case 'osc':
          if (ch === BEL) endOsc(i);
          else if (ch === ESC) state = 'oscEscape';
          else if (payload.length >= MAX_OSC_LENGTH) state = 'ground';
          else payload += ch;
          break;
        case 'oscEscape':
          // ESC \ ends the string; any other ESC sequence aborts it, as terminals do.
          if (ch === '\\') endOsc(i);
          else if (ch === ']') {
            state = 'osc';
            payload = '';
          } else if (ch === '\n') {
            state = 'ground';
            endLine(i, i + 1);
          } else state = 'ground';
          break;
      }
    }
    current += chunk.slice(start);
    return lines;
  }

  function end(): string | undefined {
    const rest = current;
    current = '';
    state = 'ground';
    return rest === '' ? undefined : rest;
  }

  return { push, end };
}
