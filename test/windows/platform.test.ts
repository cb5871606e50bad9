import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPosixPlatform } from '../../src/platform/posix.js';
import type { PlatformDeps } from '../../src/platform/types.js';
import { createWindowsPlatform } from '../../src/platform/windows.js';
import { parsePersonalFolder, userShellFoldersKey } from '../../src/platform/windows-folders.js';
import { repoRoot } from '../helpers/pwsh.js';

/** A fake outside world: records every program run and signal sent; `reg` answers reg.exe. */
function fakeDeps(reg?: { stdout: string; exitCode: number } | Error) {
  const runs: Array<{ file: string; args: readonly string[] }> = [];
  const signals: Array<[number, string]> = [];
  const deps: PlatformDeps = {
    async run(file, args) {
      runs.push({ file, args });
      if (/reg\.exe$/i.test(file)) {
        if (reg instanceof Error) throw reg;
        return reg ?? { stdout: '', exitCode: 1 };
      }
      return { stdout: '', exitCode: 0 };
    },
    signal(pid, signal) {
      signals.push([pid, signal]);
    },
  };
  return { deps, runs, signals };
}

/** What `reg query "HKCU\...\User Shell Folders" /v Personal` prints (CRLF, four-space columns). */
function regAnswer(value: string, type = 'REG_EXPAND_SZ') {
  return {
    stdout: `\r\n${userShellFoldersKey.replace('HKCU', 'HKEY_CURRENT_USER')}\r\n    Personal    ${type}    ${value}\r\n\r\n`,
    exitCode: 0,
  };
}

const windowsEnv = {
  USERPROFILE: 'C:\\Users\\ada',
  LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
  ProgramFiles: 'C:\\Program Files',
  SystemRoot: 'C:\\Windows',
};

/** A stand-in for node-pty's IPty.kill, which on Windows throws as soon as it gets a signal. */
function fakeWindowsPty() {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    kill(signal?: string) {
      if (signal) throw new Error('Signals not supported on windows.');
      calls.push(signal);
    },
  };
}

describe('windows platform: pty', () => {
  it('asks node-pty for ConPTY, its bundled conpty.dll unless turned off, and names the terminal', () => {
    expect(createWindowsPlatform(fakeDeps().deps).spawnOptions(160, 50)).toEqual({
      name: 'xterm-256color',
      cols: 160,
      rows: 50,
      useConpty: true,
      useConptyDll: true,
    });
    expect(createWindowsPlatform(fakeDeps().deps, { useConptyDll: false }).spawnOptions(80, 24)).toMatchObject({
      useConpty: true,
      useConptyDll: false,
    });
  });

  it('sets TERM itself, since ConPTY does not', () => {
    const env = createWindowsPlatform(fakeDeps().deps).ptyEnvironment({ PATH: 'C:\\Windows' }, {});
    expect(env.TERM).toBe('xterm-256color');
  });

  it('ends a pty without a signal, which node-pty would throw on', () => {
    const pty = fakeWindowsPty();
    createWindowsPlatform(fakeDeps().deps).killPty(pty);
    expect(pty.calls).toEqual([undefined]);
  });

  it('leaves signals to src/platform: no other source sends a named signal, which would throw on Windows', () => {
    const sources = (readdirSync(join(repoRoot, 'src'), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(repoRoot, 'src', file))
      .filter((file) => !relative(join(repoRoot, 'src'), file).startsWith('platform'));
    // `kill('SIGKILL')`, `kill(pid, 'SIGTERM')`; process.kill(pid, 0), which only probes, works on Windows.
    const namedSignal = /\bkill\([^)]*['"]SIG[A-Z]+['"]/;
    const offenders = sources.filter((file) => namedSignal.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(repoRoot, file))).toEqual([]);
  });

  it('ends the tree with taskkill /T /F from System32 when SystemRoot is known, and sends no signal', async () => {
    const { deps, runs, signals } = fakeDeps();
    await createWindowsPlatform(deps, { systemRoot: 'C:\\Windows' }).killTree(4242);
    expect(runs).toEqual([{ file: 'C:\\Windows\\System32\\taskkill.exe', args: ['/PID', '4242', '/T', '/F'] }]);
    expect(signals).toEqual([]);
  });

  it('does not throw when taskkill cannot be run', async () => {
    const deps: PlatformDeps = {
      run: async () => {
        throw new Error('spawn taskkill.exe ENOENT');
      },
      signal: () => {},
    };
    await expect(createWindowsPlatform(deps).killTree(1)).resolves.toBeUndefined();
  });

  it('says the console must be switched to UTF-8', () => {
    expect(createWindowsPlatform(fakeDeps().deps).needsUtf8Console).toBe(true);
    expect(createPosixPlatform(fakeDeps().deps).needsUtf8Console).toBe(false);
  });
});

describe('windows platform: module folders', () => {
  it('lists the Windows PowerShell 5.1 and PowerShell 7 folders under Documents and Program Files', async () => {
    const { deps, runs } = fakeDeps(regAnswer('%USERPROFILE%\\Documents'));
    const folders = await createWindowsPlatform(deps, { systemRoot: 'C:\\Windows' }).moduleSearchFolders(windowsEnv);
    expect(folders).toEqual([
      { path: 'C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules', scope: 'CurrentUser', searchedBy: ['Desktop'] },
      { path: 'C:\\Program Files\\WindowsPowerShell\\Modules', scope: 'AllUsers', searchedBy: ['Desktop', 'Core'] },
      { path: 'C:\\Users\\ada\\Documents\\PowerShell\\Modules', scope: 'CurrentUser', searchedBy: ['Core'] },
      { path: 'C:\\Program Files\\PowerShell\\Modules', scope: 'AllUsers', searchedBy: ['Core'] },
    ]);
    expect(runs).toEqual([
      { file: 'C:\\Windows\\System32\\reg.exe', args: ['query', userShellFoldersKey, '/v', 'Personal'] },
    ]);
  });

  it('follows Documents redirected by OneDrive, and lists the old folders as searched by nobody', async () => {
    const { deps } = fakeDeps(regAnswer('%USERPROFILE%\\OneDrive - Contoso\\Documents'));
    const folders = await createWindowsPlatform(deps).moduleSearchFolders(windowsEnv);
    const redirected = 'C:\\Users\\ada\\OneDrive - Contoso\\Documents';
    expect(folders.filter((folder) => folder.searchedBy.length > 0).map((folder) => folder.path)).toEqual([
      `${redirected}\\WindowsPowerShell\\Modules`,
      'C:\\Program Files\\WindowsPowerShell\\Modules',
      `${redirected}\\PowerShell\\Modules`,
      'C:\\Program Files\\PowerShell\\Modules',
    ]);
    const stale = folders.filter((folder) => folder.searchedBy.length === 0);
    expect(stale.map((folder) => folder.path)).toEqual([
      'C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules',
      'C:\\Users\\ada\\Documents\\PowerShell\\Modules',
    ]);
    expect(stale[0]!.note).toMatch(/redirected/);
  });

  it('takes IPPSCONNECT_DOCUMENTS over the registry, and does not run reg.exe then', async () => {
    const { deps, runs } = fakeDeps(regAnswer('D:\\Elsewhere'));
    const folders = await createWindowsPlatform(deps).moduleSearchFolders({
      ...windowsEnv,
      IPPSCONNECT_DOCUMENTS: 'E:\\Docs',
    });
    expect(folders[0]!.path).toBe('E:\\Docs\\WindowsPowerShell\\Modules');
    expect(runs).toEqual([]);
  });

  it.each([
    ['reg.exe fails', { stdout: '', exitCode: 1 }],
    ['reg.exe cannot be run', new Error('spawn reg.exe ENOENT')],
    ['the value names an unknown variable', regAnswer('%NOSUCHVAR%\\Documents')],
    ['the value arrived garbled', regAnswer('C:\\Users\\ada\\OneDrive - Soci\uFFFDt\uFFFD\\Documents')],
  ] as const)('falls back to %%USERPROFILE%%\\Documents when %s', async (_case, reg) => {
    const folders = await createWindowsPlatform(fakeDeps(reg).deps).moduleSearchFolders(windowsEnv);
    expect(folders[0]!.path).toBe('C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules');
    expect(folders.every((folder) => folder.searchedBy.length > 0)).toBe(true);
  });

  it('uses the 64-bit Program Files when running as a 32-bit process', async () => {
    const folders = await createWindowsPlatform(fakeDeps().deps).moduleSearchFolders({
      ...windowsEnv,
      ProgramFiles: 'C:\\Program Files (x86)',
      ProgramW6432: 'C:\\Program Files',
    });
    expect(folders.map((folder) => folder.path)).toContain('C:\\Program Files\\WindowsPowerShell\\Modules');
  });

  it('reads variables whatever their case, as Windows does', async () => {
    const folders = await createWindowsPlatform(fakeDeps().deps).moduleSearchFolders({
      USERPROFILE: undefined,
      userprofile: 'C:\\Users\\bob',
      PROGRAMFILES: 'D:\\Apps',
    });
    expect(folders.map((folder) => folder.path)).toEqual([
      'C:\\Users\\bob\\Documents\\WindowsPowerShell\\Modules',
      'D:\\Apps\\WindowsPowerShell\\Modules',
      'C:\\Users\\bob\\Documents\\PowerShell\\Modules',
      'D:\\Apps\\PowerShell\\Modules',
    ]);
  });

  it('lists only the AllUsers folders when no user profile is known (a bare service environment)', async () => {
    const folders = await createWindowsPlatform(fakeDeps().deps).moduleSearchFolders({});
    expect(folders.map((folder) => folder.scope)).toEqual(['AllUsers', 'AllUsers']);
  });

  it('parses REG_SZ and REG_EXPAND_SZ values, spaces included', () => {
    const env = { USERPROFILE: 'C:\\Users\\ada' };
    expect(parsePersonalFolder(regAnswer('D:\\My Documents', 'REG_SZ').stdout, env)).toBe('D:\\My Documents');
    expect(parsePersonalFolder(regAnswer('%USERPROFILE%\\OneDrive\\Documents').stdout, env)).toBe(
      'C:\\Users\\ada\\OneDrive\\Documents',
    );
    expect(parsePersonalFolder('ERROR: The system was unable to find the specified registry key or value.', env)).toBe(
      undefined,
    );
    expect(parsePersonalFolder(regAnswer('Documents').stdout, env)).toBeUndefined();
  });
});

describe('legacy module root', () => {
  it('is the ClickOnce store under LOCALAPPDATA on Windows', () => {
    const platform = createWindowsPlatform(fakeDeps().deps);
    expect(platform.legacyModuleRoot(windowsEnv)).toBe('C:\\Users\\ada\\AppData\\Local\\Apps\\2.0');
    expect(platform.legacyModuleRoot({ USERPROFILE: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Local\\Apps\\2.0',
    );
    expect(platform.legacyModuleRoot({})).toBeUndefined();
  });

  it('does not exist elsewhere', () => {
    expect(createPosixPlatform(fakeDeps().deps).legacyModuleRoot({ HOME: '/home/ada' })).toBeUndefined();
  });
});

describe('posix platform', () => {
  it('asks node-pty for a plain pty with the terminal name', () => {
    expect(createPosixPlatform(fakeDeps().deps).spawnOptions(80, 24)).toEqual({
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
    });
  });

  it('kills a pty with SIGKILL', () => {
    const signals: Array<string | undefined> = [];
    createPosixPlatform(fakeDeps().deps).killPty({ kill: (signal) => signals.push(signal) });
    expect(signals).toEqual(['SIGKILL']);
  });

  it('lists the PowerShell 7 module folders, honouring XDG_DATA_HOME', async () => {
    const platform = createPosixPlatform(fakeDeps().deps);
    expect(await platform.moduleSearchFolders({ HOME: '/home/ada' })).toEqual([
      { path: '/home/ada/.local/share/powershell/Modules', scope: 'CurrentUser', searchedBy: ['Core'] },
      { path: '/usr/local/share/powershell/Modules', scope: 'AllUsers', searchedBy: ['Core'] },
    ]);
    expect((await platform.moduleSearchFolders({ HOME: '/home/ada', XDG_DATA_HOME: '/data' }))[0]!.path).toBe(
      '/data/powershell/Modules',
    );
    expect(await platform.moduleSearchFolders({})).toHaveLength(1);
  });
});
