import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranscriptParser, parseTranscript } from '../../src/transcript/index.js';

// A real pwsh 7.6.9 capture of the Minimal progress view: one line, redrawn from `ESC[1;1H` for every
// update (each drawing starts with `ESC[?25l`), that ends only when the activity is over.
const capture = readFileSync(
  join(import.meta.dirname, '../../fixtures/transcripts/progress--ps7-minimal-80.txt'),
  'utf8',
);

describe('progress on a line that has not ended yet', () => {
  it('is given as each drawing is closed by the next one, not all at the line end', () => {
    // The progress line alone (the capture's second line), as a live session reads it after a request starts.
    const lineStart = capture.indexOf('\n') + 1;
    const line = capture.slice(lineStart, capture.indexOf('\n', lineStart));
    const drawingStarts = [...line.matchAll(/\u001b\[\?25l/g)].map((match) => match.index);
    expect(drawingStarts.length).toBeGreaterThan(4);
    const parser = createTranscriptParser();
    // Up to the third drawing's first escape: the first drawing (15 %) has been drawn over by the second.
    const events = parser.push(line.slice(0, drawingStarts[2]! + 6));
    expect(events.filter((event) => event.type === 'progress').map((event) => event.percent)).toEqual([15]);
    // The rest of the line and its end give the other updates, without the first one again.
    const rest = [...parser.push(`${line.slice(drawingStarts[2]! + 6)}\n`), ...parser.end()];
    const percents = rest.filter((event) => event.type === 'progress').map((event) => event.percent);
    expect(percents[0]).toBe(30);
    expect(percents).not.toContain(15);
  });

  it('gives the same events, in the same order, as reading the capture whole', () => {
    const whole = parseTranscript(capture);
    const parser = createTranscriptParser();
    const streamed = [];
    // Cut before every redraw: each push ends on an unfinished progress line.
    for (const piece of capture.split(/(?=\u001b\[\?25l)/)) streamed.push(...parser.push(piece));
    streamed.push(...parser.end());
    expect(streamed).toEqual(whole);
  });
});
