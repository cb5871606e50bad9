import { describe, expect, it } from 'vitest';
import { createLineCollector } from '../../src/host/output-lines.js';

function collect(chunks: string[]): Array<[string, boolean]> {
  const lines: Array<[string, boolean]> = [];
  const collector = createLineCollector((line, truncated) => lines.push([line, truncated]));
  for (const chunk of chunks) collector.push(chunk);
  collector.flush();
  return lines;
}

describe('createLineCollector', () => {
  it.each([
    ['plain lines with CRLF', ['a\r\nb\r\n'], ['a', 'b']],
    ['a line cut across chunks', ['hel', 'lo\r', '\nwor', 'ld'], ['hello', 'world']],
    ['colours removed', ['\x1b[31;1mred\x1b[0m text\r\n'], ['red text']],
    [
      'a redraw keeps what was drawn last, over the earlier drawing',
      ['loading 10%\rloading 100%\r\n'],
      ['loading 100%'],
    ],
    ['a shorter redraw leaves the end of the longer one', ['abcdef\rXY\r\n'], ['XYcdef']],
    ['an empty line', ['\r\n'], ['']],
    [
      'Write-Progress frames redrawn with a cursor move, then cleared with spaces, leave only what follows',
      [
        '\x1b[?25l\x1b[33;1mact [\x1b[7ms 1  \x1b[27m  ]\x1b[0m\x1b[1;1H\x1b[33;1mact [s 2    ]\x1b[1;1H                \x1b[1;1Hdone\r\n',
      ],
      ['done'],
    ],
    ['trailing spaces are dropped, as a screen shows them', ['text   \r\n'], ['text']],
    [
      'an unfinished last line of escapes only (a native command resets the title) is no line',
      ['[]\r\n\x1b]0;\x07\x1b[?1l'],
      ['[]'],
    ],
    ['an unfinished last line with text is a line', ['a\r\nb'], ['a', 'b']],
    ['controls a terminal does not draw are dropped, tabs kept', ['a\x1b\x07b\tc\x7f\r\n'], ['ab\tc']],
  ])('%s', (_name, chunks, expected) => {
    expect(collect(chunks).map(([line]) => line)).toEqual(expected);
  });

  it('keeps a 938,894-character line whole', () => {
    const line = Array.from({ length: 150_000 }, (_, index) => index + 1).join(',');
    const chunks = line.match(/[\s\S]{1,4096}/g)!;
    expect(collect([...chunks, '\r\n'])).toEqual([[line, false]]);
  });

  it('reads 100,000 redraws of one line in linear time (no recursion, no quadratic copy)', () => {
    const redraws = Array.from({ length: 100_000 }, (_, index) => `${index}`).join('\r');
    expect(collect([`${redraws}\r\n`])).toEqual([['99999', false]]);
  });
});
