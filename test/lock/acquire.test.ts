import { existsSync } from 'node:fs';
import { link, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { IppsConnectError } from '../../src/errors.js';
import { acquireSessionSlotWith, type SlotLockDeps } from '../../src/lock/acquire.js';
import { acquireSessionSlot } from '../../src/lock/index.js';
import { createProcessProbe } from '../../src/lock/liveness.js';
import { accountKey, defaultSlotRoot, prepareSlotDirectory } from '../../src/lock/paths.js';
import { reclaimSlot } from '../../src/lock/reclaim.js';
import { formatSlotRecord, parseSlotRecord } from '../../src/lock/slot-file.js';
import { deadPid, fakeRecord, plantSlotFile, useTempRoot } from './helpers.js';

const account = 'Jobs@Contoso.com';
const tempRoot = useTempRoot();

async function failure(promise: Promise<unknown>): Promise<IppsConnectError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IppsConnectError);
  return error as IppsConnectError;
}

const slotFiles = async (directory: string) => (await readdir(directory)).filter((name) => name.endsWith('.lock'));

describe('acquireSessionSlot in one process', () => {
  it('hands out at most `limit` slots per account, and counts accounts apart', async () => {
    const directory = await tempRoot();
    const held = await Promise.all([0, 1, 2].map(() => acquireSessionSlot({ account, directory, waitMs: 0 })));
    expect(held.map((slot) => slot.slot).sort()).toEqual([0, 1, 2]);
    const error = await failure(acquireSessionSlot({ account: 'jobs@contoso.com', directory, waitMs: 0 }));
    expect(error.code).toBe('TIMEOUT');
    const other = await acquireSessionSlot({ account: 'other@contoso.com', directory, waitMs: 0 });
    await Promise.all([...held, other].map((slot) => slot.release()));
  });

  it('gives exactly `limit` of many simultaneous requests a slot (link is exclusive)', async () => {
    const directory = await tempRoot();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => acquireSessionSlot({ account, directory, limit: 3, waitMs: 0 })),
    );
    const taken = results.filter((result) => result.status === 'fulfilled');
    expect(taken).toHaveLength(3);
    for (const result of taken) await result.value.release();
  });

  it('times out with TIMEOUT, saying how many slots stayed busy for how long, and how to fix it', async () => {
    const directory = await tempRoot();
    const held = await acquireSessionSlot({ account, directory, limit: 2, waitMs: 0 });
    const other = await acquireSessionSlot({ account, directory, limit: 2, waitMs: 0 });
    const started = Date.now();
    const error = await failure(acquireSessionSlot({ account, directory, limit: 2, waitMs: 300, pollMs: 50 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('All 2 session slots for jobs@contoso.com stayed busy for 0.3 s.');
    expect(error.fix).toMatch(/--max-sessions.*5.*space the jobs/);
    expect(error.retryable).toBe(true);
    await held.release();
    await other.release();
  });

  it('waits for a slot to be released, telling onWait once who holds them', async () => {
    const directory = await tempRoot();
    const held = await acquireSessionSlot({ account, directory, limit: 1, waitMs: 0 });
    const waits: unknown[] = [];
    const waiting = acquireSessionSlot({
      account,
      directory,
      limit: 1,
      waitMs: 10_000,
      pollMs: 20,
      onWait: (info) => waits.push(info),
    });
    await sleep(150);
    await held.release();
    const slot = await waiting;
    expect(slot.slot).toBe(0);
    expect(waits).toEqual([
      {
        holders: 1,
        limit: 1,
        busy: [{ slot: 0, pid: process.pid, hostname: expect.any(String), acquiredAt: expect.any(String) }],
      },
    ]);
    await slot.release();
  });

  it('cancels the wait with CANCELLED when the signal aborts, and at once when it already has', async () => {
    const directory = await tempRoot();
    const held = await acquireSessionSlot({ account, directory, limit: 1, waitMs: 0 });
    const controller = new AbortController();
    const waiting = acquireSessionSlot({ account, directory, limit: 1, waitMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 100);
    const error = await failure(waiting);
    expect(error.code).toBe('CANCELLED');
    expect((error.cause as Error).message).toBe('stop');
    const before = await failure(acquireSessionSlot({ account, directory, waitMs: 0, signal: AbortSignal.abort() }));
    expect(before.code).toBe('CANCELLED');
    await held.release();
  });

  it('releases idempotently, and a late release never removes the next holder', async () => {
    const directory = await tempRoot();
    const first = await acquireSessionSlot({ account, directory, limit: 1, waitMs: 0 });
    await first.release();
    await first.release();
    const second = await acquireSessionSlot({ account, directory, limit: 1, waitMs: 0 });
    await first.release();
    expect(existsSync(second.path)).toBe(true);
    await second.release();
    expect(await slotFiles(join(directory, accountKey(account)))).toEqual([]);
  });

  it('keeps the default root per user, and refuses one that is not a real directory of this user', async () => {
    const uid = process.getuid?.();
    if (uid !== undefined) expect(defaultSlotRoot()).toBe(join(tmpdir(), `ippsconnect-${uid}`, 'session-slots'));
    const elsewhere = await tempRoot();
    const planted = join(await tempRoot(), 'planted');
    await symlink(elsewhere, planted);
    const error = await failure(prepareSlotDirectory(planted, account, true));
    // An environment problem the user can fix (IPPSCONNECT_LOCK_DIR), not a bug (was INTERNAL).
    expect(error.code).toBe('UNSAFE_LOCK_DIRECTORY');
    expect(error.message).toContain('is a symbolic link');
    await expect(prepareSlotDirectory(planted, account, false)).resolves.toContain(accountKey(account));
  });

  it('rejects bad options with INVALID_INPUT naming the field', async () => {
    const cases = [
      { account: '  ', waitMs: 0 },
      { account, limit: 0, waitMs: 0 },
      { account, limit: 1.5, waitMs: 0 },
      { account, waitMs: -1 },
      { account, waitMs: Number.NaN },
      { account, waitMs: 0, pollMs: 0 },
    ];
    const fields = [];
    for (const options of cases) fields.push((await failure(acquireSessionSlot(options))).field);
    expect(fields).toEqual(['account', 'limit', 'limit', 'waitMs', 'waitMs', 'pollMs']);
  });
});

describe('reclaiming the slots of holders that are gone', () => {
  it('reclaims a slot whose holder pid no longer runs', async () => {
    const root = await tempRoot();
    await plantSlotFile(root, account, 0, fakeRecord({ pid: deadPid() }));
    const slot = await acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 });
    expect(parseSlotRecord(await readFile(slot.path, 'utf8'))?.pid).toBe(process.pid);
    await slot.release();
  });

  it.runIf(existsSync('/proc/self/stat'))('reclaims a slot whose pid is alive but was recycled', async () => {
    const root = await tempRoot();
    // This very process's pid, but "started" at another time: another process once had this pid.
    const self = await createProcessProbe().inspect(process.pid);
    const startedAt = self.running ? `${self.startedAt}0` : null;
    await plantSlotFile(root, account, 0, fakeRecord({ pid: process.pid, startedAt }));
    const slot = await acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 });
    await slot.release();
  });

  it('keeps a slot whose holder runs (this process, as recorded)', async () => {
    const root = await tempRoot();
    const self = await createProcessProbe().inspect(process.pid);
    const startedAt = self.running ? self.startedAt : null;
    await plantSlotFile(root, account, 0, fakeRecord({ pid: process.pid, startedAt }));
    expect((await failure(acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 }))).code).toBe('TIMEOUT');
  });

  it('reclaims a slot file that holds no record', async () => {
    const root = await tempRoot();
    await plantSlotFile(root, account, 0, '');
    const slot = await acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 });
    await slot.release();
  });

  it('lets exactly one of many simultaneous waiters take a reclaimed slot', async () => {
    for (let round = 0; round < 5; round++) {
      const root = await tempRoot();
      await plantSlotFile(root, account, 0, fakeRecord({ pid: deadPid() }));
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, () => acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 })),
      );
      const taken = results.filter((result) => result.status === 'fulfilled');
      expect(taken).toHaveLength(1);
      await taken[0]?.value.release();
    }
  });

  it('never removes a live holder, even when asked on the strength of an old judgement (the ABA race)', async () => {
    // B read a dead holder's file; meanwhile C reclaimed it and took the slot. B's reclaim must leave C's file.
    const root = await tempRoot();
    const self = await createProcessProbe().inspect(process.pid);
    const live = fakeRecord({ pid: process.pid, startedAt: self.running ? self.startedAt : null });
    const directory = await plantSlotFile(root, account, 0, live);
    const context = { probe: createProcessProbe(), now: Date.now, markerGraceMs: 10_000 };
    const slot = join(directory, 'slot-0.lock');
    const marker = join(directory, 'slot-0.reclaim');
    expect(await reclaimSlot(slot, marker, context)).toBe('busy');
    expect(parseSlotRecord(await readFile(slot, 'utf8'))?.token).toBe(live.token);
    expect(existsSync(marker)).toBe(false);
  });

  it('backs off while another process reclaims, and clears a marker its reclaimer left behind', async () => {
    const root = await tempRoot();
    const directory = await plantSlotFile(root, account, 0, fakeRecord({ pid: deadPid() }));
    const marker = join(directory, 'slot-0.reclaim');
    await link(join(directory, 'slot-0.lock'), marker);
    const deps = (clockOffset: number): SlotLockDeps => ({
      probe: createProcessProbe(),
      now: () => Date.now() + clockOffset,
      random: Math.random,
      sleep: (ms) => sleep(ms),
    });
    const options = { account, directory: root, limit: 1, waitMs: 0 };
    expect((await failure(acquireSessionSlotWith(options, deps(0)))).code).toBe('TIMEOUT');
    expect(existsSync(marker)).toBe(true);
    // 60 s later the marker is plainly abandoned: removed, and the slot reclaimed in the same round.
    const slot = await acquireSessionSlotWith(options, deps(60_000));
    expect(existsSync(marker)).toBe(false);
    await slot.release();
  });

  it('removes temp records left by a process that died while writing one', async () => {
    const root = await tempRoot();
    const directory = await plantSlotFile(root, account, 1, fakeRecord({ pid: process.pid }));
    const old = join(directory, '.leftover.tmp');
    const fresh = join(directory, '.fresh.tmp');
    await writeFile(old, formatSlotRecord(fakeRecord()));
    await writeFile(fresh, formatSlotRecord(fakeRecord()));
    const past = new Date(Date.now() - 120_000);
    await utimes(old, past, past);
    const slot = await acquireSessionSlot({ account, directory: root, limit: 1, waitMs: 0 });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    await slot.release();
  });
});
