/**
 * Shell-integration markers written by scripts/ps/bootstrap.ps1 as OSC 633 sequences
 * (`ESC ] 633 ; payload ; nonce BEL`), the scheme VS Code's shell integration uses.
 */
export const markerOscIdentifier = 633;

export type Marker =
  /** `prompt` is about to show: the request loop is not running (Ctrl+C stopped it, or a person has it). */
  | { kind: 'prompt-start' }
  /** The request loop started and waits for requests on the command channel. */
  | { kind: 'loop-ready' }
  /** The output of request `id` starts here. */
  | { kind: 'command-start'; id: number }
  /**
   * Request `id` finished (or the prompt ran after it): `$?` and `$LASTEXITCODE` as PowerShell saw them, and
   * how many lines it sent back on the command channel (the prompt's marker sends none).
   */
  | { kind: 'command-done'; id: number; success: boolean; exitCode?: number; replies: number };

/**
 * Reads one OSC 633 payload (what follows `633;`). Returns undefined for a payload without our nonce,
 * which includes anything a user's own output might print.
 */
export function parseMarker(payload: string, nonce: string): Marker | undefined {
  const fields = payload.split(';');
  if (fields.at(-1) !== nonce) return undefined;
  const [kind, first, second, third, fourth] = fields.slice(0, -1);
  switch (kind) {
    case 'A':
      return { kind: 'prompt-start' };
    case 'R':
      return { kind: 'loop-ready' };
    case 'C':
      return isInteger(first) ? { kind: 'command-start', id: Number(first) } : undefined;
    case 'D': {
      if (!isInteger(first)) return undefined;
      const exitCode = isInteger(third) ? Number(third) : undefined;
      return {
        kind: 'command-done',
        id: Number(first),
        success: second === '1',
        ...(exitCode === undefined ? {} : { exitCode }),
        replies: isInteger(fourth) ? Number(fourth) : 0,
      };
    }
    default:
      return undefined;
  }
}

/** A piece of the pty stream: text as PowerShell wrote it, or one of our markers (taken out of the text). */
export type StreamPiece = { text: string } | { marker: Marker };

const markerStart = '\x1b]633;';
const firstControl = /[\u0000-\u001f]/g;
/** Longer than any marker we write: an unterminated `ESC]633;` beyond this is someone else's text. */
const longestMarker = 256;

/**
 * Splits the raw pty stream at our markers, in stream order, however the stream was cut into chunks: a
 * marker cut in two is held back until its end arrives. Markers without our nonce stay in the text (the
 * transcript parser drops OSC sequences), so a recording parses to the same text a live session read.
 */
export function createMarkerScanner(nonce: string): { push(chunk: string): StreamPiece[] } {
  let held = '';
  return {
    push(chunk) {
      let data = held + chunk;
      held = '';
      const pieces: StreamPiece[] = [];
      let textFrom = 0;
      let at = data.indexOf(markerStart);
      while (at !== -1) {
        // Our markers hold printable characters only, ended by BEL: the first control character after the
        // introducer decides. Any other one (a line end, another ESC) means this is not one of ours.
        firstControl.lastIndex = at + markerStart.length;
        const found = firstControl.exec(data);
        if (!found) {
          if (data.length - at < longestMarker) {
            held = data.slice(at);
            data = data.slice(0, at);
          }
          break;
        }
        const end = found.index;
        const marker = data[end] === '\x07' ? parseMarker(data.slice(at + markerStart.length, end), nonce) : undefined;
        if (marker) {
          if (at > textFrom) pieces.push({ text: data.slice(textFrom, at) });
          pieces.push({ marker });
          textFrom = end + 1;
        }
        at = data.indexOf(markerStart, marker ? end + 1 : at + 1);
      }
      if (held === '') {
        // A chunk may end inside `ESC]633;` itself: hold back the prefix.
        const tail = partialPrefixLength(data, textFrom);
        if (tail > 0) {
          held = data.slice(data.length - tail);
          data = data.slice(0, data.length - tail);
        }
      }
      if (data.length > textFrom) pieces.push({ text: data.slice(textFrom) });
      return pieces;
    },
  };
}

/** How many characters at the end of `data` (after `from`) are a proper prefix of `ESC]633;`. */
function partialPrefixLength(data: string, from: number): number {
  for (let length = Math.min(markerStart.length - 1, data.length - from); length > 0; length--) {
    if (data.endsWith(markerStart.slice(0, length))) return length;
  }
  return 0;
}

function isInteger(value: string | undefined): value is string {
  return value !== undefined && /^-?\d+$/.test(value);
}
