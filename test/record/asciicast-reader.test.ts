import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AsciicastEvent } from '../../src/record/asciicast.js';
import { parseAsciicastLines, readAsciicast, readAsciicastFile } from '../../src/record/asciicast-reader.js';

const header = '{"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "theme": {"fg": "#d0d0d0"}}';

describe('asciicast reader', () => {
  it('reads the example from the asciicast v2 documentation, CRLF or not', () => {
    const lines = [
      '{"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "title": "Demo", "env": {"TERM": "xterm-256color", "SHELL": "/bin/zsh"}}',
      '[0.248848, "o", "\\u001b[1;31mHello \\u001b[32mWorld!\\u001b[0m\\n"]',
      '[1.500000, "m", ""]',
      '[4.050000, "r", "80x24"]',
      '[6.541828, "i", "exit\\r"]',
    ];
    const expected = {
      header: {
        version: 2,
        width: 80,
        height: 24,
        timestamp: 1504467315,
        title: 'Demo',
        env: { TERM: 'xterm-256color', SHELL: '/bin/zsh' },
      },
      events: [
        { type: 'output', time: 0.248848, data: '\u001b[1;31mHello \u001b[32mWorld!\u001b[0m\n' },
        { type: 'marker', time: 1.5, label: '' },
        { type: 'resize', time: 4.05, cols: 80, rows: 24 },
        { type: 'input', time: 6.541828, data: 'exit\r' },
      ],
    };
    expect(readAsciicast(`${lines.join('\n')}\n`)).toEqual(expected);
    expect(readAsciicast(`\uFEFF${lines.join('\r\n')}\r\n\r\n`)).toEqual(expected);
  });

  it.each([
    ['', 'empty asciicast: expected a header line'],
    ['{"version": 1, "width": 80, "height": 24, "stdout": []}', 'line 1: unsupported asciicast version 1'],
    ['{"version": 3, "term": {"cols": 80, "rows": 24}}', 'line 1: unsupported asciicast version 3'],
    ['[1, "o", "x"]', 'line 1: expected the header to be a JSON object'],
    ['{"version": 2, "width": 80}', 'line 1: header field "height" must be a positive integer'],
    ['{"version": 2, "width": 80, "height": 24, "env": {"TERM": 1}}', 'line 1: header field "env" must be'],
    [`${header}\n[0.5, "o", "ok"]\n[1, "o"]`, 'line 3: expected [time, code, data]'],
    [`${header}\n\n{"time": 1}`, 'line 3: expected [time, code, data]'],
    [`${header}\nnot json`, 'line 2: expected [time, code, data], found text that is not JSON'],
    [`${header}\n[-1, "o", "x"]`, 'line 2: expected the event time to be a finite number of seconds >= 0'],
    [`${header}\n["1", "o", "x"]`, 'line 2: expected the event time'],
    [`${header}\n[1, "x", "0"]`, 'line 2: unknown event code "x": expected "o", "i", "r" or "m"'],
    [`${header}\n[1, "o", 42]`, 'line 2: expected the event data to be a string'],
    [`${header}\n[1, "r", "80 x 24"]`, 'line 2: expected resize data "COLSxROWS", found "80 x 24"'],
    [`${header}\n[1, "r", "0x24"]`, 'line 2: expected resize data "COLSxROWS"'],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => readAsciicast(text)).toThrow(message);
  });

  it('reports the error code and line number as fields', () => {
    expect(() => readAsciicast(`${header}\n[1, "o"]`)).toThrow(
      expect.objectContaining({ name: 'RecordError', code: 'INVALID_ASCIICAST', line: 2 }),
    );
    expect(() => readAsciicast('{"version": 3}')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ASCIICAST_VERSION' }),
    );
  });

  it('parses lines as they come, reporting the header first', async () => {
    async function* lines() {
      yield header;
      yield '[0.1, "o", "a"]';
      yield '';
      yield '[0.2, "o", "b"]\r';
      yield '[0.3, "x", "c"]';
    }
    const stream = await parseAsciicastLines(lines());
    expect(stream.header).toEqual({ version: 2, width: 80, height: 24, timestamp: 1504467315 });
    const seen: AsciicastEvent[] = [];
    await expect(async () => {
      for await (const event of stream.events) seen.push(event);
    }).rejects.toThrow('line 5: unknown event code "x"');
    expect(seen.map((event) => 'data' in event && event.data)).toEqual(['a', 'b']);
  });

  it('reads a file line by line, and stops early without reading the rest', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ippsconnect-record-'));
    const path = join(directory, 'session.cast');
    const events = Array.from({ length: 5000 }, (_, index) => `[${index / 100}, "o", "line ${index}\\r\\n"]`);
    writeFileSync(path, `${header}\r\n${events.join('\r\n')}\r\n[99, "o"]\r\n`);

    const stream = await readAsciicastFile(path);
    expect(stream.header.width).toBe(80);
    const firstThree: AsciicastEvent[] = [];
    for await (const event of stream.events) {
      firstThree.push(event);
      if (firstThree.length === 3) break;
    }
    expect(firstThree[2]).toEqual({ type: 'output', time: 0.02, data: 'line 2\r\n' });

    let count = 0;
    await expect(async () => {
      for await (const _ of (await readAsciicastFile(path)).events) count += 1;
    }).rejects.toThrow('line 5002: expected [time, code, data]');
    expect(count).toBe(5000);
  });

  it('rejects a file that cannot be read with the system error', async () => {
    await expect(readAsciicastFile(join(tmpdir(), 'no-such-dir-ippsconnect', 'x.cast'))).rejects.toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
