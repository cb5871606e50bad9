/**
 * Hostile input (issue 16): counts from escapes are bounded, every shape parses in linear time, and one
 * endless line costs constant memory. Timing here asserts *complexity* (time per byte does not grow with the
 * input), never an absolute speed: budgets are generous for a loaded 2-core machine. Speed itself is
 * measured in bench/parser.mjs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTranscriptParser, parseTranscript } from '../../src/transcript/index.js';
import { MAX_LINE_LENGTH } from '../../src/transcript/lines.js';

const ESC = '\u001b';

describe('counts from escapes are bounded', () => {
  it('a cursor move of 300,000,000 columns moves the cursor, within a bound', () => {
    const events = parseTranscript(`x${ESC}[300000000Cy\n`);
    expect(events).toHaveLength(1);
    const { text } = events[0] as { text: string };
    expect(text.startsWith('x ')).toBe(true);
    expect(text.endsWith(' y')).toBe(true);
    expect(text.length).toBeLessThan(4096);
  });

  it('an insert of 2,000,000,000 blanks inserts, within a bound', () => {
    const events = parseTranscript(`ab\r${ESC}[2000000000@c\n`);
    expect(events).toHaveLength(1);
    const { text } = events[0] as { text: string };
    expect(text.startsWith('c ')).toBe(true);
    expect(text.endsWith(' ab')).toBe(true);
    expect(text.length).toBeLessThan(4096);
    expect(
      parseTranscript(`${ESC}[2000000000@${ESC}[2000000000P${ESC}[2000000000X${ESC}[2000000000;2000000000Hz\n`),
    ).toEqual([{ type: 'output', text: expect.stringMatching(/^ *z$/) }]);
  });
});

describe('a line longer than the parser holds', () => {
  it('is delivered whole, in pieces marked as cut, however it was chunked', () => {
    const line = 'abcdefghij'.repeat(Math.ceil((2.5 * MAX_LINE_LENGTH) / 10));
    for (const chunk of [line.length + 1, 4096, 7]) {
      const parser = createTranscriptParser();
      const events = [];
      const text = `${line}\nnext\n`;
      for (let i = 0; i < text.length; i += chunk) events.push(...parser.push(text.slice(i, i + chunk)));
      events.push(...parser.end());
      const pieces = events.slice(0, -1) as { type: string; text: string; cut?: true }[];
      expect(pieces.map((piece) => piece.text).join('')).toBe(line);
      expect(pieces.every((piece) => piece.text.length <= MAX_LINE_LENGTH)).toBe(true);
      expect(pieces.map((piece) => piece.cut === true)).toEqual([true, true, false]);
      expect(events.at(-1)).toEqual({ type: 'output', text: 'next' });
    }
  });
});

// ---- Linear time on every hostile shape

/**
 * CPU seconds to parse `text` fed in chunks of `chunk` characters (a pty gives ~4 KiB, a file 64 KiB). CPU
 * time, not wall time: other processes on a loaded machine barely change it.
 */
function secondsToParse(text: string, chunk: number): number {
  const started = process.cpuUsage();
  const parser = createTranscriptParser();
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
  parser.end();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/** A hostile shape: text of about `bytes` characters. */
type Shape = (bytes: number) => string;

const repeat = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

const shapes: Record<string, Shape> = {
  'blank lines': (n) => repeat('\n', n),
  'lines of a': (n) => repeat('a\n', n),
  'one long line of a': (n) => repeat('a', n),
  'CR redraws of a wide line': (n) => `${'abcdefgh'.repeat(64)}${repeat('\rX', n)}\n`,
  'cursor-home redraws': (n) => `${'progress '.repeat(50)}${repeat(`${ESC}[1;1HX`, n)}\n`,
  'erase storm': (n) => `${'x'.repeat(2000)}${repeat(`\r${ESC}[KX${ESC}[1K`, n)}\n`,
  'insert and delete storm': (n) => `${'x'.repeat(2000)}\r${repeat(`${ESC}[@${ESC}[P`, n)}\n`,
  'huge counts': (n) => repeat(`x${ESC}[300000000C${ESC}[2000000000@y\r`, n),
  'device code over a long squeezed line': (n) => `To sign in, use a web browser to open the page ${repeat('x ', n)}\n`,
  'device code starts': (n) => repeat('To sign in, use a web browser to open the page x\n', n),
  'gutter records': (n) => `Foo-Bar: /a.ps1:1\nLine |\n${repeat('     | some message text\n', n)}`,
  'field continuations': (n) =>
    `Foo : msg\nAt line:1 char:1\n+ Foo\n    + FullyQualifiedErrorId : x\n${repeat('   continuation\n', n)}`,
  'record tails': (n) => repeat('At line:1 char:1\n+ Foo\n', n),
  'record heads': (n) => repeat('Get-Thing : failed\n', n),
  'token error blocks': (n) => `Error Acquiring Token:\n${repeat('x\n', n)}`,
  'concise heads': (n) => repeat(`${ESC}[31;1mException: x\n`, n),
  'list rows': (n) => repeat('State                           : Connected\n', n),
  'OSC without end': (n) => repeat(`${ESC}]633;E;`, n),
  'prompts and captions': (n) => repeat('PowerShell credential request\nConfirm\n', n),
};

/** Seconds per MB at `bytes`, the best of three runs (the machine is shared). */
function secondsPerMb(shape: Shape, bytes: number, chunk: number): number {
  const text = shape(bytes);
  const best = Math.min(secondsToParse(text, chunk), secondsToParse(text, chunk), secondsToParse(text, chunk));
  return best / (text.length / 1e6);
}

describe('every hostile shape parses in linear time', () => {
  it.each(Object.keys(shapes))(
    '%s: time per MB does not grow with the input',
    (name) => {
      const shape = shapes[name]!;
      for (const chunk of [65536, 4096]) {
        secondsPerMb(shape, 16_000, chunk); // warm up the JIT
        const small = secondsPerMb(shape, 64_000, chunk);
        const large = secondsPerMb(shape, 512_000, chunk);
        // Linear: the same time per MB at 8× the size (quadratic would be 8× slower per MB). Generous slack
        // for a loaded machine, plus an absolute ceiling far above the 5 s/MB target.
        expect(large, `${name}, chunks of ${chunk}: ${small.toFixed(2)} → ${large.toFixed(2)} s/MB`).toBeLessThan(
          Math.max(3 * small, 0.5),
        );
        expect(large).toBeLessThan(20);
      }
    },
    120_000,
  );
});

/**
 * Seconds per MB of lines `line(length)` repeated to about 256 KB, at a line length: the input grows by the
 * length of its lines, not their number (a line is held whole up to MAX_LINE_LENGTH, so a regex that is
 * quadratic in a line's length only shows below that).
 */
function secondsPerMbAtLineLength(line: (length: number) => string, length: number): number {
  const one = line(length);
  const text = one.repeat(Math.max(1, Math.ceil(256_000 / one.length)));
  secondsToParse(text, 65536); // warm up the JIT
  return Math.min(secondsToParse(text, 65536), secondsToParse(text, 65536)) / (text.length / 1e6);
}

describe('a line costs time proportional to its length', () => {
  // Each was quadratic in the line's length before its fix (found by scanning prefix × body × suffix
  // combinations at 2,000 and 32,000 characters): the prefilter's `\s+[^:]*:` on a long indent, and the
  // exception-type regex's namespace part tried from every word.
  const lines: Record<string, (length: number) => string> = {
    'a long indent, then text': (n) => `${' '.repeat(n)}x\n`,
    'half indent, half text without a colon': (n) => `${' '.repeat(n / 2)}${'x'.repeat(n / 2)}\n`,
    'erase-to-start storms under brackets': (n) => `${'\u001b[1K]]]]]'.repeat(n / 10)}\n`,
    'an aggregate message over a dotted chain': (n) => `One or more errors occurred. (${'a.b'.repeat(n / 3)})\n`,
    'a dotted chain before an exception name': (n) => `${'a.b'.repeat(n / 3)} FooException: x\n`,
  };
  it.each(Object.keys(lines))('%s', (name) => {
    const line = lines[name]!;
    const short = secondsPerMbAtLineLength(line, 4_000);
    const long = secondsPerMbAtLineLength(line, 32_000);
    // Quadratic would be 8× slower per MB at 8× the length; generous slack for a loaded machine.
    expect(long, `${short.toFixed(3)} → ${long.toFixed(3)} s/MB`).toBeLessThan(Math.max(3 * short, 0.5));
  });
});

describe('hostile shapes combined (property)', () => {
  const hostileUnit = fc.oneof(
    fc.constantFrom(...Object.values(shapes)).map((shape) => shape(200)),
    fc
      .tuple(fc.constantFrom('C', 'D', '@', 'P', 'X', 'G', 'K', 'H'), fc.integer({ min: 0, max: 2 ** 31 - 1 }))
      .map(([final, count]) => `${ESC}[${count}${final}`),
    fc
      .tuple(fc.constantFrom(' ', 'a', '\r', '\b', '\t', ':', '|', '+', '~', ']', '\n', ESC), fc.nat({ max: 3000 }))
      .map(([ch, count]) => ch.repeat(count)),
  );
  it('any mix costs time proportional to its size', () => {
    fc.assert(
      fc.property(fc.array(hostileUnit, { minLength: 1, maxLength: 12 }), (units) => {
        const unit = units.join('');
        const once = unit.repeat(Math.ceil(20_000 / unit.length));
        const many = once.repeat(8);
        const small = Math.min(secondsToParse(once, 4096), secondsToParse(once, 4096));
        const large = Math.min(secondsToParse(many, 4096), secondsToParse(many, 4096));
        expect(large / (many.length / 1e6)).toBeLessThan(Math.max((5 * small) / (once.length / 1e6), 2.5));
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
