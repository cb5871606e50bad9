/**
 * Benchmark 3 — transcript parser throughput and memory, through the streaming path `ippsconnect parse`
 * uses (readTranscriptSource → createTranscriptParser().push per chunk). Each measurement runs in a fresh
 * child process (parser-child.mjs), so peak RSS belongs to one input alone: at 25, 50 and 100 MiB a
 * streaming parser's peak stays flat while the input grows. Inputs (lib/transcripts.mjs) repeat the
 * recorded corpus: `plain` (escapes removed) and `pty` (raw captures with colours and redraws); `table` is
 * the worst case, long plain output with no blank line (a 1,000-row table). The largest input of each
 * kind runs once more with V8's old generation capped at 32 MiB: it finishes only if memory stays flat.
 * The hostile shapes of issue 16 (redraw storms, huge cursor counts, endless lines and records) give the
 * worst-shape figure: seconds per MiB and peak RSS of the slowest.
 * Also: the time to parse the whole fixtures/transcripts corpus, in this process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importDist } from './lib/paths.mjs';
import { summarize } from './lib/stats.mjs';
import { corpusFiles, writeTranscript } from './lib/transcripts.mjs';

const mib = 1024 * 1024;
const child = fileURLToPath(new URL('./parser-child.mjs', import.meta.url));
/** Old-generation heap (MiB) for the capped run of the largest input. */
const cappedHeapMiB = 32;

/**
 * Hostile shapes (issue 16), each written to `bytes`: the parser must stay linear on all of them. The worst
 * one's seconds per MiB and peak RSS are the figure to quote.
 */
const ESC = '\u001b';
const fill = (unit, bytes) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
const hostileShapes = {
  'blank lines': (n) => fill('\n', n),
  'lines of a': (n) => fill('a\n', n),
  'one endless line': (n) => fill('a', n),
  'CR redraws of a wide line': (n) => `${'abcdefgh'.repeat(64)}${fill('\rX', n)}\n`,
  'insert/delete storm': (n) => `${'x'.repeat(2000)}\r${fill(`${ESC}[@${ESC}[P`, n)}\n`,
  'huge cursor counts': (n) => fill(`x${ESC}[300000000C${ESC}[2000000000@y\r`, n),
  'device code over a squeezed line': (n) => `To sign in, use a web browser to open the page ${fill('x ', n)}\n`,
  'gutter lines': (n) => `Foo-Bar: /a.ps1:1\nLine |\n${fill('     | some message text\n', n)}`,
  'field continuations': (n) =>
    `Foo : msg\nAt line:1 char:1\n+ Foo\n    + FullyQualifiedErrorId : x\n${fill('   continuation\n', n)}`,
  'token error blocks': (n) => `Error Acquiring Token:\n${fill('x\n', n)}`,
  'record heads': (n) => fill('Get-Thing : failed\n', n),
  'AADSTS rows': (n) => fill('row AADSTS50076 in a table\n', n),
  // Long lines that were quadratic in their length until 2026-12-06 (test/transcript/hostile.test.ts).
  'long indents': (n) => fill(`${' '.repeat(32_000)}x\n`, n),
  'dotted chains in an aggregate message': (n) => fill(`One or more errors occurred. (${'a.b'.repeat(10_000)})\n`, n),
};

export async function benchParser({ sizesMib, tableMib, corpusRuns, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'ippsconnect-bench-'));
  try {
    const series = {};
    const capped = {};
    for (const kind of ['plain', 'pty']) {
      series[kind] = [];
      for (const size of sizesMib) {
        const file = join(dir, `${kind}-${size}.txt`);
        writeTranscript(file, kind, size * mib);
        series[kind].push(measure(file));
        if (size === sizesMib.at(-1)) capped[kind] = measureCapped(file);
        rmSync(file);
        const last = series[kind].at(-1);
        log(`  parser ${kind} ${size} MiB: ${last.mbPerSecond} MiB/s, peak RSS ${last.rssPeakMb} MiB`);
      }
    }
    const tableFile = join(dir, `table-${tableMib}.txt`);
    writeTableOutput(tableFile, tableMib * mib);
    const table = measure(tableFile);
    log(`  parser table ${tableMib} MiB: ${table.mbPerSecond} MiB/s, peak RSS ${table.rssPeakMb} MiB`);
    const hostileMib = sizesMib[0] >= 25 ? 8 : 1;
    const hostile = [];
    for (const [shape, make] of Object.entries(hostileShapes)) {
      const file = join(dir, 'hostile.txt');
      writeFileSync(file, make(hostileMib * mib));
      const run = measure(file);
      rmSync(file);
      const secondsPerMib = Number((run.seconds / (run.bytes / mib)).toFixed(2));
      const cpuSecondsPerMib = Number((run.cpuSeconds / (run.bytes / mib)).toFixed(2));
      hostile.push({ shape, secondsPerMib, cpuSecondsPerMib, rssPeakMb: run.rssPeakMb });
    }
    const worst = hostile.reduce((a, b) => (b.secondsPerMib > a.secondsPerMib ? b : a));
    log(
      `  parser worst hostile shape (${hostileMib} MiB each): ${worst.shape}, ${worst.secondsPerMib} s/MiB (${worst.cpuSecondsPerMib} CPU s/MiB), peak RSS ${Math.max(...hostile.map((h) => h.rssPeakMb))} MiB`,
    );
    const corpus = await parseCorpus(corpusRuns);
    log(`  parser corpus (${corpus.files} files, ${corpus.kib} KiB): median ${corpus.ms.median} ms`);
    const throughput = (runs) =>
      summarize(
        runs.map((run) => run.mbPerSecond),
        2,
      );
    const peaks = (runs) => Object.fromEntries(runs.map((run, i) => [`${sizesMib[i]}MiB`, run.rssPeakMb]));
    return {
      name: 'parser',
      description:
        'readTranscriptSource + createTranscriptParser, one fresh process per input; MiB/s and peak RSS (MiB)',
      throughputMiBps: { plain: throughput(series.plain), pty: throughput(series.pty), table: table.mbPerSecond },
      // Per CPU second: what the parser costs, whatever else the machine runs (the wall figures above include that).
      throughputPerCpuSecondMiBps: {
        plain: throughput(series.plain.map((run) => ({ mbPerSecond: run.mbPerCpuSecond }))),
        pty: throughput(series.pty.map((run) => ({ mbPerSecond: run.mbPerCpuSecond }))),
        table: table.mbPerCpuSecond,
      },
      peakRssMiB: { plain: peaks(series.plain), pty: peaks(series.pty), table: table.rssPeakMb },
      rssGrowthMiB: {
        plain: series.plain.at(-1).rssPeakMb - series.plain[0].rssPeakMb,
        pty: series.pty.at(-1).rssPeakMb - series.pty[0].rssPeakMb,
        meaning: `peak RSS at ${sizesMib.at(-1)} MiB minus peak RSS at ${sizesMib[0]} MiB`,
      },
      heapCapped: { oldSpaceMiB: cappedHeapMiB, inputMiB: sizesMib.at(-1), ...capped },
      worstShape: {
        meaning: `the slowest of ${hostile.length} hostile shapes (issue 16), ${hostileMib} MiB each, one fresh process each`,
        shape: worst.shape,
        secondsPerMib: worst.secondsPerMib,
        cpuSecondsPerMib: worst.cpuSecondsPerMib,
        rssPeakMb: Math.max(...hostile.map((h) => h.rssPeakMb)),
        shapes: hostile,
      },
      runs: [...series.plain, ...series.pty, table].map(({ file, ...rest }) => ({
        input: file.split('/').pop(),
        ...rest,
      })),
      corpus,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(file, nodeOptions = []) {
  const out = execFileSync(process.execPath, [...nodeOptions, child, file], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** The largest input again with V8's old generation capped: a streaming parser still finishes. */
function measureCapped(file) {
  try {
    const { mbPerSecond, rssPeakMb } = measure(file, [`--max-old-space-size=${cappedHeapMiB}`]);
    return { completed: true, mbPerSecond, rssPeakMb };
  } catch {
    return { completed: false };
  }
}

/** Output only: a Format-Table of 1,000 mailboxes after another, no blank line between rows. */
function writeTableOutput(path, bytes) {
  const rows = ['DisplayName                    PrimarySmtpAddress                          RecipientTypeDetails'];
  for (let i = 0; i < 1000; i++) {
    const name = `Mailbox user ${String(i).padStart(4, '0')}`.padEnd(30);
    rows.push(`${name} ${`user${i}@contoso.onmicrosoft.com`.padEnd(43)} UserMailbox`);
  }
  const block = `${rows.join('\r\n')}\r\n`;
  writeFileSync(path, block.repeat(Math.ceil(bytes / block.length)));
}

/** Every .txt of the corpus through readTranscriptSource and a parser each, `runs` times (the first is cold). */
async function parseCorpus(runs) {
  const { readTranscriptSource } = await importDist('inputs/transcript-source.js');
  const { createTranscriptParser } = await importDist('transcript/index.js');
  const files = corpusFiles();
  const times = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    for (const file of files) {
      const parser = createTranscriptParser();
      const { chunks } = await readTranscriptSource(file);
      for await (const chunk of chunks) {
        parser.push(chunk);
        if (run === 0) bytes += Buffer.byteLength(chunk);
      }
      parser.end();
    }
    times.push(performance.now() - started);
  }
  return {
    files: files.length,
    kib: Math.round(bytes / 1024),
    ms: summarize(times, 1),
    firstRunMs: Number(times[0].toFixed(1)),
  };
}
