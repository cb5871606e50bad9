import { describe, expect, it } from 'vitest';
import { createTranscriptParser, parseTranscript } from '../../src/transcript/index.js';
import { percentFromBar } from '../../src/transcript/progress.js';

const ESC = '\u001b';

/** PowerShell 7's Minimal view, as ProgressNode.RenderAnsi draws it for `percent` at width `width`. */
function minimal(activity: string, status: string, percent: number, width = 80): string {
  const barWidth = width - 1 - activity.length - 4;
  const inner = status.padEnd(barWidth - 1).slice(0, barWidth - 1);
  const bar = Math.min(Math.floor((percent * barWidth) / 100), barWidth - 1);
  const drawn =
    percent < 100 ? `${ESC}[7m${inner.slice(0, bar)}${ESC}[27m${inner.slice(bar)}` : `${ESC}[7m${inner}${ESC}[27m`;
  return `${ESC}[1;1H${ESC}[33;1m${activity} [${drawn}]${ESC}[0m${ESC}[1;1H`;
}

describe('percentFromBar', () => {
  it('gives back every whole percentage for bars of 100 cells or more', () => {
    for (const width of [100, 107, 250]) {
      for (let percent = 0; percent < 100; percent++) {
        expect(percentFromBar(Math.floor((percent * width) / 100), width)).toBe(percent);
      }
    }
  });

  it('gives back multiples of 5 on narrow bars, where a bar stands for several percentages', () => {
    for (const width of [20, 37, 68]) {
      for (let percent = 0; percent < 100; percent += 5) {
        expect(percentFromBar(Math.floor((percent * width) / 100), width)).toBe(percent);
      }
    }
  });
});

describe('progress events from the screen', () => {
  it('reads the Minimal view and collapses redraws of the same state', () => {
    const a = 'Creating implicit remoting module . . .';
    const text = `${minimal(a, 'Getting command information', 20)}${minimal(a, 'Getting command information', 20)}${minimal(a, 'Getting command information', 40)}${ESC}[1;1H${' '.repeat(79)}${ESC}[1;1Hdone\r\n`;
    expect(parseTranscript(text)).toEqual([
      { type: 'progress', activity: a, status: 'Getting command information', percent: 20 },
      { type: 'progress', activity: a, status: 'Getting command information', percent: 40 },
      { type: 'output', text: 'done' },
    ]);
  });

  it('reads a Minimal bar at 0 % (reverse video switched on and straight off)', () => {
    expect(parseTranscript(`${minimal('A', 'S', 0)}\r\n`)).toEqual([
      { type: 'progress', activity: 'A', status: 'S', percent: 0 },
    ]);
  });

  it('gives no percent when the whole bar is reversed (100 %, or no percentage at all)', () => {
    expect(parseTranscript(`${minimal('A', 'S', 100)}\r\n`)).toEqual([
      { type: 'progress', activity: 'A', status: 'S' },
    ]);
  });

  it('reads the classic rows of Windows PowerShell 5.1 drawn as separate lines', () => {
    const rows = [' Activity ', '    Status text ', `    [${'o'.repeat(25)}${' '.repeat(75)}] `];
    expect(parseTranscript(`${rows.join('\r\n')}\r\n`)).toEqual([
      { type: 'progress', activity: 'Activity', status: 'Status text', percent: 25 },
    ]);
  });

  it('keeps the classic rows apart: spaces inside an activity or status are not row boundaries', () => {
    // Write-Progress -Activity 'Copy  items' -Status 'Step 1  of 3' -PercentComplete 50, 100-cell bar.
    const rows = [' Copy  items ', '    Step 1  of 3 ', `    [${'o'.repeat(50)}${' '.repeat(50)}] `];
    expect(parseTranscript(`${rows.join('\r\n')}\r\n`)).toEqual([
      { type: 'progress', activity: 'Copy  items', status: 'Step 1  of 3', percent: 50 },
    ]);
  });

  it('continues a stream read in parts: a parser started from the last progress does not show it again', () => {
    const pane = (status: string, filled: number) =>
      ` Activity \r\n    ${status} \r\n    [${'o'.repeat(filled)}${' '.repeat(100 - filled)}] \r\n`;
    const first = createTranscriptParser();
    expect([...first.push(pane('Step 1', 25)), ...first.end()]).toEqual([
      { type: 'progress', activity: 'Activity', status: 'Step 1', percent: 25 },
    ]);
    const second = createTranscriptParser({ lastProgress: first.lastProgress });
    // The same state drawn again (the next command's first frame) is not repeated; a new one is shown.
    expect([...second.push(pane('Step 1', 25) + pane('Step 2', 50)), ...second.end()]).toEqual([
      { type: 'progress', activity: 'Activity', status: 'Step 2', percent: 50 },
    ]);
    expect(second.lastProgress).toEqual({ type: 'progress', activity: 'Activity', status: 'Step 2', percent: 50 });
  });

  it('does not take a bracketed word in ordinary output for progress', () => {
    expect(parseTranscript('Name [Mode]\r\nstatus [ok]\r\n[oo]\r\n')).toEqual([
      { type: 'output', text: 'Name [Mode]' },
      { type: 'output', text: 'status [ok]' },
      { type: 'output', text: '[oo]' },
    ]);
  });
});
