import { win32 } from 'node:path';
import { readVariable } from './environment.js';
import type { ModuleFolder, PlatformDeps } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where Explorer keeps the Documents folder: the `Personal` value, REG_EXPAND_SZ such as
 * `%USERPROFILE%\OneDrive - Contoso\Documents` once OneDrive's known-folder move has redirected it.
 * [Environment]::GetFolderPath('MyDocuments'), which PowerShell uses for its CurrentUser module path,
 * reads the same value.
 */
export const userShellFoldersKey = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';

/** `reg query <key> /v Personal` prints `    Personal    REG_EXPAND_SZ    <path>` under the key's name. */
const personalValueLine = /^[ \t]*Personal[ \t]+REG_(?:EXPAND_)?SZ[ \t]+(?<path>\S.*?)[ \t]*$/im;

/** Parses reg.exe's answer into an absolute path, expanding %VARIABLES%; undefined when unusable. */
export function parsePersonalFolder(regOutput: string, env: Env): string | undefined {
  const raw = personalValueLine.exec(regOutput)?.groups?.path;
  if (!raw) return undefined;
  const expanded = raw.replace(/%([^%]+)%/g, (whole, name: string) => readVariable(env, name) ?? whole);
  // Unknown variables stay as %NAME%; reg.exe prints in the OEM code page, so a name outside it arrives
  // as U+FFFD: either way the path would be wrong.
  if (/%[^%]+%|\uFFFD/.test(expanded) || !win32.isAbsolute(expanded)) return undefined;
  return win32.normalize(expanded);
}

/** The user's profile folder: USERPROFILE, else HOMEDRIVE + HOMEPATH. */
export function userProfile(env: Env): string | undefined {
  const profile = readVariable(env, 'USERPROFILE');
  if (profile) return profile;
  const drive = readVariable(env, 'HOMEDRIVE');
  const path = readVariable(env, 'HOMEPATH');
  return drive && path ? drive + path : undefined;
}

/**
 * The user's real Documents folder: IPPSCONNECT_DOCUMENTS when set (for machines where reg.exe cannot be
 * run or gives the wrong answer), else the registry, else %USERPROFILE%\Documents.
 */
export async function documentsFolder(env: Env, deps: PlatformDeps, regExe: string): Promise<string | undefined> {
  const configured = readVariable(env, 'IPPSCONNECT_DOCUMENTS');
  if (configured) return configured;
  try {
    const { stdout, exitCode } = await deps.run(regExe, ['query', userShellFoldersKey, '/v', 'Personal']);
    const fromRegistry = exitCode === 0 ? parsePersonalFolder(stdout, env) : undefined;
    if (fromRegistry) return fromRegistry;
  } catch {
    // No reg.exe (or not allowed to run it): the default location below.
  }
  const profile = userProfile(env);
  return profile ? win32.join(profile, 'Documents') : undefined;
}

/**
 * The folders Install-Module uses on Windows, in the order of the brief's table: Windows PowerShell 5.1
 * (Documents\WindowsPowerShell\Modules, Program Files\WindowsPowerShell\Modules, which PowerShell 7 also
 * searches), then PowerShell 7 (Documents\PowerShell\Modules, Program Files\PowerShell\Modules).
 * When Documents is redirected, the profile's own Documents folders follow: no PowerShell searches them
 * any more, yet modules installed before the move are still there.
 */
export function windowsModuleFolders(env: Env, documents: string | undefined): ModuleFolder[] {
  // A 32-bit process sees ProgramFiles as "Program Files (x86)"; ProgramW6432 is the 64-bit one.
  const programFiles = readVariable(env, 'ProgramW6432') ?? readVariable(env, 'ProgramFiles') ?? 'C:\\Program Files';
  const folders: ModuleFolder[] = [];
  if (documents) {
    folders.push({
      path: win32.join(documents, 'WindowsPowerShell', 'Modules'),
      scope: 'CurrentUser',
      searchedBy: ['Desktop'],
    });
  }
  folders.push({
    path: win32.join(programFiles, 'WindowsPowerShell', 'Modules'),
    scope: 'AllUsers',
    searchedBy: ['Desktop', 'Core'],
  });
  if (documents) {
    folders.push({ path: win32.join(documents, 'PowerShell', 'Modules'), scope: 'CurrentUser', searchedBy: ['Core'] });
  }
  folders.push({ path: win32.join(programFiles, 'PowerShell', 'Modules'), scope: 'AllUsers', searchedBy: ['Core'] });

  const profile = userProfile(env);
  const profileDocuments = profile ? win32.join(profile, 'Documents') : undefined;
  if (documents && profileDocuments && profileDocuments.toLowerCase() !== win32.normalize(documents).toLowerCase()) {
    const note = `Documents is redirected to ${documents}; modules installed here before that are no longer found`;
    for (const edition of ['WindowsPowerShell', 'PowerShell']) {
      folders.push({
        path: win32.join(profileDocuments, edition, 'Modules'),
        scope: 'CurrentUser',
        searchedBy: [],
        note,
      });
    }
  }
  return folders;
}

/** %LOCALAPPDATA%\Apps\2.0, the ClickOnce application store (exo-facts §1). */
export function clickOnceRoot(env: Env): string | undefined {
  const profile = userProfile(env);
  const localAppData =
    readVariable(env, 'LOCALAPPDATA') ?? (profile ? win32.join(profile, 'AppData', 'Local') : undefined);
  return localAppData ? win32.join(localAppData, 'Apps', '2.0') : undefined;
}
