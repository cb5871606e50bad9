import { forgetHeldSlot, rememberHeldSlot } from './exit-release.js';
import { slotFileSystemFailed } from './messages.js';
import { readSlotFile, unlinkIfPresent } from './slot-file.js';

/** A held session slot. */
export interface SessionSlot {
  /** The normalised account. */
  readonly account: string;
  /** Which slot, 0 .. limit-1. */
  readonly slot: number;
  /** The slot file. */
  readonly path: string;
  /** Frees the slot. Idempotent; never removes a file that is no longer this holder's. */
  release(): Promise<void>;
}

/** Wraps a slot file just taken (its record carries `token`) as a handle, freed on release or exit. */
export function holdSlot(account: string, slot: number, path: string, token: string): SessionSlot {
  rememberHeldSlot(token, path);
  let releasing: Promise<void> | undefined;
  const release = async () => {
    const file = await readSlotFile(path);
    // Only this holder removes its own live file (reclaimers remove dead holders' only), so no race here.
    if (file.kind === 'present' && file.record?.token === token) await unlinkIfPresent(path);
    forgetHeldSlot(token);
  };
  const releaseOnce = () => {
    releasing ??= release().catch((error: unknown) => {
      releasing = undefined; // let a later call try again; the exit handler still covers the file
      throw slotFileSystemFailed(path, error);
    });
    return releasing;
  };
  return { account, slot, path, release: releaseOnce };
}
