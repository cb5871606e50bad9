#!/usr/bin/env node
/**
 * Rewrites the regression locks in fixtures/transcripts/regression-locks from what the parser (the built
 * dist/, so `npm run build` first) reads in each fixtures/transcripts/<name>.txt.
 *
 * These files are parser output, not independent evidence (fixtures/transcripts/regression-locks/README.md):
 * they only make an unintended change of the parser's reading show up as a failing test. After a deliberate
 * change, run this, read `git diff fixtures/transcripts/regression-locks` line by line against the texts, and
 * commit the diff with the change that caused it. Error events leave out `fix` and `retryable`, which follow
 * from the code (test/transcript/helpers/corpus.ts fills them in from the catalogue).
 *
 *   node scripts/dev/regenerate-regression-locks.mjs [name…]   (default: every fixture)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const transcriptsDir = join(root, 'fixtures', 'transcripts');
const locksDir = join(transcriptsDir, 'regression-locks');
const entry = join(root, 'dist', 'transcript', 'index.js');
if (!existsSync(entry)) {
  console.error('✖ dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const { parseTranscript } = await import(pathToFileURL(entry).href);

const all = readdirSync(transcriptsDir)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`✖ no fixture named ${unknown.join(', ')} in ${transcriptsDir}`);
  process.exit(2);
}

let changed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  const optionsFile = join(transcriptsDir, `${name}.options.json`);
  const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  const events = parseTranscript(readFileSync(join(transcriptsDir, `${name}.txt`), 'utf8'), options).map((event) => {
    if (event.type !== 'error') return event;
    const { fix: _fix, retryable: _retryable, ...rest } = event;
    return rest;
  });
  const file = join(locksDir, `${name}.events.json`);
  const text = `${JSON.stringify(events, null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
  writeFileSync(file, text);
  changed += 1;
  console.log(`rewrote regression-locks/${name}.events.json`);
}
console.log(`${changed} regression lock(s) rewritten; review with: git diff fixtures/transcripts/regression-locks`);
