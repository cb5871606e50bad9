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

/**
 * Longest line, in UTF-16 units, the parser holds: a longer line is delivered in pieces of this length (each
 * piece but the last marked as cut), so one endless line (a 62 MiB `-join`, /dev/zero) costs constant memory.
 */
export const MAX_LINE_LENGTH = 65536;

/** Payloads of the markers that end a line: prompt start (A) and command finished (D). */
const LINE_ENDING_MARKER = /^[16]33;[AD](?:;|$)/;

const ESC = '\u001b';
const BEL = '\u0007';

type SplitState = 'ground' | 'escape' | 'osc' | 'oscEscape';

export interface LineSplitter {
  /** Feeds a chunk; returns the raw lines it completed (without their LF). */
  push(chunk: string): string[];
  /** Indexes, in the array the last `push` returned, of pieces cut at {@link MAX_LINE_LENGTH} (the line goes on). */
  readonly cut: ReadonlySet<number>;
  /** The unterminated rest, or undefined when the stream ended on a line end. */
  end(): string | undefined;
  /**
   * The line started but not yet ended, without taking it: undefined when there is none or when the text
   * stopped inside an escape sequence (a preview would misread half a sequence).
   */
  pending(): string | undefined;
}

export function createLineSplitter(): LineSplitter {
  let state: SplitState = 'ground';
  let payload = '';
  let current = '';
  const cut = new Set<number>();

  function push(chunk: string): string[] {
    const lines: string[] = [];
    cut.clear();
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
    /** Cuts the line when it would grow past the limit before `at`; returns where scanning goes on. */
    const bound = (at: number): void => {
      while (current.length + (at - start) > MAX_LINE_LENGTH) {
        const room = MAX_LINE_LENGTH - current.length;
        cut.add(lines.length);
        endLine(start + room, start + room);
      }
    };
    // The ground state only has something to do at a line end or the start of an escape. Both are found
    // with indexOf (native, far faster than a regex); the next ESC is looked for again only once passed,
    // so text without escapes costs one look for it per chunk.
    let nextEscape = chunk.indexOf(ESC);
    let i = 0;
    while (i < chunk.length) {
      if (state === 'ground') {
        if (nextEscape !== -1 && nextEscape < i) nextEscape = chunk.indexOf(ESC, i);
        const lineEnd = chunk.indexOf('\n', i);
        const stop = lineEnd === -1 || (nextEscape !== -1 && nextEscape < lineEnd) ? nextEscape : lineEnd;
        const at = stop === -1 ? chunk.length : stop;
        bound(at);
        if (stop === -1) break;
        if (chunk[at] === '\n') endLine(at, at + 1);
        else state = 'escape';
        i = at + 1;
        continue;
      }
      const ch = chunk[i];
      switch (state) {
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
      i++;
      if (state !== 'ground') bound(i);
    }
    current += chunk.slice(start);
    return lines;
  }

  function end(): string | undefined {
    const rest = current;
    current = '';
    state = 'ground';
    cut.clear();
    return rest === '' ? undefined : rest;
  }

  function pending(): string | undefined {
    return state === 'ground' && current !== '' ? current : undefined;
  }

  return { push, cut, end, pending };
}
