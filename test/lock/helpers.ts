import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { accountKey } from '../../src/lock/paths.js';
import { formatSlotRecord, type SlotRecord } from '../../src/lock/slot-file.js';

/** A fresh slot root per test, removed afterwards. */
export function useTempRoot(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((path) => rm(path, { recursive: true, force: true })));
  });
  return async () => {
    const path = await mkdtemp(join(tmpdir(), 'ippsconnect-lock-test-'));
    made.push(path);
    return path;
  };
}

/** The pid of a process that has run and been reaped: nothing runs under it now (barring fast recycling). */
export function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }),
  );
}

export function fakeRecord(fields: Partial<SlotRecord> = {}): SlotRecord {
  return {
    token: `fabricated-${Math.random()}`,
    pid: process.pid,
    startedAt: null,
    hostname: hostname(),
    acquiredAt: new Date().toISOString(),
    ...fields,
  };
}

/** Writes a slot file as if some process held slot `slot` of `account`; returns the account folder. */
export async function plantSlotFile(root: string, account: string, slot: number, record: SlotRecord | string) {
  const { mkdir } = await import('node:fs/promises');
  const directory = join(root, accountKey(account));
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, `slot-${slot}.lock`), typeof record === 'string' ? record : formatSlotRecord(record));
  return directory;
}
