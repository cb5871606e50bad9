import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import {
  expectAllGone,
  expectNoCrash,
  expectPromptExit,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
  type WatchedCliRun,
} from './helpers.js';

/** The flood: the stand-in's connect first writes this many MiB of numbered 100-byte lines (Write-Host). */
const floodMiB = 100;
/**
 * The connect may take this long (--timeout): the run is bounded for the suite, and it ends either way —
 * connected (the whole flood read) or TIMEOUT — which are the two clean outcomes.
 */
const connectTimeoutS = 10;
/**
 * The CLI's peak resident memory must not depend on the flood's size. An idle CLI is ~100 MiB (Node, xterm's
 * 5,000-row buffer, msal); the host pauses the pty while more than 4 MB wait for the emulator and keeps the
 * last 10,000–20,000 lines of a command as flat strings (~2 MB). Measured here: 130 MiB. Before those fixes
 * the peak was 435 MiB within these 10 s and grew ~30 MiB per MiB of output; with backpressure but xterm's
 * ~3 KB ropes per kept line, 267–348 MiB. 256 MiB leaves room for GC slack and catches either coming back.
 */
const rssBoundMiB = 256;
/**
 * How soon after the timeout fires the CLI should have exited: Ctrl+C gets 3 s to bring the prompt back
 * (interruptTimeoutMs), then what is still queued for the emulator — at most the 4 MB backpressure
 * threshold, read at ~1 MiB/s — is worked off before cleanup ends. Measured: 0.6–3.6 s. Without
 * backpressure it was ~10 s (25 s with a 20 s timeout).
 */
const afterTimeoutMs = 8_000;

describe.skipIf(skipWithoutPwsh || linuxOnly)(`faults: a ${floodMiB} MiB output flood during connect`, () => {
  trackUnhandledRejections();
  let world: ReturnType<typeof standIn> | undefined;
  let run: WatchedCliRun;
  let connectingAt = 0;

  beforeAll(async () => {
    world = standIn(`flood:${floodMiB}`);
    run = await runCliWatched(
      [
        'connect',
        '--upn',
        'admin@contoso.onmicrosoft.com',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        '--attended',
        '--json',
        '--timeout',
        String(connectTimeoutS),
      ],
      { env: world.env, timeoutMs: 240_000 },
    );
    connectingAt = run.eventAt('phase:connecting') ?? 0;
    const timeoutAt = connectingAt + connectTimeoutS * 1000;
    console.info(
      `flood ${floodMiB} MiB: exit ${run.exitCode} at ${run.exitedAt} ms (${run.exitedAt - timeoutAt} ms after the timeout), ` +
        `${run.outputEvents} output events, peak RSS ${run.peakRssMiB} MiB`,
    );
  }, 250_000);
  afterAll(() => world?.dispose());

  it('ends cleanly: connected (exit 0) or TIMEOUT (exit 6), no crash, no process left, exits by itself', async () => {
    expectNoCrash(run);
    if (run.exitCode === 0) {
      expect(run.codes()).toEqual([]);
      expect(run.eventAt('connected')).toBeDefined();
    } else {
      expect(run.exitCode).toBe(6);
      expect(run.codes()).toEqual(['TIMEOUT']);
    }
    // The flood was read (numbered lines came through as output events) and the session closed.
    expect(run.outputEvents).toBeGreaterThan(10_000);
    expect(run.eventAt('phase:closed')).toBeDefined();
    expectPromptExit(run);
    await expectAllGone(run.pids);
  });

  it(`keeps the CLI's peak RSS under ${rssBoundMiB} MiB (sampled from VmHWM every 100 ms)`, () => {
    expect(run.peakRssMiB).toBeDefined();
    expect(run.peakRssMiB!).toBeLessThan(rssBoundMiB);
  });

  // Found by this test (issue 6): without backpressure the output piled up in memory faster than the
  // emulator read it (one setTimeout per chunk), and after the timeout the CLI spent ~10 s working off the
  // backlog before it could exit (25 s with a 20 s timeout).
  it(`exits within ${afterTimeoutMs} ms of the timeout (Ctrl+C, disconnect, exit), not after the backlog`, () => {
    const timeoutFiredAt = connectingAt + connectTimeoutS * 1000;
    expect(run.exitedAt - timeoutFiredAt).toBeLessThan(afterTimeoutMs);
  });
});
