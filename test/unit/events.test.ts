import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/transcript/events.js';

describe('error codes', () => {
  it('are unique and upper snake case', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    for (const code of errorCodes) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
