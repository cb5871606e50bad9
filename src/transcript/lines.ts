/**
 * Chunks → raw lines. The only stateful part that sees chunk boundaries: it splits on LF and nothing else,
 * so an escape sequence, a CRLF or a redraw split across chunks is reassembled before anyone looks at it.
 * An LF inside an OSC string (`ESC ] … BEL` / `ESC ] … ESC \`) does not end the line; an OSC longer than
 * {@link MAX_OSC_LENGTH} is treated as ended, so a lost terminator cannot swallow the rest of the stream.
 */

/** Longest OSC payload we wait for (ippsconnect's `ESC]633;E;<command line>BEL` markers are far shorter). */
export const MAX_OSC_LENGTH = 8192;

const ESC = '\u001b';
const BEL = '\u0007';

type SplitState = 'ground' | 'escape' | 'osc' | 'oscEscape';

export interface LineSplitter {
  /** Feeds a chunk; returns the raw lines it completed (without their LF). */
  push(chunk: string): string[];
  /** The unterminated rest, or undefined when the stream ended on an LF. */
  end(): string | undefined;
}

export function createLineSplitter(): LineSplitter {
  let state: SplitState = 'ground';
  let oscLength = 0;
  let current = '';

  function push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      switch (state) {
        case 'ground':
          if (ch === '\n') {
            lines.push(current + chunk.slice(start, i));
            current = '';
            start = i + 1;
          } else if (ch === ESC) state = 'escape';
          break;
        case 'escape':
          if (ch === ']') {
            state = 'osc';
            oscLength = 0;
          } else if (ch === '\n') {
            state = 'ground';
            lines.push(current + chunk.slice(start, i));
            current = '';
            start = i + 1;
          } else state = ch === ESC ? 'escape' : 'ground';
          break;
        case 'osc':
          if (ch === BEL) state = 'ground';
          else if (ch === ESC) state = 'oscEscape';
          else if (++oscLength > MAX_OSC_LENGTH) state = 'ground';
          break;
        case 'oscEscape':
          // ESC \ ends the string; any other ESC sequence aborts it, as terminals do.
          state = ch === ']' ? 'osc' : 'ground';
          if (ch === ']') oscLength = 0;
          if (ch === '\n') {
            lines.push(current + chunk.slice(start, i));
            current = '';
            start = i + 1;
          }
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
