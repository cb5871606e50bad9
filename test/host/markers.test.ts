import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkerScanner, type StreamPiece } from '../../src/host/markers.js';

const nonce = 'n0nce';
const osc = (payload: string, withNonce = nonce) => `\x1b]633;${payload};${withNonce}\x07`;

/** Joins adjacent text pieces, so results compare the same however the stream was cut. */
function normalize(pieces: StreamPiece[]): StreamPiece[] {
  const out: StreamPiece[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if ('text' in piece && last && 'text' in last) last.text += piece.text;
    else out.push('text' in piece ? { text: piece.text } : piece);
  }
  return out;
}

describe('createMarkerScanner', () => {
  const stream = `before${osc('C;7')}out\r\n\x1b[31;1mred\x1b[0m\r\n${osc('D;7;1;3')}${osc('R')}${osc('A')}after`;
  const expected: StreamPiece[] = [
    { text: 'before' },
    { marker: { kind: 'command-start', id: 7 } },
    { text: 'out\r\n\x1b[31;1mred\x1b[0m\r\n' },
    { marker: { kind: 'command-done', id: 7, success: true, exitCode: 3, replies: 0 } },
    { marker: { kind: 'loop-ready' } },
    { marker: { kind: 'prompt-start' } },
    { text: 'after' },
  ];

  it('takes our markers out of the text, in order', () => {
    expect(normalize(createMarkerScanner(nonce).push(stream))).toEqual(expected);
  });

  it('gives the same pieces however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const scanner = createMarkerScanner(nonce);
        const pieces: StreamPiece[] = [];
        let from = 0;
        for (const point of [...points, stream.length]) {
          pieces.push(...scanner.push(stream.slice(from, point)));
          from = point;
        }
        expect(normalize(pieces)).toEqual(expected);
      }),
    );
  });

  it('leaves markers with another nonce (printed by a command) in the text', () => {
    const fake = `x${osc('D;1;1;', 'fake')}y`;
    expect(normalize(createMarkerScanner(nonce).push(fake))).toEqual([{ text: fake }]);
  });

  it('an unterminated marker-like OSC printed by a command does not swallow the real marker after it', () => {
    const printed = `\x1b]633;D;999;1;;not-the-nonce\r\nstill here\r\n`;
    expect(normalize(createMarkerScanner(nonce).push(`${printed}${osc('D;5;1;')}`))).toEqual([
      { text: printed },
      { marker: { kind: 'command-done', id: 5, success: true, replies: 0 } },
    ]);
  });

  it('does not hold an unterminated ESC]633; for ever: past the longest marker it is text', () => {
    const scanner = createMarkerScanner(nonce);
    const open = `\x1b]633;${'z'.repeat(300)}`;
    expect(normalize(scanner.push(open))).toEqual([{ text: open }]);
  });
});
