#!/usr/bin/env node
/**
 * `npm run corpus:score`: how well the parser (the built dist/) reads the real-world corpus in
 * fixtures/transcripts/real-world. Each file is read the way `ippsconnect parse` reads it
 * (readTranscriptSource, then the parser); its label (labels.json, written by reading the text before the
 * parser ran) says which codes it must give: `codes: []` means text that must stay clean, and a label
 * `UNKNOWN` with a `proposedCode` also counts the proposed code once the catalogue has it.
 *
 * Prints the share of files read as labelled, every miss with its file name, per-code precision (of the
 * files where the parser gave a code, how many were labelled with it), and files with an error read as
 * "no error". Labels with a `batch` (a set collected after the patterns were tuned, e.g. the holdout batch
 * `holdout-2026-12-06`) are also scored apart, file by file, so a score on texts nobody tuned for stays
 * visible. Exits 1 below the threshold (95 %, over all files) or with any "no error" miss; 2 when it
 * cannot run.
 *
 *   node scripts/dev/corpus-score.mjs [--threshold 95] [--verbose]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusDir = join(root, 'fixtures', 'transcripts', 'real-world');
const args = process.argv.slice(2);
const threshold = Number(args.includes('--threshold') ? args[args.indexOf('--threshold') + 1] : 95);
const verbose = args.includes('--verbose');

const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;
if (!existsSync(join(root, 'dist', 'transcript', 'index.js'))) {
  console.error('✖ dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const labelsFile = join(corpusDir, 'labels.json');
if (!existsSync(labelsFile)) {
  console.error(`✖ no labels: ${labelsFile} is missing.`);
  process.exit(2);
}
const { readTranscriptSource } = await import(dist('inputs/transcript-source.js'));
const { createTranscriptParser } = await import(dist('transcript/index.js'));

const labels = JSON.parse(readFileSync(labelsFile, 'utf8'));
const rows = [];
for (const [file, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
  const path = join(corpusDir, file);
  if (!existsSync(path)) {
    rows.push({ file, label, missing: true, codes: [] });
    continue;
  }
  const parser = createTranscriptParser();
  const errors = [];
  const take = (events) => {
    for (const event of events) if (event.type === 'error') errors.push(event);
  };
  const { chunks } = await readTranscriptSource(path);
  for await (const chunk of chunks) take(parser.push(chunk));
  take(parser.end());
  rows.push({ file, label, codes: [...new Set(errors.map((e) => e.code))], errors });
}

const expectedOf = (label) => new Set([...label.codes, ...(label.proposedCode ? [label.proposedCode] : [])]);
const ok = (row) => {
  if (row.missing) return false;
  const expected = expectedOf(row.label);
  if (row.label.codes.length === 0) return row.codes.length === 0;
  return row.codes.some((code) => expected.has(code));
};
const hits = rows.filter(ok);
const misses = rows.filter((row) => !ok(row));
const silent = rows.filter((row) => !row.missing && row.label.codes.length > 0 && row.codes.length === 0);
const falseAlarms = rows.filter((row) => row.label.codes.length === 0 && row.codes.length > 0);
const share = (100 * hits.length) / Math.max(1, rows.length);

console.log(
  `corpus: ${rows.length} real-world files (${rows.filter((r) => r.label.codes.length === 0).length} must stay clean)`,
);
console.log(`read as labelled: ${hits.length}/${rows.length} = ${share.toFixed(1)} % (threshold ${threshold} %)`);
console.log(`errors read as "no error": ${silent.length}`);
console.log(`false alarms on clean text: ${falseAlarms.length}`);
if (misses.length > 0) {
  console.log('\nmisses:');
  for (const row of misses) {
    const expected = row.label.codes.length === 0 ? 'no error' : [...expectedOf(row.label)].join('|');
    const got = row.missing ? 'file missing' : row.codes.length === 0 ? 'no error' : row.codes.join(', ');
    console.log(`  ${row.file}: expected ${expected}, got ${got}`);
    if (verbose) for (const e of row.errors ?? []) console.log(`      ${e.code}: ${e.message.slice(0, 160)}`);
  }
}
const perCode = new Map();
for (const row of rows) {
  const expected = expectedOf(row.label);
  for (const code of row.codes) {
    const entry = perCode.get(code) ?? { given: 0, right: 0 };
    entry.given += 1;
    if (expected.has(code)) entry.right += 1;
    perCode.set(code, entry);
  }
}
console.log('\nprecision per code (files labelled with the code / files where the parser gave it):');
for (const [code, { given, right }] of [...perCode].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `  ${code.padEnd(30)} ${String(right).padStart(3)}/${String(given).padEnd(3)} ${((100 * right) / given).toFixed(0)} %`,
  );
}
const batches = [...new Set(rows.flatMap((row) => (row.label.batch ? [row.label.batch] : [])))].sort();
for (const batch of batches) {
  const inBatch = rows.filter((row) => row.label.batch === batch);
  const batchHits = inBatch.filter(ok);
  const batchSilent = inBatch.filter((row) => silent.includes(row));
  const batchAlarms = inBatch.filter((row) => falseAlarms.includes(row));
  console.log(
    `\nbatch ${batch}: ${batchHits.length}/${inBatch.length} = ${((100 * batchHits.length) / inBatch.length).toFixed(1)} % read as labelled, ${batchSilent.length} read as "no error", ${batchAlarms.length} false alarms`,
  );
  for (const row of inBatch) {
    const expected = row.label.codes.length === 0 ? 'no error' : [...expectedOf(row.label)].join('|');
    const got = row.missing ? 'file missing' : row.codes.length === 0 ? 'no error' : row.codes.join(', ');
    console.log(`  ${ok(row) ? 'ok  ' : 'MISS'} ${row.file}: expected ${expected}, got ${got}`);
  }
}
const failed = share < threshold || silent.length > 0;
console.log(`\n${failed ? '✖' : '✔'} corpus score ${share.toFixed(1)} %, ${silent.length} silent misses`);
process.exit(failed ? 1 : 0);
