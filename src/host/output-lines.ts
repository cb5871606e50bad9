import stripAnsi from 'strip-ansi';

/**
 * The plain lines of a stretch of terminal output, for a command's `output` and the transcript tail:
 * split at line ends, escapes removed, and a line redrawn with `\r` read as what remains on screen.
 * A line is never cut: a line longer than `maxLineChars` is delivered at that length with `truncated`.
 */
export interface LineCollector {
  push(text: string): void;
  /** Delivers the unfinished last line, if it shows anything (escapes alone, e.g. a title reset, do not). */
  flush(): void;
}

/** A line longer than this (64 Mi characters, 128 MiB of memory) is cut and reported as truncated. */
export const maxLineChars = 64 * 1024 * 1024;

export function createLineCollector(onLine: (line: string, truncated: boolean) => void): LineCollector {
  let partial = '';
  let truncated = false;
  const deliver = (raw: string) => {
    onLine(plainLine(raw), truncated);
    truncated = false;
  };
  return {
    push(text) {
      let from = 0;
      for (let end = text.indexOf('\n', from); end !== -1; end = text.indexOf('\n', from)) {
        const piece = text.slice(from, end);
        deliver(partial === '' ? piece : partial + piece);
        partial = '';
        from = end + 1;
      }
      if (from < text.length) {
        partial += text.slice(from);
        if (partial.length > maxLineChars) {
          partial = partial.slice(0, maxLineChars);
          truncated = true;
        }
      }
    },
    flush() {
      if (partial !== '' && plainLine(partial) !== '') deliver(partial);
      partial = '';
      truncated = false;
    },
  };
}

/**
 * What a terminal line shows: escapes out, and where `\r` redrew it, each drawing over the earlier ones.
 * Read from the last drawing back, so the work is linear in the line's length however many redraws.
 */
function plainLine(raw: string): string {
  const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  // Most lines hold no escape, control or C1 code: nothing below would change them but the trailing blanks
  // (every escape strip-ansi removes starts with ESC or a C1 code).
  if (!escapeOrControl.test(body)) return body.trimEnd();
  // A cursor move back to a column (Write-Progress redraws its row with `ESC[<row>;1H`) redraws like `\r`.
  const text = stripAnsi(body.replace(cursorMoves, '\r')).trimEnd();
  if (!text.includes('\r')) return withoutControls(text);
  const drawings = text.split('\r');
  let shown = drawings.at(-1)!;
  for (let index = drawings.length - 2; index >= 0; index--) {
    const earlier = drawings[index]!;
    if (earlier.length > shown.length) shown += earlier.slice(shown.length);
  }
  return withoutControls(shown).trimEnd();
}

/** ESC, the C0 controls but tab, DEL and the C1 codes: a line without any is plain text. */
const escapeOrControl = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** Cursor positioning (CUP, HVP) and column moves (CHA): the drawing after them goes over the line again. */
const cursorMoves = /\x1b\[[0-9;]*[HfG]/g;

/** C0 controls (but tab) and DEL that a terminal does not draw, e.g. a lone ESC or the bytes of a broken escape. */
const controls = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function withoutControls(text: string): string {
  return text.replace(controls, '');
}
