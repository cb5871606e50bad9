import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot, scriptPath } from '../../src/powershell/scripts.js';
import { repoRoot } from '../helpers/pwsh.js';

describe('scriptPath', () => {
  it('finds scripts/ps in the package, wherever the process runs from', () => {
    const path = scriptPath('check-syntax.ps1');
    expect(path).toBe(join(repoRoot, 'scripts', 'ps', 'check-syntax.ps1'));
    expect(existsSync(path)).toBe(true);
  });

  it.each(['../package.json', 'sub/x.ps1', '..\\x.ps1', 'x.txt', '', '.hidden.ps1'])('refuses %j', (name) => {
    expect(() => scriptPath(name)).toThrow(/not a script name/);
  });
});

describe('findPackageRoot', () => {
  const temp = mkdtempSync(join(tmpdir(), 'ippsconnect-root-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('walks up to the nearest package.json, as from dist/powershell when built', () => {
    const deep = join(temp, 'dist', 'powershell');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(temp, 'package.json'), '{}');
    expect(findPackageRoot(deep)).toBe(temp);
  });
});
