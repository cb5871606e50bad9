import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRecordingTarget } from '../../src/session/recording.js';
import { linuxOnly } from './helpers.js';

/** Recording paths that would block (a FIFO nobody reads) or fail late are refused before anything starts. */
describe.skipIf(linuxOnly)('checkRecordingTarget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipps-record-target-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'existing.cast');
  writeFileSync(file, '');
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const fifo = join(dir, 'fifo.cast');
  execFileSync('mkfifo', [fifo]);
  const missing = join(dir, 'new.cast');

  it.each([
    ['a new file', { path: missing }, undefined],
    ['an existing regular file', { path: file }, undefined],
    ['a FIFO', { path: fifo }, 'record'],
    ['a folder', { path: folder }, 'record'],
    ['a device', { path: '/dev/null' }, 'record'],
    ['a failures folder that exists', { failuresDirectory: folder }, undefined],
    ['a failures folder to create', { failuresDirectory: join(dir, 'later') }, undefined],
    ['a failures "folder" that is a file', { failuresDirectory: file }, 'recordFailures'],
  ])('%s', (_what, target, refusedField) => {
    if (refusedField === undefined) expect(() => checkRecordingTarget(target)).not.toThrow();
    else
      expect(() => checkRecordingTarget(target)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', field: refusedField }),
      );
  });
});
