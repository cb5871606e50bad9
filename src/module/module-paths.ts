/**
 * Where ExchangeOnlineManagement could be, for the "looked in ..." of MODULE_NOT_FOUND: the platform's
 * usual module folders, PSModulePath, and --module-path, each checked for installed versions, plus the
 * retired EXO V1 module on Windows. The search reads folders through an injected reader; describing it
 * is pure. The answer that counts stays Get-Module -ListAvailable in the session (locate-module.ps1):
 * this explains a "not found", for instance a module installed for the other PowerShell edition, or left
 * in a Documents folder that OneDrive has since redirected.
 */
import type { ModuleFolder, Platform, PowerShellEdition } from '../platform/index.js';
import { type DirectoryReader, fileSystemReader, findLegacyModule, type LegacyModule } from './legacy-finder.js';
import { compareVersions } from './versions.js';

export const moduleName = 'ExchangeOnlineManagement';

/** A version folder (`3.9.2`) of an installed module. */
const versionFolder = /^\d+(?:\.\d+){1,3}$/;

export interface SearchedFolder {
  path: string;
  /** Why it was searched: a usual install folder, an entry of PSModulePath, or a --module-path. */
  source: 'default' | 'PSModulePath' | 'module-path';
  /** Install-Module's scope for a usual folder. */
  scope?: ModuleFolder['scope'];
  /** Editions that search the folder: all of them for PSModulePath and --module-path entries. */
  searchedBy: readonly PowerShellEdition[];
  note?: string;
  exists: boolean;
  /** ExchangeOnlineManagement versions installed here (version folders holding the manifest). */
  versions: string[];
}

export interface ModuleSearch {
  folders: SearchedFolder[];
  /** The retired ClickOnce module (Windows only), when installed. */
  legacy?: LegacyModule;
}

export interface SearchModuleFoldersOptions {
  platform: Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** --module-path folders. */
  modulePath?: readonly string[];
  reader?: DirectoryReader;
}

const allEditions: readonly PowerShellEdition[] = ['Desktop', 'Core'];

/** Checks each folder where the module may be installed, in search order, without duplicates. */
export async function searchModuleFolders(options: SearchModuleFoldersOptions): Promise<ModuleSearch> {
  const { platform, env } = options;
  const reader = options.reader ?? fileSystemReader;
  const candidates: Array<Omit<SearchedFolder, 'exists' | 'versions'>> = [
    ...(options.modulePath ?? []).map((path) => ({ path, source: 'module-path' as const, searchedBy: allEditions })),
    ...(await platform.moduleSearchFolders(env)).map((folder) => ({ ...folder, source: 'default' as const })),
    ...(env.PSModulePath ?? '')
      .split(platform.pathDelimiter)
      .filter((path) => path.trim() !== '')
      .map((path) => ({ path, source: 'PSModulePath' as const, searchedBy: allEditions })),
  ];
  const seen = new Set<string>();
  const folders: SearchedFolder[] = [];
  for (const candidate of candidates) {
    const key = folderKey(platform, candidate.path);
    if (seen.has(key)) continue;
    seen.add(key);
    folders.push({ ...candidate, ...(await installedVersions(platform, reader, candidate.path)) });
  }
  const legacy = await findLegacyModule({
    root: platform.legacyModuleRoot(env),
    reader,
    join: platform.joinPath,
  });
  return { folders, ...(legacy ? { legacy } : {}) };
}

/** Lines that say where the module was looked for and what was found, for the PowerShell in use. */
export function describeModuleSearch(search: ModuleSearch, edition: PowerShellEdition): string[] {
  const lines = [`Looked for ${moduleName} in:`];
  for (const folder of search.folders) {
    lines.push(`  ${folder.path} (${describeSource(folder)}): ${describeFinding(folder, edition)}`);
    if (folder.note && folder.versions.length > 0) lines.push(`    ${folder.note}`);
  }
  if (search.legacy) {
    lines.push(
      `Found the retired Exchange Online Remote PowerShell module (EXO V1, ${search.legacy.version}) in ${search.legacy.folder}.`,
      `It stopped working on 2022-12-31; install ${moduleName} v3 instead: Install-Module ${moduleName} -Scope CurrentUser`,
    );
  }
  return lines;
}

export function editionName(edition: PowerShellEdition): string {
  return edition === 'Desktop' ? 'Windows PowerShell 5.1' : 'PowerShell 7';
}

function describeSource(folder: SearchedFolder): string {
  if (folder.source === 'PSModulePath') return 'from PSModulePath';
  if (folder.source === 'module-path') return 'from --module-path';
  const editions = folder.searchedBy.map(editionName).join(' and ') || 'no PowerShell';
  return `${folder.scope}, searched by ${editions}`;
}

function describeFinding(folder: SearchedFolder, edition: PowerShellEdition): string {
  if (!folder.exists) return 'no such folder';
  if (folder.versions.length === 0) return `no ${moduleName}`;
  const found = `${moduleName} ${folder.versions.join(', ')}`;
  if (folder.searchedBy.includes(edition)) return found;
  return `${found}, but ${editionName(edition)} does not look here`;
}

async function installedVersions(
  platform: Platform,
  reader: DirectoryReader,
  folder: string,
): Promise<{ exists: boolean; versions: string[] }> {
  const entries = await reader.list(folder);
  if (!entries) return { exists: false, versions: [] };
  const moduleEntry = entries.find(
    (entry) => entry.isDirectory && entry.name.toLowerCase() === moduleName.toLowerCase(),
  );
  if (!moduleEntry) return { exists: true, versions: [] };
  const moduleFolder = platform.joinPath(folder, moduleEntry.name);
  const versions: string[] = [];
  for (const entry of (await reader.list(moduleFolder)) ?? []) {
    if (!entry.isDirectory || !versionFolder.test(entry.name)) continue;
    const files = (await reader.list(platform.joinPath(moduleFolder, entry.name))) ?? [];
    const manifest = `${moduleName}.psd1`.toLowerCase();
    if (files.some((file) => !file.isDirectory && file.name.toLowerCase() === manifest)) versions.push(entry.name);
  }
  return { exists: true, versions: versions.sort((a, b) => compareVersions(b, a)) };
}

/** Windows paths compare without case and without a trailing separator. */
function folderKey(platform: Platform, path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return platform.name === 'windows' ? trimmed.replace(/\//g, '\\').toLowerCase() : trimmed;
}
