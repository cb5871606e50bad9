import { describe, expect, it } from 'vitest';
import { findPowerShell } from '../../src/host/find-powershell.js';
import { parseMarker } from '../../src/host/markers.js';
import { createPosixPlatform, descendantsOf, parseProcessTable } from '../../src/platform/posix.js';
import type { PlatformDeps } from '../../src/platform/types.js';
import { createWindowsPlatform } from '../../src/platform/windows.js';

function fakeDeps(processTable = '') {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const signals: Array<[number, string]> = [];
  const deps: PlatformDeps = {
    async run(file, args) {
      calls.push({ file, args });
      return { stdout: processTable, exitCode: 0 };
    },
    signal(pid, signal) {
      signals.push([pid, signal]);
    },
  };
  return { deps, calls, signals };
}

describe('posix platform', () => {
  it('finds every descendant in the process table', () => {
    const table = parseProcessTable('  1 0\n 10 1\n 11 10\n 12 11\n 13 10\n 20 1\n');
    expect(descendantsOf(10, table).sort()).toEqual([11, 12, 13]);
  });

  it('kills the process, its descendants and its process group', async () => {
    const { deps, signals } = fakeDeps('10 1\n11 10\n12 11\n99 1\n');
    await createPosixPlatform(deps).killTree(10);
    expect(signals).toEqual([
      [10, 'SIGKILL'],
      [11, 'SIGKILL'],
      [12, 'SIGKILL'],
      [-10, 'SIGKILL'],
    ]);
  });

  it('drops undefined variables and sets TERM', () => {
    const env = createPosixPlatform(fakeDeps().deps).ptyEnvironment({ A: 'a', B: undefined }, { C: 'c' });
    expect(env).toEqual({ A: 'a', C: 'c', TERM: 'xterm-256color' });
  });
});

describe('windows platform', () => {
  it('ends the tree with taskkill /T /F, since ConPTY processes take no signals', async () => {
    const { deps, calls, signals } = fakeDeps();
    await createWindowsPlatform(deps).killTree(4242);
    expect(calls).toEqual([{ file: 'taskkill.exe', args: ['/PID', '4242', '/T', '/F'] }]);
    expect(signals).toEqual([]);
  });

  it('keeps SystemRoot, which Windows PowerShell cannot start without', () => {
    const env = createWindowsPlatform(fakeDeps().deps).ptyEnvironment({ SYSTEMROOT: 'D:\\Win' }, {});
    expect(env.SystemRoot).toBe('D:\\Win');
    expect(env.TERM).toBe('xterm-256color');
  });

  it('finds powershell.exe through PATHEXT when pwsh is missing', () => {
    const platform = createWindowsPlatform(fakeDeps().deps);
    const found = findPowerShell({
      env: { PATH: 'C:\\Tools;C:\\Windows\\System32\\WindowsPowerShell\\v1.0', PATHEXT: '.COM;.EXE' },
      platform,
      isExecutable: (path) => path.endsWith('v1.0\\powershell.exe'),
    });
    expect(found).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
});

describe('findPowerShell', () => {
  const platform = createPosixPlatform(fakeDeps().deps);
  it('prefers the explicit option, then IPPSCONNECT_PWSH, then PATH', () => {
    const isExecutable = () => true;
    expect(
      findPowerShell({ explicit: '/opt/a/pwsh', env: { IPPSCONNECT_PWSH: '/opt/b/pwsh' }, platform, isExecutable }),
    ).toBe('/opt/a/pwsh');
    expect(findPowerShell({ env: { IPPSCONNECT_PWSH: '/opt/b/pwsh', PATH: '/usr/bin' }, platform, isExecutable })).toBe(
      '/opt/b/pwsh',
    );
    expect(findPowerShell({ env: { PATH: '/usr/local/bin:/usr/bin' }, platform, isExecutable })).toBe(
      '/usr/local/bin/pwsh',
    );
  });

  it('says how to fix a missing PowerShell', () => {
    expect(() => findPowerShell({ env: { PATH: '/nowhere' }, platform, isExecutable: () => false })).toThrow(
      expect.objectContaining({ code: 'POWERSHELL_NOT_FOUND', fix: expect.stringMatching(/--pwsh/) }),
    );
  });
});

describe('parseMarker', () => {
  it('reads the three markers and ignores foreign nonces', () => {
    expect(parseMarker('A;n1', 'n1')).toEqual({ kind: 'prompt-start' });
    expect(parseMarker('C;7;n1', 'n1')).toEqual({ kind: 'command-start', id: 7 });
    // The prompt's done marker: no count of lines sent back (none are).
    expect(parseMarker('D;7;0;3;n1', 'n1')).toEqual({
      kind: 'command-done',
      id: 7,
      success: false,
      exitCode: 3,
      replies: 0,
    });
    expect(parseMarker('D;7;1;;n1', 'n1')).toEqual({ kind: 'command-done', id: 7, success: true, replies: 0 });
    // The loop's: the count of lines the request sent back on the command channel.
    expect(parseMarker('D;7;1;;2;n1', 'n1')).toEqual({ kind: 'command-done', id: 7, success: true, replies: 2 });
    expect(parseMarker('D;7;1;4;1;n1', 'n1')).toEqual({
      kind: 'command-done',
      id: 7,
      success: true,
      exitCode: 4,
      replies: 1,
    });
    expect(parseMarker('D;7;1;;other', 'n1')).toBeUndefined();
  });
});
