/**
 * Extra figure — output through a live session: the stand-in's connect prints N MiB (flood:<N>) and the
 * whole path (pty → emulator → lines → transcript parser → events) reads it, in a fresh process per size
 * (session-child.mjs), against bare pwsh printing the same flood into a pipe Node reads and drops.
 * Shows the throughput a session sustains and whether its memory stays flat as the output grows. Peak RSS
 * of a free run follows V8's lazy collection, so each size also runs with the old-generation heap capped
 * at 64 MiB (--max-old-space-size): a session that keeps memory per line of output dies there.
 *
 * Both sides time the same span: from the moment Connect-IPPSSession is asked for to the moment it is
 * known to have connected. The session: its 'connecting' phase to its 'connected' event (which also
 * includes ippsconnect's own check of the connection). Bare pwsh: a marker printed right before
 * Connect-IPPSSession to a marker printed right after it. (Until 2026-12-06 the bare side ran from its
 * first byte of output — the first flood line, after the module's own work before the flood — to the
 * process's exit: it left out that work, which the session's span includes, and counted pwsh's exit.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchPwsh, standInEnvironment, standInManifest } from './lib/paths.mjs';
import { median } from './lib/stats.mjs';

const child = fileURLToPath(new URL('./session-child.mjs', import.meta.url));
/** The heap cap of the second run of each size. */
export const cappedHeapMiB = 64;

export async function benchSessionOutput({ sizesMib, log, pairs = 3 }) {
  const pwsh = benchPwsh();
  const runs = [];
  for (const size of sizesMib) {
    // Pairs of (bare, session) runs: one pair per size was at the mercy of the machine's drift (the same
    // build gave 2.12 and 1.79 at 10 MiB on two days); the figures are medians over the pairs.
    const measured = [];
    for (let pair = 0; pair < pairs; pair++) {
      const bare = await barePwshFlood(pwsh, size);
      const ours = JSON.parse(execFileSync(process.execPath, [child, String(size)], { encoding: 'utf8' }).trim());
      measured.push({ ...ours, bareSeconds: bare, ratio: ours.seconds / bare });
    }
    const middle = (key) => median(measured.map((run) => run[key]));
    const ours = {
      seconds: Number(middle('seconds').toFixed(2)),
      mibPerSecond: Number(middle('mibPerSecond').toFixed(2)),
      rssPeakMb: Math.max(...measured.map((run) => run.rssPeakMb)),
    };
    const bare = middle('bareSeconds');
    const capped = runCapped(size);
    runs.push({
      ...measured[0],
      ...ours,
      bareSeconds: Number(bare.toFixed(2)),
      ratio: Number(middle('ratio').toFixed(2)),
      ratios: measured.map((run) => Number(run.ratio.toFixed(2))),
      capped,
    });
    const cappedText = capped.completed ? `completed, peak RSS ${capped.rssPeakMb} MiB` : 'ran out of memory';
    log(
      `  session output ${size} MiB: ${ours.mibPerSecond} MiB/s (bare pwsh ${(size / bare).toFixed(1)} MiB/s), ` +
        `time / bare ${runs.at(-1).ratios.join(', ')} (median ${runs.at(-1).ratio}), peak RSS ${ours.rssPeakMb} MiB; ` +
        `with a ${cappedHeapMiB} MiB heap: ${cappedText}`,
    );
  }
  return {
    name: 'session-output',
    description:
      'flood:<MiB> during connect, read by a live session (fresh process per run); ratio = median over pairs of session time / bare pwsh time',
    runs,
    cappedHeapMiB,
    rssGrowthMiB: runs.at(-1).rssPeakMb - runs[0].rssPeakMb,
    meaning: `peak RSS at ${sizesMib.at(-1)} MiB minus peak RSS at ${sizesMib[0]} MiB of output`,
  };
}

/** The same session with the heap capped: completes (with its peak RSS), or dies out of memory. */
function runCapped(size) {
  try {
    const out = execFileSync(process.execPath, [`--max-old-space-size=${cappedHeapMiB}`, child, String(size)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const { rssPeakMb, seconds } = JSON.parse(out.trim());
    return { completed: true, rssPeakMb, seconds };
  } catch {
    return { completed: false };
  }
}

/**
 * Seconds bare pwsh takes to connect with the same flood, its output read from a pipe and dropped: from
 * the marker printed before Connect-IPPSSession to the one printed after it.
 */
function barePwshFlood(pwsh, size) {
  const script = `Import-Module '${standInManifest.replaceAll("'", "''")}'; 'connect-start-marker'; Connect-IPPSSession -UserPrincipalName admin@contoso.onmicrosoft.com -ShowBanner:$false; 'connected-marker'`;
  return new Promise((resolve, reject) => {
    const env = standInEnvironment({ IPPSCONNECT_STANDIN_SCENARIO: `flood:${size}` });
    const process_ = spawn(pwsh, ['-NoProfile', '-NonInteractive', '-Command', script], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let started;
    let connected;
    let tail = '';
    process_.stdout.setEncoding('utf8').on('data', (data) => {
      // The markers may be cut across reads: look in the end of what came before too.
      tail = (tail + data).slice(-64 - data.length);
      if (started === undefined && tail.includes('connect-start-marker')) started = performance.now();
      if (started !== undefined && tail.includes('connected-marker')) connected ??= performance.now();
      tail = tail.slice(-64);
    });
    process_.on('error', reject);
    process_.on('close', () => {
      if (started === undefined || connected === undefined) reject(new Error('bare pwsh flood did not connect'));
      else resolve((connected - started) / 1000);
    });
  });
}
