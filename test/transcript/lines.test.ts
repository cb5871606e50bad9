import { describe, expect, it } from 'vitest';
import { createLineSplitter, MAX_OSC_LENGTH } from '../../src/transcript/lines.js';
import { cellText, createLineRenderer } from '../../src/transcript/screen.js';

const ESC = '\u001b';
const BEL = '\u0007';

function split(...chunks: string[]): { lines: string[]; rest: string | undefined } {
  const splitter = createLineSplitter();
  const lines = chunks.flatMap((chunk) => splitter.push(chunk));
  return { lines, rest: splitter.end() };
}

/** What the screen shows for each raw line. */
function show(...raw: string[]): string[] {
  const renderer = createLineRenderer();
  return raw.map((line) => cellText(renderer.render(line).cells));
}

describe('createLineSplitter', () => {
  it('splits on LF only, keeping CR for the renderer, and returns the unterminated rest at the end', () => {
    expect(split('a\r\nb\nc')).toEqual({ lines: ['a\r', 'b'], rest: 'c' });
    expect(split('a\n')).toEqual({ lines: ['a'], rest: undefined });
  });

  it('does not care where chunks are cut: inside CRLF, escapes or OSC strings', () => {
    const text = `x${ESC}]633;E;cmd${BEL}y\r\n${ESC}[31;1mred${ESC}[0m\r\nlast`;
    const whole = split(text);
    for (let i = 0; i <= text.length; i++) expect(split(text.slice(0, i), text.slice(i))).toEqual(whole);
  });

  it('keeps an LF inside an OSC string in the line (BEL or ESC \\ ends it)', () => {
    expect(split(`a${ESC}]633;E;one\ntwo${BEL}b\nc${ESC}]0;t\ni${ESC}\\d\n`).lines).toEqual([
      `a${ESC}]633;E;one\ntwo${BEL}b`,
      `c${ESC}]0;t\ni${ESC}\\d`,
    ]);
  });

  it('ends the line at a prompt-start or command-finished marker (VS Code 633, FinalTerm 133)', () => {
    expect(split(`out${ESC}]633;D;1${BEL}${ESC}]633;A${BEL}PS> ${ESC}]633;B${BEL}`)).toEqual({
      lines: [`out${ESC}]633;D;1${BEL}`, `${ESC}]633;A${BEL}`],
      rest: `PS> ${ESC}]633;B${BEL}`,
    });
    expect(split(`a${ESC}]133;D${ESC}\\b${ESC}]633;E;x${BEL}c`).lines).toEqual([`a${ESC}]133;D${ESC}\\`]);
  });

  it('gives up on an OSC string that never ends', () => {
    const { lines } = split(`${ESC}]633;${'x'.repeat(MAX_OSC_LENGTH + 10)}\nnext\n`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('next');
  });
});

describe('createLineRenderer (what the screen shows)', () => {
  it('drops escapes, OSC markers and trailing spaces', () => {
    expect(
      show(
        `${ESC}[?1h${ESC}=${ESC}[31;1mConnect-IPPSSession: ${ESC}[31;1mfailed${ESC}[0m   \r`,
        `${ESC}]633;A${BEL}PS /home/u> ${ESC}]633;B${ESC}\\`,
        `${ESC}]633;E;Connect-IPPSSession -Organization contoso.onmicrosoft.com;nonce${BEL}${ESC}]633;C${BEL}`,
      ),
    ).toEqual(['Connect-IPPSSession: failed', 'PS /home/u>', '']);
  });

  it('overlays redraws: CR, cursor positioning, erase to end of line', () => {
    expect(show('downloading 10%\rdownloading 100%')).toEqual(['downloading 100%']);
    expect(show('abcdef\rXY')).toEqual(['XYcdef']);
    expect(show(`abcdef\r${ESC}[Kxy`)).toEqual(['xy']);
    expect(show(`(default is "Y"):${ESC}[6n${ESC}[1;19Hn`)).toEqual(['(default is "Y"): n']);
    expect(show(`progress${ESC}[1;1H${' '.repeat(20)}${ESC}[1;1Hdone`)).toEqual(['done']);
    expect(show('ab\bc')).toEqual(['ac']);
    expect(show('a\tb')).toEqual(['a       b']);
  });

  it('keeps overwritten drawings as frames, without duplicates', () => {
    const renderer = createLineRenderer();
    const line = renderer.render('one\rtwo\rtwo\r');
    expect(line.frames.map(cellText)).toEqual(['one', 'two']);
    expect(cellText(line.cells)).toBe('two');
  });

  it('carries colour and reverse video, marking where reverse video was switched on', () => {
    const renderer = createLineRenderer();
    const red = renderer.render(`${ESC}[31;1mred`);
    expect(red.cells[0]).toMatchObject({ ch: 'r', fg: 31 });
    // SGR state carries into the next line, as in a terminal.
    expect(renderer.render('still').cells[0]!.fg).toBe(31);
    const bar = renderer.render(`${ESC}[0mA [${ESC}[7m${ESC}[27mstatus]`);
    expect(bar.cells[3]).toMatchObject({ ch: 's', reverse: false, reverseMark: true });
  });
});
