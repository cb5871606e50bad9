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

const child = fileURLToPath(new URL('./session-child.mjs', import.meta.url));
/** The heap cap of the second run of each size. */
export const cappedHeapMiB = 64;

export async function benchSessionOutput({ sizesMib, log }) {
  const pwsh = benchPwsh();
  const runs = [];
  for (const size of sizesMib) {
    const bare = await barePwshFlood(pwsh, size);
    const ours = JSON.parse(execFileSync(process.execPath, [child, String(size)], { encoding: 'utf8' }).trim());
    const capped = runCapped(size);
    runs.push({ ...ours, bareSeconds: bare, ratio: Number((ours.seconds / bare).toFixed(2)), capped });
    const cappedText = capped.completed ? `completed, peak RSS ${capped.rssPeakMb} MiB` : 'ran out of memory';
    log(
      `  session output ${size} MiB: ${ours.mibPerSecond} MiB/s (bare pwsh ${(size / bare).toFixed(1)} MiB/s), ` +
        `peak RSS ${ours.rssPeakMb} MiB; with a ${cappedHeapMiB} MiB heap: ${cappedText}`,
    );
  }
  return {
    name: 'session-output',
    description:
      'flood:<MiB> during connect, read by a live session (fresh process per size); ratio = session time / bare pwsh time',
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
