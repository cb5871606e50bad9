import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/transcript/events.js';
import { parseTranscript } from '../../src/transcript/index.js';
import { fixtureNames, readExpected, readFixture, readOptions, transcriptsDir } from './helpers/corpus.js';

const names = fixtureNames();

describe('transcript corpus: each fixture parses to its hand-written events', () => {
  it.each(names)('%s', (name) => {
    expect(parseTranscript(readFixture(name), readOptions(name))).toEqual(readExpected(name));
  });
});

describe('the corpus itself', () => {
  const sources = readFileSync(join(transcriptsDir, 'SOURCES.md'), 'utf8');

  it.each(names)('%s has expected events and a line in SOURCES.md', (name) => {
    expect(existsSync(join(transcriptsDir, `${name}.events.json`))).toBe(true);
    expect(sources).toContain(`| ${name} |`);
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
