/**
 * msal token cache plugins. The file plugin keeps refresh and access tokens on disk for the next run, so
 * it treats the file like an SSH key: created 0600, and refused when others may read it (POSIX), because
 * a token someone else could read is a token someone else may already have used.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { IppsConnectError } from '../errors.js';

const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;
const GROUP_OR_OTHER = 0o077;

export interface FileCacheOptions {
  /** Windows has no POSIX modes (its AppData folder is private by ACL), so the mode checks are skipped. */
  platform: 'windows' | 'posix';
}

/** A cache plugin that reads `cachePath` before msal looks up tokens and writes it after msal changed any. */
export function fileCachePlugin(cachePath: string, options: FileCacheOptions): ICachePlugin {
  const posix = options.platform === 'posix';
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const text = await readPrivateFile(cachePath, posix);
      // An unreadable (e.g. half-written by an old version) cache is only a cache: start empty, overwrite later.
      if (text !== undefined && isJson(text)) context.tokenCache.deserialize(text);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await writePrivateFile(cachePath, context.tokenCache.serialize(), posix);
    },
  };
}

/** A cache plugin that keeps the serialized cache in memory: reuse one instance to share tokens in-process. */
export function memoryCachePlugin(): ICachePlugin {
  let saved: string | undefined;
  return {
    async beforeCacheAccess(context) {
      if (saved !== undefined) context.tokenCache.deserialize(saved);
    },
    async afterCacheAccess(context) {
      if (context.cacheHasChanged) saved = context.tokenCache.serialize();
    },
  };
}

async function readPrivateFile(file: string, posix: boolean): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cacheError(`cannot read the token cache ${file}`, 'check the file’s owner and permissions', error);
  }
  try {
    // Checked on the open handle, so the file cannot be swapped between the check and the read.
    const { mode } = await handle.stat();
    if (posix && (mode & GROUP_OR_OTHER) !== 0) {
      const shown = (mode & 0o777).toString(8).padStart(4, '0');
      throw cacheError(
        `the token cache ${file} is readable by other users (mode ${shown}); it was not read`,
        `chmod 600 '${file}' (or delete it: it only holds cached tokens)`,
      );
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Writes a sibling temporary file with mode 0600 and renames it over the cache: readers never see half a file. */
async function writePrivateFile(file: string, text: string, posix: boolean): Promise<void> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
    const handle = await open(temporary, 'wx', FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      // open()'s mode passes through the umask, which can only narrow it; this also catches file systems
      // that ignore it. Re-chmod whenever the result is looser than 0600.
      if (posix && ((await handle.stat()).mode & GROUP_OR_OTHER) !== 0) await chmod(temporary, FILE_MODE);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw cacheError(`cannot write the token cache ${file}`, 'check that its folder is writable by you', error);
  }
}

function cacheError(message: string, fix: string, cause?: unknown): IppsConnectError {
  return new IppsConnectError(message, { code: 'INVALID_INPUT', field: 'tokenCachePath', fix, cause });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
