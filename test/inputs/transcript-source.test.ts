/**
 * Inputs (issue 12) and special files (issue 16): every kind of recording read as a stream, by format, with
 * real text; what cannot be read is refused up front (exit 2, a clear message), and `parse … | head -1` ends
 * without a crash. Expected events are written by reading the texts (fixtures/transcripts/inputs/README.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { readTranscriptSource } from '../../src/inputs/transcript-source.js';
import type { ErrorEvent, TranscriptEvent } from '../../src/transcript/events.js';
import { createTranscriptParser } from '../../src/transcript/index.js';
import { repoRoot } from '../helpers/pwsh.js';

const fixtures = join(repoRoot, 'fixtures', 'transcripts');
const dir = mkdtempSync(join(tmpdir(), 'ippsconnect-inputs-'));

async function parseSource(path: string, stdin?: Readable): Promise<{ format: string; events: TranscriptEvent[] }> {
  const { format, chunks } = await readTranscriptSource(path, stdin ? { stdin } : {});
  const parser = createTranscriptParser();
  const events: TranscriptEvent[] = [];
  for await (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return { format, events };
}
const codes = (events: TranscriptEvent[]) =>
  events.filter((e): e is ErrorEvent => e.type === 'error').map((e) => e.code);
const outputs = (events: TranscriptEvent[]) => events.flatMap((e) => (e.type === 'output' ? [e.text] : []));

// A real Windows PowerShell 5.1 transcript (header, content, invocation header) with a real 5.1 record as content.
const transcript51 = readFileSync(
  join(fixtures, 'real-world', 'false-alarm--powershell-8720-transcript-success.txt'),
  'utf8',
);
const record51 = readFileSync(join(fixtures, 'real-world', 'connection-limit--365inspect-38-ps51-full.txt'), 'utf8');
const log51 = transcript51
  .replace('Done.\n', `Done.\n${record51.trimEnd()}\n`)
  .concat(
    '**********************\nWindows PowerShell transcript end\nEnd time: 20190123081002\n**********************\n',
  );

describe('each kind of input, read as a stream', () => {
  it.each([
    [
      'UTF-8 with a byte-order mark, CRLF',
      (text: string) => Buffer.from(`\uFEFF${text.replaceAll('\n', '\r\n')}`, 'utf8'),
    ],
    ['UTF-8 without a byte-order mark, LF', (text: string) => Buffer.from(text, 'utf8')],
    [
      'UTF-16LE with its byte-order mark (5.1 `>`)',
      (text: string) => Buffer.from(`\uFEFF${text.replaceAll('\n', '\r\n')}`, 'utf16le'),
    ],
  ])(
    'Windows PowerShell 5.1 Start-Transcript log, %s: header and footer dropped, content kept',
    async (_kind, encode) => {
      const path = join(dir, `t51-${_kind.length}.txt`);
      writeFileSync(path, encode(log51));
      const { format, events } = await parseSource(path);
      expect(format).toBe('powershell-transcript');
      expect(codes(events)).toEqual(['CONNECTION_LIMIT']);
      const shown = outputs(events);
      expect(shown).toContain('Logging a thing...');
      expect(shown).toContain('Done.');
      expect(
        shown.some((line) => /Username|PSVersion|Command start time|transcript (start|end)|\*{22}/.test(line)),
      ).toBe(false);
    },
  );

  it('PowerShell 7 Start-Transcript log (real, no byte-order mark): content kept, headers dropped', async () => {
    const { format, events } = await parseSource(join(fixtures, 'inputs', 'ps7-start-transcript-mfa.txt'));
    expect(format).toBe('powershell-transcript');
    expect(codes(events)).toContain('MFA_REQUIRED');
    expect(outputs(events)).toContain('Checking retention policies');
    expect(outputs(events).some((line) => /Username|PSVersion|Start time|\*{22}/.test(line))).toBe(false);
  });

  it('raw pty capture (real pwsh 7.6.9, colours and redraws)', async () => {
    const { format, events } = await parseSource(join(fixtures, 'connection-limit--ps7-gutter-80.txt'));
    expect(format).toBe('text');
    expect(codes(events)).toEqual(['CONNECTION_LIMIT']);
  });

  it('plain text copied from a web page (real: bullets and blank lines inside the record)', async () => {
    const { events } = await parseSource(
      join(fixtures, 'real-world', 'access-denied--cisagov-sparrow-28-web-page-bullets.txt'),
    );
    expect(codes(events)).toEqual(['ACCESS_DENIED']);
  });

  it('asciicast whose header line is longer than 4 KiB', async () => {
    const path = join(dir, 'long-header.cast');
    const header = JSON.stringify({ version: 2, width: 80, height: 24, title: 'x'.repeat(6000) });
    writeFileSync(
      path,
      `${header}\n${JSON.stringify([0.1, 'o', 'Connect-IPPSSession : AADSTS50126: bad password\r\n'])}\n`,
    );
    const { format, events } = await parseSource(path);
    expect(format).toBe('asciicast');
    expect(codes(events)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('standard input, named - or /dev/stdin, is read as a stream (a pipe cannot seek)', async () => {
    for (const name of ['-', '/dev/stdin']) {
      const stdin = Readable.from([Buffer.from('Connect-IPPSSession : AADSTS50076: MFA needed\n')]);
      const { events } = await parseSource(name, stdin);
      expect(codes(events)).toEqual(['MFA_REQUIRED']);
    }
  });

  it('refuses a terminal as standard input', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    await expect(readTranscriptSource('-', { stdin })).rejects.toThrow(/standard input is a terminal/);
  });
});

describe('what cannot be read is refused up front: exit 2, a clear message, no hang', () => {
  const fifo = join(dir, 'no-writer.fifo');
  execFileSync('mkfifo', [fifo]);
  it.each([
    ['/dev/zero', /is a device: give a regular file/],
    [fifo, /is a named pipe, which waits for a writer/],
    [dir, /is a folder/],
    [join(dir, 'missing.txt'), /no such file/],
  ])('parse and replay %s', async (path, message) => {
    for (const command of ['parse', 'replay']) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (data) => {
        err += data;
      });
      const started = Date.now();
      expect(await runCli([command, path], { stdout, stderr })).toBe(2);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/\n\s+at /);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });
});

describe('a reader that goes away', () => {
  it('`parse --json … | head -1` stops writing and exits without a crash (EPIPE)', () => {
    const many = join(dir, 'many.txt');
    writeFileSync(many, Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n'));
    const cli = join(repoRoot, 'dist', 'cli', 'main.js');
    const run = spawnSync('bash', ['-c', `node "${cli}" parse --json "${many}" | head -1; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toBe('{"type":"output","text":"line 0"}\n');
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.status).toBe(0);
  });
});
