import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { expectAllGone, expectNoCrash, expectPromptExit, runCliWatched, type WatchedCliRun } from './helpers.js';

/** The flood: the stand-in's connect first writes this many MiB of numbered 100-byte lines (Write-Host). */
const floodMiB = 100;
/**
 * The connect may take this long (--timeout): the run is bounded for the suite, and it ends either way —
 * connected (the whole flood read) or TIMEOUT — which are the two clean outcomes.
 */
const connectTimeoutS = 10;
/**
 * A hard ceiling for the CLI's resident memory: a quarter of V8's default heap limit here (~4 GiB). Above it
 * a longer flood would end in "JavaScript heap out of memory". The current build stays under it only because
 * the timeout stops the flood; see the bound below for what a streaming session should meet.
 */
const crashCeilingMiB = 1024;
/**
 * The bound a streaming session should meet, whatever the flood's size: an idle CLI is ~100 MiB (Node,
 * xterm's 5,000-row buffer, msal); the connect command's own lines, which the host keeps (~1.3 bytes per
 * byte of output), add what was printed before the timeout. A build with the fixes in the issue 6 report
 * measured 184 MiB after 15 s of it; 400 MiB leaves room for a loaded machine while catching a per-line leak.
 */
const streamingBoundMiB = 400;
/** How soon after the timeout fires the CLI should have cleaned up and exited (Ctrl+C, disconnect, exit). */
const afterTimeoutMs = 5_000;

describe.skipIf(skipWithoutPwsh)(`faults: a ${floodMiB} MiB output flood during connect`, () => {
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

  it(`keeps the CLI's peak RSS under ${crashCeilingMiB} MiB (sampled from VmHWM every 100 ms)`, () => {
    expect(run.peakRssMiB).toBeDefined();
    expect(run.peakRssMiB!).toBeLessThan(crashCeilingMiB);
  });

  // KNOWN PRODUCT BUG (issue 6 report): the host queues every pty chunk behind the previous one's
  // xterm write (one setTimeout each), without flow control, so a flood piles up in memory and is worked
  // off long after PowerShell has printed it; every line it keeps is a V8 rope of ~3 KB (xterm builds it
  // a character at a time). Measured with the current build: ~10 s from the timeout to the exit, ~435 MiB peak (with a 20 s timeout: 25 s, 795 MiB). Remove `.fails`
  // once PowerShellHost parses pty data as it arrives (and flattens the lines it keeps).
  it.fails(`stays streaming: exits within ${afterTimeoutMs} ms of the timeout, peak RSS under ${streamingBoundMiB} MiB`, () => {
    const timeoutFiredAt = connectingAt + connectTimeoutS * 1000;
    expect(run.exitedAt - timeoutFiredAt).toBeLessThan(afterTimeoutMs);
    expect(run.peakRssMiB!).toBeLessThan(streamingBoundMiB);
  });
});
