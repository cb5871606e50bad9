/** Test equipment: the fixture corpus in fixtures/transcripts, read the way every corpus test needs it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalog } from '../../../src/transcript/catalog.js';
import type { ErrorCode, TranscriptEvent } from '../../../src/transcript/events.js';
import type { TranscriptParserOptions } from '../../../src/transcript/parser.js';
import { repoRoot } from '../../helpers/pwsh.js';

export const transcriptsDir = join(repoRoot, 'fixtures', 'transcripts');
/**
 * The parser's own reading of each fixture, committed as a regression lock (regression-locks/README.md):
 * not independent evidence, only a guard against an unintended change.
 */
export const regressionLocksDir = join(transcriptsDir, 'regression-locks');

/** Fixture names (`<name>.txt`), sorted. */
export function fixtureNames(): string[] {
  return readdirSync(transcriptsDir)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -'.txt'.length))
    .sort();
}

/** The transcript, decoded as the host decodes the pty stream (UTF-8). */
export function readFixture(name: string): string {
  return readFileSync(join(transcriptsDir, `${name}.txt`), 'utf8');
}

/** Where the regression lock of a fixture lives. */
export function regressionLockPath(name: string): string {
  return join(regressionLocksDir, `${name}.events.json`);
}

/**
 * The locked events (parser output, reviewed; see regression-locks/README.md). Error events in the JSON leave
 * out `fix` and `retryable` — both follow from the code and are checked against the catalog in
 * catalog.test.ts — so they are filled in here.
 */
export function readRegressionLock(name: string): TranscriptEvent[] {
  const events = JSON.parse(readFileSync(regressionLockPath(name), 'utf8')) as TranscriptEvent[];
  return events.map((event) => {
    if (event.type !== 'error') return event;
    const entry = errorCatalog.find((e) => e.code === (event.code as ErrorCode));
    if (!entry) throw new Error(`${name}: unknown code ${event.code}`);
    return { ...event, fix: entry.fix, retryable: entry.retryable };
  });
}

/**
 * Parser options for a fixture: `<name>.options.json` when the host would know something the text cannot
 * tell (the terminal width, for a word longer than a line that the console broke mid-word).
 */
export function readOptions(name: string): TranscriptParserOptions {
  const file = join(transcriptsDir, `${name}.options.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TranscriptParserOptions) : {};
}
