/**
 * Finds the retired Exchange Online Remote PowerShell module (EXO V1), which ClickOnce installed under
 * %LOCALAPPDATA%\Apps\2.0 (exo-facts §1). It stopped working on 2022-12-31; ippsconnect looks for it only
 * to say so and point at ExchangeOnlineManagement v3. Pure over an injected directory reader, so the
 * Windows layout is tested on Linux with a fake tree.
 *
 * The store is `<root>\<r1>\<r2>\<folder>`, where r1 and r2 are random 8.3 names (`TD1HV8YN.61O`) and each
 * folder is named `<short name>_<public key token>_<version>[_<culture>]_<hash>`:
 *   micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a   the module's application folder (16.0)
 *   micr..dule_31bf3856ad364e35_0010.0000_none_e092d310eab729ab   a component-store copy of the dll
 * The short name is the first and last four characters of the real one; the version is major.minor as
 * four hex digits each (0010.0000 = 16.0). Folders with a culture of `none` are component copies that
 * hold the dll without the script: scripts in the wild skip any path containing `_none_`, and so do we.
 * Other ClickOnce apps share the layout (the Hybrid Configuration Wizard even shares the token), so a
 * folder counts only when it holds both files. ClickOnce keeps the previous build beside the current one
 * and both are 16.0: the newer folder (modification time) wins.
 */
import { readdir, stat } from 'node:fs/promises';
import { win32 } from 'node:path';
import { compareVersions } from './versions.js';

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
}

/** What the finders read from the file system; injected so tests can fake a Windows tree anywhere. */
export interface DirectoryReader {
  /** The entries of a folder; undefined when it does not exist or cannot be read. */
  list(path: string): Promise<readonly DirectoryEntry[] | undefined>;
  /** Last modification time in ms, to order same-version installs; undefined when unknown. */
  modifiedMs?(path: string): Promise<number | undefined>;
}

/** The real file system. */
export const fileSystemReader: DirectoryReader = {
  async list(path) {
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  async modifiedMs(path) {
    try {
      return (await stat(path)).mtimeMs;
    } catch {
      return undefined;
    }
  },
};

/** Dot-sourced: defines Connect-EXOPSSession and Connect-IPPSSession. */
export const legacyScriptName = 'CreateExoPSSession.ps1';
/** Imported by the script: New-ExoPSSession. */
export const legacyDllName = 'Microsoft.Exchange.Management.ExoPowershellModule.dll';

/** `<name>_<16 hex token>_<hex major.minor[.build.revision]>[_<culture>]_<16 hex hash>`. */
const clickOnceFolderName =
  /^(?<name>[^_]+)_(?<token>[0-9a-f]{16})_(?<version>[0-9a-f]{4}(?:\.[0-9a-f]{4}){1,3})(?:_(?<culture>[a-z]+(?:-[a-z0-9]+)*))?_(?<hash>[0-9a-f]{16})$/i;

export interface LegacyModule {
  /** Full path of CreateExoPSSession.ps1. */
  scriptPath: string;
  /** Full path of Microsoft.Exchange.Management.ExoPowershellModule.dll. */
  dllPath: string;
  /** From the folder name, e.g. `16.0`. */
  version: string;
  /** The application folder holding both. */
  folder: string;
}

/** The version in a ClickOnce folder name (`..._0010.0000_...` is 16.0); undefined for other names. */
export function parseClickOnceVersion(folderName: string): string | undefined {
  const version = clickOnceFolderName.exec(folderName)?.groups?.version;
  return version
    ?.split('.')
    .map((part) => String(Number.parseInt(part, 16)))
    .join('.');
}

export interface FindLegacyModuleOptions {
  /** %LOCALAPPDATA%\Apps\2.0 (Platform.legacyModuleRoot); undefined: nothing to find. */
  root: string | undefined;
  reader: DirectoryReader;
  /** Path joining; Windows rules by default, since the module only ever existed there. */
  join?: (directory: string, name: string) => string;
}

/** The newest installed EXO V1 module, or undefined when there is none (or no root). */
export async function findLegacyModule(options: FindLegacyModuleOptions): Promise<LegacyModule | undefined> {
  const { root, reader } = options;
  const join = options.join ?? win32.join;
  if (!root) return undefined;
  const found: Array<LegacyModule & { modifiedMs: number }> = [];
  for (const first of await subfolders(reader, root)) {
    for (const second of await subfolders(reader, join(root, first))) {
      const parent = join(join(root, first), second);
      for (const name of await subfolders(reader, parent)) {
        if (name.toLowerCase().includes('_none_')) continue;
        const version = parseClickOnceVersion(name);
        if (!version) continue;
        const folder = join(parent, name);
        const files = await filesIn(reader, folder);
        const script = files.get(legacyScriptName.toLowerCase());
        const dll = files.get(legacyDllName.toLowerCase());
        if (!script || !dll) continue;
        found.push({
          scriptPath: join(folder, script),
          dllPath: join(folder, dll),
          version,
          folder,
          modifiedMs: (await reader.modifiedMs?.(folder)) ?? 0,
        });
      }
    }
  }
  found.sort(
    (a, b) => compareVersions(b.version, a.version) || b.modifiedMs - a.modifiedMs || a.folder.localeCompare(b.folder),
  );
  const newest = found[0];
  if (!newest) return undefined;
  const { modifiedMs: _modifiedMs, ...module } = newest;
  return module;
}

async function subfolders(reader: DirectoryReader, path: string): Promise<string[]> {
  return ((await reader.list(path)) ?? []).filter((entry) => entry.isDirectory).map((entry) => entry.name);
}

/** File names in a folder by lower-case name (Windows file names ignore case), as spelled on disk. */
async function filesIn(reader: DirectoryReader, path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of (await reader.list(path)) ?? []) {
    if (!entry.isDirectory) files.set(entry.name.toLowerCase(), entry.name);
  }
  return files;
}
