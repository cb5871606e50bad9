import { describe, expect, it } from 'vitest';
import { readAsciicast } from '../../src/record/asciicast-reader.js';
import { createAsciicastWriter } from '../../src/record/asciicast-writer.js';
import { RecordError } from '../../src/record/errors.js';
import { memorySink } from '../../src/record/sinks.js';

/** A clock that starts at a fixed Unix time and moves only when told to. */
function fakeClock(startMs = 1_700_000_000_000) {
  let now = startMs;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('asciicast writer', () => {
  it('writes a header and events that read back the same, with times from the clock', async () => {
    const sink = memorySink();
    const time = fakeClock();
    const writer = createAsciicastWriter({
      sink,
      width: 120,
      height: 30,
      title: 'Connect-IPPSSession',
      env: { TERM: 'xterm-256color', SHELL: 'pwsh' },
      clock: time.clock,
      secrets: [],
    });
    writer.output('PS C:\\> ');
    time.advance(1500);
    writer.input('Get-Date\r');
    time.advance(250);
    writer.resize(100, 40);
    writer.marker('connected');
    time.advance(1);
    writer.output('\u001b[32mdone\u001b[0m\r\n"quoted" \\ é 😀');
    await writer.close();

    expect(sink.closed).toBe(true);
    expect(sink.lines[0]).toBe(
      '{"version":2,"width":120,"height":30,"timestamp":1700000000,"env":{"TERM":"xterm-256color","SHELL":"pwsh"},"title":"Connect-IPPSSession"}',
    );
    expect(sink.lines[1]).toBe('[0.000000, "o", "PS C:\\\\> "]');
    expect(readAsciicast(sink.text())).toEqual({
      header: {
        version: 2,
        width: 120,
        height: 30,
        timestamp: 1_700_000_000,
        env: { TERM: 'xterm-256color', SHELL: 'pwsh' },
        title: 'Connect-IPPSSession',
      },
      events: [
        { type: 'output', time: 0, data: 'PS C:\\> ' },
        { type: 'input', time: 1.5, data: 'Get-Date\r' },
        { type: 'resize', time: 1.75, cols: 100, rows: 40 },
        { type: 'marker', time: 1.75, label: 'connected' },
        { type: 'output', time: 1.751, data: '\u001b[32mdone\u001b[0m\r\n"quoted" \\ é 😀' },
      ],
    });
  });

  it('redacts secrets in output, input, markers and the title, also when split across events', async () => {
    const sink = memorySink();
    const secret = 'Zq9-client-secret';
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: [secret], title: `t ${secret}` });
    writer.input(`$s = '${secret.slice(0, 5)}`);
    writer.input(`${secret.slice(5)}'\r`);
    writer.output('echo Zq9-cl');
    writer.output('ient-secret and Bearer eyJabcdefghijk.lmnopqrstuv');
    writer.output('.wxyz0123 end');
    writer.marker(`after ${secret}`);
    await writer.close();

    const text = sink.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('lmnopqrstuv');
    const { header, events } = readAsciicast(text);
    expect(header.title).toBe('t [REDACTED]');
    const joined = (type: string) =>
      events.flatMap((event) => (event.type === type && 'data' in event ? [event.data] : [])).join('');
    expect(joined('input')).toBe("$s = '[REDACTED]'\r");
    expect(joined('output')).toBe('echo [REDACTED] and Bearer [REDACTED] end');
    expect(events.find((event) => event.type === 'marker')).toMatchObject({ label: 'after [REDACTED]' });
  });

  it('writes held-back output on close, and ignores events after it', async () => {
    const sink = memorySink();
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: ['abcdef'] });
    writer.output('ends with abc');
    expect(sink.lines).toHaveLength(2); // 'abc' could begin the secret: it waits
    const closing = writer.close();
    expect(writer.close()).toBe(closing);
    await closing;
    writer.output('late');
    writer.resize(10, 10);
    expect(readAsciicast(sink.text()).events.map((event) => 'data' in event && event.data)).toEqual([
      'ends with ',
      'abc',
    ]);
  });

  it('never lets the clock run backwards', async () => {
    const sink = memorySink();
    const times = [10_000, 12_000, 11_000];
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: [], clock: () => times.shift()! });
    writer.output('a');
    writer.output('b');
    await writer.close();
    expect(readAsciicast(sink.text()).events.map((event) => event.time)).toEqual([2, 2]);
  });

  it('refuses sizes that are not positive integers, and secrets that are too short', () => {
    const sink = memorySink();
    expect(() => createAsciicastWriter({ sink, width: 0, height: 24, secrets: [] })).toThrow(
      'width must be a positive integer, got 0',
    );
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: [] });
    expect(() => writer.resize(80.5, 24)).toThrow(RecordError);
    expect(() => createAsciicastWriter({ sink, width: 80, height: 24, secrets: ['pw'] })).toThrow(
      expect.objectContaining({ code: 'SECRET_TOO_SHORT' }),
    );
  });
});
