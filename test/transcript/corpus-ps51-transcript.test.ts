/**
 * A real Windows PowerShell 5.1 Start-Transcript log, with the byte-order mark 5.1 writes (issue 12: "the BOM
 * case … has a test with real text"). The text is the log posted in FlorianSLZ/scloud#14 (an Intune script run
 * by powershell.exe 5.1.22621.1778; fixtures/transcripts/SOURCES.md gives the address and what was replaced);
 * the paste lost the BOM, which is put back: Windows PowerShell writes transcripts as UTF-8 with a BOM (cited in
 * SOURCES.md). The expectations below were written by reading the log, before the parser ran on it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscriptSource } from '../../src/inputs/transcript-source.js';
import type { ErrorEvent, TranscriptEvent } from '../../src/transcript/events.js';
import { createTranscriptParser } from '../../src/transcript/index.js';
import { transcriptsDir } from './helpers/corpus.js';

const file = join(transcriptsDir, 'real-world', 'unknown--scloud-14-ps51-transcript-log-bom.txt');
const dir = mkdtempSync(join(tmpdir(), 'ippsconnect-ps51-transcript-'));

async function parseFile(path: string): Promise<{ format: string; events: TranscriptEvent[] }> {
  const { format, chunks } = await readTranscriptSource(path);
  const parser = createTranscriptParser();
  const events: TranscriptEvent[] = [];
  for await (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return { format, events };
}

describe('a real Windows PowerShell 5.1 Start-Transcript log with its byte-order mark', () => {
  const bytes = readFileSync(file);

  it('is stored as 5.1 writes it: starting with the UTF-8 byte-order mark', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 80).toString('utf8')).toMatch(/^\*{22}\nWindows PowerShell transcript start\n/);
  });

  it.each([
    ['as stored (BOM, LF as the paste kept it)', (raw: Buffer) => raw],
    [
      'with CRLF line ends as Windows writes them',
      (raw: Buffer) => Buffer.from(raw.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'),
    ],
  ])('%s: header dropped, content kept, the terminating error found', async (kind, encode) => {
    const path = join(dir, `${kind.length}.txt`);
    writeFileSync(path, encode(bytes));
    const { format, events } = await parseFile(path);
    expect(format).toBe('powershell-transcript');

    const errors = events.filter((e): e is ErrorEvent => e.type === 'error');
    // PS>TerminatingError(Out-File): "Could not find a part of the path '…\4net\ — a missing folder, for which the
    // catalogue has no code.
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN']);
    expect(errors[0]!.message).toContain("Could not find a part of the path 'C:\\Users\\user\\AppData\\Local\\4net\\");

    const shown = events.flatMap((e) => (e.type === 'output' ? [e.text] : []));
    expect(shown).toContain(
      'Transcript started, output file is C:\\Users\\user\\AppData\\Local\\4net\\EndpointManager\\Log\\Teams_open-in-background.log',
    );
    const header =
      /\uFEFF|\*{22}|transcript start|Start time:|Username:|RunAs User:|Host Application:|PSVersion:|CLRVersion:|SerializationVersion:/;
    expect(shown.filter((line) => header.test(line))).toEqual([]);
  });
});
