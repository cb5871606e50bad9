import { win32 } from 'node:path';
import type { DirectoryEntry, DirectoryReader } from '../../src/module/legacy-finder.js';

/**
 * A Windows file tree in memory: give it file paths (folders are implied; a path ending in `\` is an
 * empty folder) and, optionally, modification times by folder. Names compare case-insensitively, like
 * NTFS, and are listed as spelled. Records every folder listed.
 */
export function fakeTree(paths: readonly string[], modified: Readonly<Record<string, number>> = {}) {
  const folders = new Map<string, Map<string, DirectoryEntry>>();
  const key = (path: string) => win32.normalize(path).replace(/\\$/, '').toLowerCase();
  const folder = (path: string) => {
    const existing = folders.get(key(path));
    if (existing) return existing;
    const entries = new Map<string, DirectoryEntry>();
    folders.set(key(path), entries);
    return entries;
  };
  for (const path of paths) {
    const isFolder = path.endsWith('\\');
    let current = win32.normalize(path).replace(/\\$/, '');
    if (isFolder) folder(current);
    let isDirectory = isFolder;
    for (let parent = win32.dirname(current); parent !== current; parent = win32.dirname(parent)) {
      folder(parent).set(win32.basename(current).toLowerCase(), { name: win32.basename(current), isDirectory });
      isDirectory = true;
      current = parent;
    }
  }
  const listed: string[] = [];
  const reader: DirectoryReader = {
    async list(path) {
      listed.push(path);
      const entries = folders.get(key(path));
      return entries ? [...entries.values()] : undefined;
    },
    async modifiedMs(path) {
      const match = Object.entries(modified).find(([folderPath]) => key(folderPath) === key(path));
      return match?.[1];
    },
  };
  return { reader, listed };
}
