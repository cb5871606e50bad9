/**
 * Large transcripts for the parser benchmark, built from the recorded corpus in fixtures/transcripts:
 *   pty    the real PowerShell 7.6.9 pty captures, byte-exact (colours, CRLF, progress redraws, cursor
 *          queries, error records), each followed by a coloured 20-row table as pwsh 7 prints one;
 *   plain  every fixture of the corpus with its escape sequences removed, each followed by the same table
 *          uncoloured: what a Start-Transcript log or a redirected stream holds.
 * One cycle through the corpus is about 0.3 MB; it repeats until the size is reached. Only the texts are
 * read (the `<name>.txt` files directly in fixtures/transcripts); their regression locks live in
 * fixtures/transcripts/regression-locks and the real-world corpus in real-world/, neither of which is taken.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import stripAnsi from 'strip-ansi';
import { transcriptsDir } from './paths.mjs';

export const transcriptKinds = ['plain', 'pty'];

/** The .txt fixtures of the corpus, sorted by name. */
export function corpusFiles() {
  return readdirSync(transcriptsDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(transcriptsDir, name));
}

/** A Format-Table of retention policies, as pwsh 7 prints it (the header green and bold when coloured). */
function table(coloured, rows = 20) {
  const green = (text) => (coloured ? `\u001b[32;1m${text}\u001b[0m` : text);
  const lines = [
    '',
    green('Name                                Enabled Mode    DistributionStatus Workload'),
    green('----                                ------- ----    ------------------ --------'),
  ];
  for (let row = 0; row < rows; row++) {
    const name = `Retention policy ${String(row + 1).padStart(3, '0')} (7 years, mailboxes)`.padEnd(35);
    lines.push(`${name} True    Enforce Success            Exchange, SharePoint, OneDriveForBusiness`);
  }
  lines.push('', '');
  return lines.join('\r\n');
}

/** One cycle of a kind: the fixtures it takes, each followed by a table. */
export function transcriptCycle(kind) {
  const coloured = kind === 'pty';
  const parts = [];
  for (const file of corpusFiles()) {
    const text = readFileSync(file, 'utf8');
    const raw = text.includes('\u001b');
    if (coloured && !raw) continue;
    parts.push(coloured ? text : stripAnsi(text), '\r\n', table(coloured));
  }
  return parts.join('');
}

/** Writes a transcript of at least `bytes` bytes (whole cycles) and returns its exact size. */
export function writeTranscript(path, kind, bytes) {
  const cycle = Buffer.from(transcriptCycle(kind), 'utf8');
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    while (written < bytes) written += writeSync(fd, cycle);
  } finally {
    closeSync(fd);
  }
  return written;
}
