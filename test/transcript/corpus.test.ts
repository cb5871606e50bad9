import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/transcript/events.js';
import { parseTranscript } from '../../src/transcript/index.js';
import { fixtureNames, readExpected, readFixture, readOptions, transcriptsDir } from './helpers/corpus.js';

const names = fixtureNames();

// Regression lock: the events were written in the commit after the parser's first version (SOURCES.md,
// "How each expectation was made"), so they lock what the parser does rather than prove it independently.
// The independent evidence is the real-world corpus (labels written by reading, npm run corpus:score).
describe('transcript corpus (regression lock): each fixture parses to its committed events', () => {
  it('every fixture', () => {
    for (const name of names) {
      expect(parseTranscript(readFixture(name), readOptions(name)), name).toEqual(readExpected(name));
    }
  });
});

describe('the corpus itself', () => {
  const sources = readFileSync(join(transcriptsDir, 'SOURCES.md'), 'utf8');

  it('every fixture has expected events and a line in SOURCES.md saying how they were made', () => {
    for (const name of names) {
      expect(existsSync(join(transcriptsDir, `${name}.events.json`)), name).toBe(true);
      expect(sources, name).toMatch(
        new RegExp(`\\| ${name} \\|[^\\n]*\\| (?:regression lock|labelled by reading)[^|]*\\|$`, 'm'),
      );
    }
  });

  it('has at least two differently shaped transcripts for every error code but TIMEOUT', () => {
    const shapes = new Map<string, Set<string>>();
    for (const name of names) {
      for (const event of readExpected(name)) {
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
