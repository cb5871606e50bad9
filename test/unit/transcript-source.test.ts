import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readTranscriptSource, withoutTranscriptHeaders } from '../../src/inputs/transcript-source.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* pieces(text: string, size: number): AsyncIterable<string> {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}

// What Start-Transcript writes (Windows PowerShell 5.1 layout), around the session's own output.
const startTranscript = [
  '**********************',
  'Windows PowerShell transcript start',
  'Start time: 20261125020000',
  'Username: CONTOSO\\svc-job',
  'Machine: JOBHOST (Microsoft Windows NT 10.0.20348.0)',
  '**********************',
  'Transcript started, output file is C:\\Jobs\\logs\\job.txt',
  'New-ExoPSSession : Processing data from remote server failed',
  '**********************',
  'Windows PowerShell transcript end',
  'End time: 20261125020102',
  '**********************',
  '',
].join('\r\n');

describe('transcript sources', () => {
  it('tells asciicast, Start-Transcript and text apart', () => {
    expect(detectFormat('{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "x"]')).toBe('asciicast');
    expect(detectFormat(startTranscript)).toBe('powershell-transcript');
    expect(detectFormat('\uFEFF**********************\r\nWindows PowerShell transcript start')).toBe(
      'powershell-transcript',
    );
    expect(detectFormat('{ not json')).toBe('text');
    expect(detectFormat('PS> Connect-IPPSSession')).toBe('text');
  });

  it.each([1, 7, 64, 10_000])('drops Start-Transcript header blocks whatever the chunk size (%i)', async (size) => {
    const kept = await collect(withoutTranscriptHeaders(pieces(startTranscript, size)));
    expect(kept).toBe(
      'Transcript started, output file is C:\\Jobs\\logs\\job.txt\r\nNew-ExoPSSession : Processing data from remote server failed\r\n',
    );
  });

  it('reads the output events of an asciicast file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipps-src-'));
    const path = join(dir, 'a.cast');
    writeFileSync(
      path,
      '{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "one "]\n[0.2, "i", "typed"]\n[0.3, "o", "two"]\n',
    );
    const source = await readTranscriptSource(path);
    expect(source.format).toBe('asciicast');
    expect(await collect(source.chunks)).toBe('one two');
  });
});
