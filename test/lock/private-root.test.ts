import { lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IppsConnectError } from '../../src/errors.js';
import { acquireSessionSlot } from '../../src/lock/index.js';
import { useTempRoot } from './helpers.js';

const userTag = String(process.getuid?.() ?? '');

/** The default root sits in the shared temp dir: another local user may have planted its per-user folder. */
describe.skipIf(process.platform === 'win32')('the per-user lock folder in the shared temp dir', () => {
  const tempRoot = useTempRoot();
  let sharedTemp: string;
  const savedTmpdir = process.env.TMPDIR;
  beforeEach(async () => {
    sharedTemp = await tempRoot();
    process.env.TMPDIR = sharedTemp;
  });
  afterEach(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  });

  const acquire = () => acquireSessionSlot({ account: 'job@contoso.com', limit: 1, waitMs: 0 });

  async function refusal(): Promise<IppsConnectError> {
    const error = await acquire().then(
      (slot) => {
        void slot.release();
        return undefined;
      },
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(IppsConnectError);
    return error as IppsConnectError;
  }

  it('creates it with mode 0700 when it is missing, and takes a slot', async () => {
    const slot = await acquire();
    await slot.release();
    const info = lstatSync(join(sharedTemp, `ippsconnect-${userTag}`));
    expect(info.isDirectory()).toBe(true);
    expect(info.mode & 0o777).toBe(0o700);
  });

  it('refuses a planted symlink without following it, as an environment error with a fix the user can apply', async () => {
    const elsewhere = join(sharedTemp, 'attacker-owned');
    mkdirSync(elsewhere, { mode: 0o777 });
    symlinkSync(elsewhere, join(sharedTemp, `ippsconnect-${userTag}`));
    const error = await refusal();
    expect(error.code).toBe('UNSAFE_LOCK_DIRECTORY');
    expect(error.message).toContain(join(sharedTemp, `ippsconnect-${userTag}`));
    expect(error.fix).toMatch(/IPPSCONNECT_LOCK_DIR/);
    // Nothing was created through the link.
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a planted folder others may write to (mode 0777)', async () => {
    const planted = join(sharedTemp, `ippsconnect-${userTag}`);
    mkdirSync(planted);
    // mkdir applies the umask; chmod sets the mode another user would have left.
    const { chmodSync } = await import('node:fs');
    chmodSync(planted, 0o777);
    const error = await refusal();
    expect(error.code).toBe('UNSAFE_LOCK_DIRECTORY');
    expect(readdirSync(planted)).toEqual([]);
  });
});
