import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { readAsciicastFile } from '../record/index.js';

export type TranscriptFormat = 'asciicast' | 'powershell-transcript' | 'text';

/** What Start-Transcript writes above and below a transcript, and around each invocation header. */
const transcriptSeparator = /^\*{22}\r?$/;
/** Bytes read to tell the formats apart. */
const sniffBytes = 4096;

/** Tells a recording's format from its first bytes. */
export function detectFormat(head: string): TranscriptFormat {
  const text = head.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('{')) {
    try {
      if ((JSON.parse(firstLine) as { version?: unknown }).version !== undefined) return 'asciicast';
    } catch {
      // Not a complete JSON header: plain text that starts with a brace.
    }
  }
  if (transcriptSeparator.test(firstLine)) return 'powershell-transcript';
  return 'text';
}

/**
 * The terminal output a recording holds, as chunks in order, without reading the whole file into
 * memory: asciicast output events, a Start-Transcript file without its header blocks, or raw text.
 */
export async function readTranscriptSource(
  path: string,
): Promise<{ format: TranscriptFormat; chunks: AsyncIterable<string> }> {
  const handle = await open(path, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(sniffBytes);
    const { bytesRead } = await handle.read(buffer, 0, sniffBytes, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const format = detectFormat(head);
  if (format === 'asciicast') return { format, chunks: asciicastOutput(path) };
  const raw = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>;
  return { format, chunks: format === 'powershell-transcript' ? withoutTranscriptHeaders(raw) : raw };
}

async function* asciicastOutput(path: string): AsyncIterable<string> {
  const { events } = await readAsciicastFile(path);
  for await (const event of events) if (event.type === 'output') yield event.data;
}

/**
 * Drops the blocks Start-Transcript frames with lines of 22 asterisks (the start header with user, host
 * and PowerShell version, invocation headers, the end trailer); keeps everything between them.
 */
export async function* withoutTranscriptHeaders(chunks: AsyncIterable<string>): AsyncIterable<string> {
  let pending = '';
  let insideHeader = false;
  for await (const chunk of chunks) {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    let kept = '';
    for (const line of lines) {
      if (transcriptSeparator.test(line)) insideHeader = !insideHeader;
      else if (!insideHeader) kept += `${line}\n`;
    }
    if (kept) yield kept;
  }
  if (pending && !insideHeader && !transcriptSeparator.test(pending)) yield pending;
}
