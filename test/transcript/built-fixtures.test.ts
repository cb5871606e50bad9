import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtFixtures } from './helpers/built-fixtures.js';
import { transcriptsDir } from './helpers/corpus.js';

// The built fixtures are laid out by test equipment; this keeps the committed bytes and the builder in step.
// UPDATE_BUILT_FIXTURES=1 npx vitest run test/transcript/built-fixtures.test.ts rewrites them.
const update = process.env.UPDATE_BUILT_FIXTURES === '1';

describe('built fixtures match their builder', () => {
  it('every built fixture', () => {
    for (const fixture of builtFixtures) {
      const file = join(transcriptsDir, `${fixture.name}.txt`);
      if (update) writeFileSync(file, fixture.text);
      expect(existsSync(file), fixture.name).toBe(true);
      expect(readFileSync(file, 'utf8'), fixture.name).toBe(fixture.text);
    }
  });

  it('have distinct names', () => {
    expect(new Set(builtFixtures.map((f) => f.name)).size).toBe(builtFixtures.length);
  });
});
