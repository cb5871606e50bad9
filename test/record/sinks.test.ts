import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAsciicastFile } from '../../src/record/asciicast-reader.js';
import { createAsciicastWriter } from '../../src/record/asciicast-writer.js';
import { fileSink } from '../../src/record/sinks.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'ippsconnect-sink-'));

describe('file sink', () => {
  it('records to a file only its owner can read, which reads back', async () => {
    const path = join(scratch(), 'session.cast');
    const sink = fileSink(path);
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: ['hunter22'], clock: () => 0 });
    writer.output('password: hunter22\r\n');
    await writer.close();

    expect(sink.error).toBeUndefined();
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain('hunter22');
    const stream = await readAsciicastFile(path);
    const events = [];
    for await (const event of stream.events) events.push(event);
    expect(events).toEqual([{ type: 'output', time: 0, data: 'password: [REDACTED]\r\n' }]);
  });

  it('reports, and does not throw, when the file cannot be created', async () => {
    const file = join(scratch(), 'a-file');
    writeFileSync(file, '');
    const sink = fileSink(join(file, 'session.cast')); // a path under a regular file: ENOTDIR
    const writer = createAsciicastWriter({ sink, width: 80, height: 24, secrets: [] });
    writer.output('hello');
    await writer.close();
    writer.output('after close');
    expect(sink.error?.code).toBe('ENOTDIR');
    expect(existsSync(join(file, 'session.cast'))).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))('reports a full disk (ENOSPC), drops later lines and still closes', async () => {
    const sink = fileSink('/dev/full');
    sink.write('{"version": 2, "width": 80, "height": 24}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.error?.code).toBe('ENOSPC');
    sink.write('[0.1, "o", "more"]');
    await sink.close();
    await sink.close();
  });
});
