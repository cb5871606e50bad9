import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/transcript/events.js';
import { parseTranscript } from '../../src/transcript/index.js';
import {
  fixtureNames,
  readFixture,
  readOptions,
  readRegressionLock,
  regressionLockPath,
  regressionLocksDir,
  transcriptsDir,
} from './helpers/corpus.js';

const names = fixtureNames();

// Regression locks: the events in regression-locks/ are the parser's own reading of each fixture, reviewed
// (SOURCES.md, "How each expectation was made"; regeneration: scripts/dev/regenerate-regression-locks.mjs).
// They catch an unintended change; they prove nothing about whether the reading is right. The independent
// evidence is the real-world corpus (labels written by reading, npm run corpus:score).
describe('regression lock: each fixture still parses to the events locked in regression-locks/', () => {
  it('regression lock: every fixture', () => {
    for (const name of names) {
      expect(parseTranscript(readFixture(name), readOptions(name)), name).toEqual(readRegressionLock(name));
    }
  });
});

describe('the corpus itself', () => {
  const sources = readFileSync(join(transcriptsDir, 'SOURCES.md'), 'utf8');

  it('every fixture has a regression lock and a line in SOURCES.md saying how its expectation was made', () => {
    for (const name of names) {
      expect(existsSync(regressionLockPath(name)), name).toBe(true);
      expect(sources, name).toMatch(
        new RegExp(`\\| ${name} \\|[^\\n]*\\| (?:regression lock|labelled by reading)[^|]*\\|$`, 'm'),
      );
    }
  });

  it('keeps no lock without its fixture, and no parser output beside the texts', () => {
    const orphans = readdirSync(regressionLocksDir)
      .filter((file) => file.endsWith('.events.json'))
      .map((file) => file.slice(0, -'.events.json'.length))
      .filter((name) => !names.includes(name));
    expect(orphans).toEqual([]);
    expect(readdirSync(transcriptsDir).filter((file) => file.endsWith('.events.json'))).toEqual([]);
  });

  it('regression lock: at least two differently shaped transcripts lock each error code but TIMEOUT', () => {
    const shapes = new Map<string, Set<string>>();
    for (const name of names) {
      for (const event of readRegressionLock(name)) {
        if (event.type !== 'error') continue;
        const shape = name.split('--')[1]!;
        shapes.set(event.code, (shapes.get(event.code) ?? new Set()).add(shape));
      }
    }
    for (const code of errorCodes) {
      if (code === 'TIMEOUT') continue;
      expect(shapes.get(code)?.size ?? 0, code).toBeGreaterThanOrEqual(2);
    }
  });
});
