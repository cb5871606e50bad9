import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createProcessProbe, isStale, type ProcessProbe, parseProcStat } from '../../src/lock/liveness.js';
import { deadPid, fakeRecord } from './helpers.js';

const hasProc = existsSync('/proc/self/stat');

function fakeProbe(processes: Record<number, string | null>): ProcessProbe {
  return {
    hostname: hostname(),
    inspect: async (pid) =>
      pid in processes ? { running: true, startedAt: processes[pid] ?? null } : { running: false },
  };
}

describe('parseProcStat', () => {
  it('reads state and start time, even when the command name holds spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21';
    expect(parseProcStat(`4242 (node) ${rest}`)).toEqual({ state: 'S', startTicks: '987654' });
    expect(parseProcStat(`4242 (a) (b c)) ${rest}`)).toEqual({ state: 'S', startTicks: '987654' });
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('isStale', () => {
  it('keeps a holder whose pid runs with the recorded start time', async () => {
    expect(await isStale(fakeRecord({ pid: 10, startedAt: 'linux:b:1' }), fakeProbe({ 10: 'linux:b:1' }))).toBe(false);
  });

  it('reclaims a recycled pid: alive, but started at another time', async () => {
    expect(await isStale(fakeRecord({ pid: 10, startedAt: 'linux:b:1' }), fakeProbe({ 10: 'linux:b:2' }))).toBe(true);
  });

  it('reclaims a holder whose pid no longer runs', async () => {
    expect(await isStale(fakeRecord({ pid: 10, startedAt: null }), fakeProbe({}))).toBe(true);
  });

  it('falls back to pid liveness without start times (and then trusts a live pid)', async () => {
    expect(await isStale(fakeRecord({ pid: 10, startedAt: null }), fakeProbe({ 10: 'linux:b:2' }))).toBe(false);
    expect(await isStale(fakeRecord({ pid: 10, startedAt: 'linux:b:1' }), fakeProbe({ 10: null }))).toBe(false);
  });

  it('never reclaims a holder on another host, and always a file without a record', async () => {
    expect(await isStale(fakeRecord({ pid: 10, hostname: 'elsewhere' }), fakeProbe({}))).toBe(false);
    expect(await isStale(undefined, fakeProbe({}))).toBe(true);
  });
});

describe.runIf(hasProc)('the real probe on Linux', () => {
  const probe = createProcessProbe();

  it('identifies this process by boot id and start time, the same way every time', async () => {
    const first = await probe.inspect(process.pid);
    expect(first).toEqual({ running: true, startedAt: expect.stringMatching(/^linux:[0-9a-f-]+:\d+$/) });
    expect(await probe.inspect(process.pid)).toEqual(first);
  });

  it('sees a reaped pid as not running', async () => {
    expect(await probe.inspect(deadPid())).toEqual({ running: false });
  });

  it('treats a live pid with another start time as a recycled pid', async () => {
    const self = await probe.inspect(process.pid);
    const startedAt = self.running ? `${self.startedAt}1` : 'x';
    expect(await isStale(fakeRecord({ pid: process.pid, startedAt }), probe)).toBe(true);
    expect(
      await isStale(fakeRecord({ pid: process.pid, startedAt: self.running ? self.startedAt : null }), probe),
    ).toBe(false);
  });
});
