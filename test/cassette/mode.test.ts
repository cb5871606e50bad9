/** Which mode a cassette run uses, from the option, IPPSCONNECT_CASSETTE_MODE, CI and whether the file exists. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CassetteMode, resolveCassetteMode } from '../../src/cassette/cassette.js';

const dir = mkdtempSync(join(tmpdir(), 'ipps-cassette-mode-'));
const existing = join(dir, 'there.cast');
writeFileSync(existing, '');
const missing = join(dir, 'missing.cast');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Case = [string, CassetteMode | undefined, string | undefined, boolean, boolean, 'record' | 'replay' | RegExp];

describe('resolveCassetteMode', () => {
  it.each<Case>([
    // name, option, IPPSCONNECT_CASSETTE_MODE, CI, file exists, expected
    ['auto by default: the file is there, replay', undefined, undefined, false, true, 'replay'],
    ['auto by default: no file, record', undefined, undefined, false, false, 'record'],
    ['the variable picks record even when the file is there', undefined, 'record', false, true, 'record'],
    ['the variable picks replay', undefined, 'replay', false, false, 'replay'],
    ['the option wins over the variable', 'record', 'replay', false, true, 'record'],
    ['an empty variable is no setting', undefined, '', false, false, 'record'],
    ['CI: replay by default even without a file (reading it then fails)', undefined, undefined, true, false, 'replay'],
    ['CI: recording asked for by the variable is refused', undefined, 'record', true, true, /refused under CI=true/],
    ['CI: recording asked for by the option is refused', 'record', undefined, true, true, /refused under CI=true/],
    ['CI: auto with no file would record, refused', 'auto', undefined, true, false, /refused under CI=true/],
    ['CI: auto with the file replays', 'auto', undefined, true, true, 'replay'],
    ['a misspelt variable names itself', undefined, 'recrod', false, true, /IPPSCONNECT_CASSETTE_MODE is "recrod"/],
  ])('%s', (_, mode, variable, ci, exists, expected) => {
    const settings = { path: exists ? existing : missing, ...(mode ? { mode } : {}) };
    const env = { IPPSCONNECT_CASSETTE_MODE: variable, ...(ci ? { CI: 'true' } : {}) };
    if (expected instanceof RegExp) {
      expect(() => resolveCassetteMode(settings, env)).toThrow(expected);
      expect(() => resolveCassetteMode(settings, env)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    } else {
      expect(resolveCassetteMode(settings, env)).toBe(expected);
    }
  });
});
