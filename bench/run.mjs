#!/usr/bin/env node
/**
 * `npm run bench` (after pwsh:setup and build): the three benchmarks of the built package, a table of
 * min / median / max, and the JSON in bench/results/<time>.json and bench/results/latest.json.
 *
 *   node bench/run.mjs [--quick] [--only connect,round-trip,parser,session-output,cli-start]
 *
 * Also `session-output` (an extra figure): a flood printed during connect, read by a live session.
 * --quick shrinks every benchmark (a smoke run, not figures to quote). Every ratio is against a baseline
 * measured in the same run, interleaved with it, so the machine's load affects both sides alike.
 * IPPSCONNECT_BENCH_DIST points the benchmarks at another build (e.g. a patched copy) to compare.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchCliStart } from './cli-start.mjs';
import { benchConnect } from './connect.mjs';
import { distDir, resultsDir } from './lib/paths.mjs';
import { formatTable } from './lib/stats.mjs';
import { benchParser } from './parser.mjs';
import { benchRoundTrip } from './round-trip.mjs';
import { benchSessionOutput } from './session-output.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((arg) => arg.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',')
  : ['connect', 'round-trip', 'parser', 'session-output', 'cli-start'];

const settings = quick
  ? {
      cliStartRuns: 3,
      connectRuns: 2,
      commands: 200,
      rounds: 1,
      sizesMib: [2, 4, 8],
      tableMib: 2,
      corpusRuns: 3,
      floodMib: [1, 2],
    }
  : {
      cliStartRuns: 15,
      connectRuns: 7,
      commands: 1000,
      rounds: 2,
      sizesMib: [25, 50, 100],
      tableMib: 10,
      corpusRuns: 10,
      floodMib: [5, 10],
    };

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const loadBefore = loadavg();
const suites = {};
if (only.includes('connect')) suites.connect = await benchConnect({ runs: settings.connectRuns, log });
if (only.includes('round-trip')) {
  suites.roundTrip = await benchRoundTrip({ commands: settings.commands, rounds: settings.rounds, log });
}
if (only.includes('parser')) {
  log(`parser: ${settings.sizesMib.join(' / ')} MiB of each kind, each in a fresh process`);
  suites.parser = await benchParser({ ...settings, log });
}
if (only.includes('session-output')) {
  log(`session output: flood of ${settings.floodMib.join(' / ')} MiB during connect, each in a fresh process`);
  suites.sessionOutput = await benchSessionOutput({ sizesMib: settings.floodMib, log });
}
if (only.includes('cli-start')) suites.cliStart = await benchCliStart({ runs: settings.cliStartRuns, log });
const seconds = Math.round((performance.now() - started) / 1000);

const report = {
  date: new Date().toISOString(),
  quick,
  durationSeconds: seconds,
  machine: {
    platform: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: { start: Number(loadBefore[0].toFixed(2)), end: Number(loadavg()[0].toFixed(2)) },
    dist: distDir,
  },
  settings,
  suites,
};

process.stdout.write(`\n${render(report)}\n`);
mkdirSync(resultsDir, { recursive: true });
const stamp = report.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z');
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(join(resultsDir, `${stamp}.json`), json);
// latest.json holds the figures the README quotes: a full run of this checkout's own build only.
const official = !quick && !onlyArg && !process.env.IPPSCONNECT_BENCH_DIST;
if (official) writeFileSync(join(resultsDir, 'latest.json'), json);
process.stdout.write(`\nwritten: bench/results/${stamp}.json${official ? ' and bench/results/latest.json' : ''}\n`);

function render({ suites: s, machine, durationSeconds }) {
  const rows = [];
  const row = (figure, stats, unit) => rows.push([figure, stats.runs, stats.min, stats.median, stats.max, unit]);
  if (s.connect) {
    const { ms, ratio } = s.connect;
    row('connect: library runSession → connected', ms.library, 'ms');
    row('connect: CLI `connect --json` → connected', ms.cli, 'ms');
    row('connect: library, unattended app-only (-NonInteractive)', ms.libraryUnattended, 'ms');
    row('connect: CLI, unattended app-only (-NonInteractive)', ms.cliUnattended, 'ms');
    row('connect: bare pwsh (baseline)', ms.bare, 'ms');
    row('connect: bare pwsh, app-only (baseline of the unattended rows)', ms.bareUnattended, 'ms');
    row('connect: pwsh start only (for scale)', ms.pwshStart, 'ms');
    row('connect ratio library / bare', ratio.library, '×');
    row('connect ratio CLI / bare', ratio.cli, '×');
    row('connect ratio library unattended / bare app-only', ratio.libraryUnattended, '×');
    row('connect ratio CLI unattended / bare app-only', ratio.cliUnattended, '×');
  }
  if (s.roundTrip) {
    const { latencyMs, ratio } = s.roundTrip;
    row('round trip: ippsconnect host.run (command channel)', latencyMs.ippsconnect, 'ms');
    row('round trip: node-powershell invoke (baseline)', latencyMs.nodePowershell, 'ms');
    row('round trip ratio of round medians', ratio.perRound, '×');
  }
  if (s.parser) {
    const { throughputMiBps: t, peakRssMiB: peak, corpus } = s.parser;
    row('parser: plain text', t.plain, 'MiB/s');
    row('parser: raw pty capture (ANSI, redraws)', t.pty, 'MiB/s');
    const one = (value) => ({ runs: 1, min: value, median: value, max: value });
    row('parser: long table output (worst case)', one(t.table), 'MiB/s');
    for (const kind of ['plain', 'pty']) {
      const values = Object.values(peak[kind]);
      row(
        `parser: peak RSS, ${kind} ${Object.keys(peak[kind]).join(' / ')}`,
        { runs: values.length, min: values[0], median: values[1] ?? values[0], max: values.at(-1) },
        'MiB (in size order)',
      );
    }
    row(`parser: whole corpus (${corpus.files} files, ${corpus.kib} KiB)`, corpus.ms, 'ms');
  }
  if (s.sessionOutput) {
    const one = (value) => ({ runs: 1, min: value, median: value, max: value });
    for (const run of s.sessionOutput.runs) {
      row(`session output: ${run.mib} MiB flood during connect`, one(run.mibPerSecond), 'MiB/s');
      const ratios = [...run.ratios].sort((a, b) => a - b);
      row(
        `session output: ${run.mib} MiB, time / bare pwsh`,
        { runs: ratios.length, min: ratios[0], median: run.ratio, max: ratios.at(-1) },
        '×',
      );
      row(`session output: ${run.mib} MiB, peak RSS`, one(run.rssPeakMb), 'MiB');
      if (run.capped?.completed) {
        const cap = s.sessionOutput.cappedHeapMiB;
        row(`session output: ${run.mib} MiB, peak RSS with a ${cap} MiB heap`, one(run.capped.rssPeakMb), 'MiB');
      }
    }
  }
  if (s.cliStart) {
    const { ms, ratio } = s.cliStart;
    for (const name of Object.keys(ms))
      row(`CLI start: ${name === 'baseline' ? '`node -e 0` (baseline)' : name}`, ms[name], 'ms');
    for (const name of Object.keys(ratio)) row(`CLI start ratio ${name} / node -e 0`, ratio[name], '×');
  }
  const lines = [formatTable(['figure', 'runs', 'min', 'median', 'max', 'unit'], rows), ''];
  if (s.connect) {
    const c = s.connect;
    lines.push(
      `connect target ratio ≤ ${c.target.ratio}: ${c.target.met ? 'MET' : 'MISSED'} (median per-round ratio ${c.ratio.library.median})`,
      `  library connect, median step times: ${Object.entries(c.phasesMs.stepsMedianMs)
        .map(([k, v]) => `${k} ${v} ms`)
        .join('; ')}`,
      `  the same, unattended (app-only): ${Object.entries(c.phasesMsUnattended.stepsMedianMs)
        .map(([k, v]) => `${k} ${v} ms`)
        .join('; ')}`,
      `  CLI: first event after ${c.cliFirstEventMs?.median ?? '?'} ms (Node start + loading ippsconnect)`,
    );
  }
  if (s.roundTrip) {
    const r = s.roundTrip;
    lines.push(
      `round-trip target (ratio ≤ ${r.target.ratio}): ${r.target.met ? 'MET' : 'MISSED'} (ratio of medians ${r.ratio.medianLatency}; node-powershell lost ${r.nodePowershellLostCommands} commands)`,
      `  ippsconnect per command, medians: ${Object.entries(r.ippsconnectTimelineMedianMs)
        .filter(([k]) => k !== 'commands' && !k.startsWith('pty chunks'))
        .map(([k, v]) => `${k} ${v} ms`)
        .join('; ')}`,
      `  pty chunks per command (median): ${r.ippsconnectTimelineMedianMs['pty chunks per command']}`,
      `  CPU per command (ms): ippsconnect node ${r.cpuMsPerCommand.ippsconnect.node} + pwsh ${r.cpuMsPerCommand.ippsconnect.pwsh}; node-powershell node ${r.cpuMsPerCommand.nodePowershell.node} + pwsh ${r.cpuMsPerCommand.nodePowershell.pwsh}`,
    );
  }
  if (s.parser) {
    const g = s.parser.rssGrowthMiB;
    lines.push(`parser peak RSS growth (${g.meaning}): plain ${g.plain} MiB, pty ${g.pty} MiB`);
    const c = s.parser.heapCapped;
    const say = (kind) =>
      c[kind]?.completed ? `${kind} completed (${c[kind].mbPerSecond} MiB/s)` : `${kind} OUT OF MEMORY`;
    lines.push(
      `  ${c.inputMiB} MiB with the heap capped at ${c.oldSpaceMiB} MiB (--max-old-space-size): ${say('plain')}, ${say('pty')}`,
    );
  }
  if (s.sessionOutput) {
    lines.push(`session output peak RSS growth (${s.sessionOutput.meaning}): ${s.sessionOutput.rssGrowthMiB} MiB`);
    const capped = s.sessionOutput.runs.map(
      (run) => `${run.mib} MiB ${run.capped?.completed ? 'completed' : 'OUT OF MEMORY'}`,
    );
    lines.push(
      `  with the heap capped at ${s.sessionOutput.cappedHeapMiB} MiB (--max-old-space-size): ${capped.join(', ')}`,
    );
  }
  if (s.cliStart) {
    const c = s.cliStart;
    lines.push(
      `CLI start target (endpoints ≤ ${c.target.ratio} × node -e 0): ${c.target.met ? 'MET' : 'MISSED'} (median ratio ${c.ratio.endpoints.median})`,
    );
  }
  lines.push(
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.node}; load average ${machine.loadAverage1m.start} → ${machine.loadAverage1m.end}; took ${durationSeconds} s`,
  );
  return lines.join('\n');
}
