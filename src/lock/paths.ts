import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { lockDirectoryNotPrivate } from './messages.js';

/**
 * Where the slot files live. Layout under a root directory:
 *
 *   <root>/<account key>/slot-<n>.lock     held slot n (n = 0 .. limit-1), JSON SlotRecord
 *   <root>/<account key>/slot-<n>.reclaim  hard link to slot-<n>.lock while one process reclaims it
 *   <root>/<account key>/.<token>.tmp      a record being written, hard-linked into place when complete
 */

/** `Admin@Contoso.com ` and `admin@contoso.com` are one account with one set of slots. */
export function normalizeAccount(account: string): string {
  return account.trim().toLowerCase();
}

/** A file-name-safe key for an account (the UPN or app id never appears in a path). */
export function accountKey(account: string): string {
  return createHash('sha256').update(normalizeAccount(account)).digest('hex').slice(0, 32);
}

/**
 * The default root: `<OS temp dir>/ippsconnect-<uid or user name>/session-slots`. The OS temp dir is
 * per user on Windows (%LOCALAPPDATA%\Temp) and macOS ($TMPDIR), and shared on Linux (/tmp), hence the
 * user in the name and the ownership check in `prepareSlotDirectory`. It is emptied at boot on most
 * systems, when every holder is gone anyway.
 */
export function defaultSlotRoot(): string {
  return join(tmpdir(), `ippsconnect-${currentUserTag()}`, 'session-slots');
}

function currentUserTag(): string {
  const uid = process.getuid?.();
  if (uid !== undefined) return String(uid);
  try {
    return userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_');
  } catch {
    return 'user';
  }
}

export const slotPath = (directory: string, slot: number) => join(directory, `slot-${slot}.lock`);
export const markerPath = (directory: string, slot: number) => join(directory, `slot-${slot}.reclaim`);
export const tempPath = (directory: string, token: string) => join(directory, `.${token}.tmp`);
export const isTempName = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

/**
 * Creates `<root>/<account key>` (mode 0700). With `requireOwned` (the default root, whose parent
 * `ippsconnect-<uid>` sits in a shared temp dir such as /tmp) the parent and the root are each created
 * on their own, never through a link, and each must then be a real directory owned by this user that
 * nobody else may write to: another local user could otherwise plant the folder (or a link to one of
 * theirs) and move or share the slots.
 */
export async function prepareSlotDirectory(root: string, account: string, requireOwned: boolean): Promise<string> {
  if (requireOwned) {
    await makePrivateDirectory(dirname(root));
    await makePrivateDirectory(root);
  } else {
    await mkdir(root, { recursive: true, mode: 0o700 });
  }
  const directory = join(root, accountKey(account));
  await mkdir(directory, { recursive: true, mode: 0o700 });
  return directory;
}

/**
 * mkdir without `recursive`: it fails with EEXIST on anything already there (a planted link included)
 * instead of following it; `lstat` then judges what is there without following a link either.
 */
async function makePrivateDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await lstat(path);
  if (info.isSymbolicLink()) throw lockDirectoryNotPrivate(path, 'it is a symbolic link');
  if (!info.isDirectory()) throw lockDirectoryNotPrivate(path, 'it is not a folder');
  const uid = process.getuid?.();
  // Windows has no uid and no POSIX modes; its temp dir is per user anyway.
  if (uid === undefined) return;
  if (info.uid !== uid) throw lockDirectoryNotPrivate(path, `it belongs to user id ${info.uid}`);
  if ((info.mode & 0o077) !== 0) {
    throw lockDirectoryNotPrivate(path, `others may use it (mode ${(info.mode & 0o777).toString(8)}, not 700)`);
  }
}
