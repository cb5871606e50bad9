import { describe, expect, it } from 'vitest';
import { legacyDllName, legacyScriptName } from '../../src/module/legacy-finder.js';
import { describeModuleSearch, searchModuleFolders } from '../../src/module/module-paths.js';
import { createPosixPlatform } from '../../src/platform/posix.js';
import type { PlatformDeps } from '../../src/platform/types.js';
import { createWindowsPlatform } from '../../src/platform/windows.js';
import { fakeTree } from './fake-tree.js';

/** reg.exe says Documents moved to OneDrive. */
const deps: PlatformDeps = {
  run: async () => ({
    stdout: '    Personal    REG_EXPAND_SZ    %USERPROFILE%\\OneDrive\\Documents\r\n',
    exitCode: 0,
  }),
  signal: () => {},
};
const windows = createWindowsPlatform(deps);
const env = {
  USERPROFILE: 'C:\\Users\\ada',
  LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
  ProgramFiles: 'C:\\Program Files',
  PSModulePath:
    'C:\\Program Files\\WindowsPowerShell\\Modules;D:\\Shared\\Modules\\;C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules',
};

const manifest = 'ExchangeOnlineManagement.psd1';

describe('searchModuleFolders', () => {
  it('reports each usual folder once, with the module versions found in it', async () => {
    const { reader } = fakeTree([
      `C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules\\ExchangeOnlineManagement\\3.9.2\\${manifest}`,
      `C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules\\ExchangeOnlineManagement\\3.10.0\\${manifest}`,
      // A version folder without its manifest (an interrupted install) does not count.
      `C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules\\ExchangeOnlineManagement\\3.5.0\\`,
      'C:\\Program Files\\WindowsPowerShell\\Modules\\PowerShellGet\\1.0.0.1\\PowerShellGet.psd1',
      `C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules\\exchangeonlinemanagement\\2.0.5\\${manifest}`,
      'D:\\Shared\\Modules\\',
    ]);
    const search = await searchModuleFolders({ platform: windows, env, reader, modulePath: ['E:\\Job\\Modules'] });
    expect(search.folders.map((folder) => [folder.path, folder.source, folder.exists, folder.versions])).toEqual([
      ['E:\\Job\\Modules', 'module-path', false, []],
      ['C:\\Users\\ada\\OneDrive\\Documents\\WindowsPowerShell\\Modules', 'default', false, []],
      ['C:\\Program Files\\WindowsPowerShell\\Modules', 'default', true, []],
      ['C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules', 'default', true, ['3.10.0', '3.9.2']],
      ['C:\\Program Files\\PowerShell\\Modules', 'default', false, []],
      ['C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules', 'default', true, ['2.0.5']],
      ['C:\\Users\\ada\\Documents\\PowerShell\\Modules', 'default', false, []],
      // PSModulePath: Program Files comes again (any case, any trailing backslash) and is not repeated.
      ['D:\\Shared\\Modules\\', 'PSModulePath', true, []],
      ['C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules', 'PSModulePath', false, []],
    ]);
    expect(search.legacy).toBeUndefined();
  });

  it('says why the module was not found: the other edition, or a Documents folder OneDrive replaced', async () => {
    const { reader } = fakeTree([
      `C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules\\ExchangeOnlineManagement\\3.9.2\\${manifest}`,
      `C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.4.0\\${manifest}`,
    ]);
    const lines = describeModuleSearch(await searchModuleFolders({ platform: windows, env, reader }), 'Desktop');
    expect(lines[0]).toBe('Looked for ExchangeOnlineManagement in:');
    expect(lines).toContain(
      '  C:\\Users\\ada\\OneDrive\\Documents\\PowerShell\\Modules (CurrentUser, searched by PowerShell 7): ExchangeOnlineManagement 3.9.2, but Windows PowerShell 5.1 does not look here',
    );
    expect(lines).toContain(
      '  C:\\Users\\ada\\OneDrive\\Documents\\WindowsPowerShell\\Modules (CurrentUser, searched by Windows PowerShell 5.1): no such folder',
    );
    expect(lines).toContain(
      '  C:\\Users\\ada\\Documents\\WindowsPowerShell\\Modules (CurrentUser, searched by no PowerShell): ExchangeOnlineManagement 3.4.0, but Windows PowerShell 5.1 does not look here',
    );
    expect(lines.join('\n')).toMatch(/Documents is redirected to C:\\Users\\ada\\OneDrive\\Documents/);
  });

  it('names the retired EXO V1 module when it is installed', async () => {
    const app =
      'C:\\Users\\ada\\AppData\\Local\\Apps\\2.0\\TD1HV8YN.61O\\1EP3V7G6.KPP\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a';
    const { reader } = fakeTree([`${app}\\${legacyScriptName}`, `${app}\\${legacyDllName}`]);
    const search = await searchModuleFolders({ platform: windows, env, reader });
    expect(search.legacy?.version).toBe('16.0');
    const text = describeModuleSearch(search, 'Desktop').join('\n');
    expect(text).toContain(`(EXO V1, 16.0) in ${app}`);
    expect(text).toContain('stopped working on 2022-12-31');
    expect(text).toContain('Install-Module ExchangeOnlineManagement -Scope CurrentUser');
  });

  it('searches the PowerShell 7 folders on Linux, and no ClickOnce store', async () => {
    const posix = createPosixPlatform(deps);
    const { reader, listed } = fakeTree([
      `/home/ada/.local/share/powershell/Modules/ExchangeOnlineManagement/3.9.2/${manifest}`,
    ]);
    const search = await searchModuleFolders({
      platform: posix,
      env: {
        HOME: '/home/ada',
        PSModulePath: '/home/ada/.local/share/powershell/Modules/:/opt/microsoft/powershell/7/Modules',
      },
      reader,
    });
    expect(search.folders.map((folder) => [folder.path, folder.versions])).toEqual([
      ['/home/ada/.local/share/powershell/Modules', ['3.9.2']],
      ['/usr/local/share/powershell/Modules', []],
      ['/opt/microsoft/powershell/7/Modules', []],
    ]);
    expect(listed.some((path) => path.includes('Apps'))).toBe(false);
    expect(describeModuleSearch(search, 'Core')[1]).toBe(
      '  /home/ada/.local/share/powershell/Modules (CurrentUser, searched by PowerShell 7): ExchangeOnlineManagement 3.9.2',
    );
  });
});
