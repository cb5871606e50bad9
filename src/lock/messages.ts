import { IppsConnectError } from '../errors.js';

/** Every error the slot lock raises, built in one place so the wording stays consistent. */

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function slotWaitTimedOut(account: string, limit: number, waitedMs: number): IppsConnectError {
  const which = limit === 1 ? 'The only session slot' : `All ${limit} session slots`;
  return new IppsConnectError(`${which} for ${account} stayed busy for ${seconds(waitedMs)}.`, {
    code: 'TIMEOUT',
    fix:
      'Other jobs of this account hold its sessions. Raise --max-sessions if the tenant allows 5 concurrent ' +
      'sessions, or space the jobs out so that fewer run at once (or wait longer for a slot).',
    retryable: true,
  });
}

export function slotWaitCancelled(account: string, reason: unknown): IppsConnectError {
  return new IppsConnectError(`Cancelled while waiting for a session slot for ${account}.`, {
    code: 'CANCELLED',
    fix: 'Nothing to fix: the wait was cancelled on request.',
    cause: reason,
  });
}

export function invalidSlotOption(field: string, expected: string, value: unknown): IppsConnectError {
  return new IppsConnectError(`${field} must be ${expected}, got ${String(value)}.`, {
    code: 'INVALID_INPUT',
    fix: `Pass ${field} as ${expected}.`,
    field,
  });
}

export function lockDirectoryNotPrivate(path: string, problem: string): IppsConnectError {
  return new IppsConnectError(`The session slot folder ${path} is not private to this user: ${problem}.`, {
    code: 'UNSAFE_LOCK_DIRECTORY',
    fix:
      'Another local user may have created it in the shared temp dir. Set IPPSCONNECT_LOCK_DIR to a folder of ' +
      'your own (every job of the account must use the same one), or have it removed (it is not yours if ' +
      'another user owns it: ask an administrator).',
  });
}

export function slotFileSystemFailed(directory: string, cause: unknown): IppsConnectError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new IppsConnectError(`The session slot files in ${directory} could not be used: ${detail}`, {
    code: 'INTERNAL',
    fix: 'Use a local directory you can write to, on a file system with hard links (not FAT or some shares).',
    cause,
  });
}
