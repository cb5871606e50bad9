/**
 * One parser measurement in a fresh process (so one size's memory never carries into the next):
 * `node bench/parser-child.mjs <file>` reads the file with readTranscriptSource and pushes every chunk
 * through one createTranscriptParser, then prints one JSON line: bytes, seconds, MB/s, events by type and
 * the process's resident memory before parsing and at its peak (the kernel's high-water mark, VmHWM, on
 * Linux; else sampled every 20 ms). The sampling runs only where there is no VmHWM: on Linux it added
 * nothing to the peak and cost about 2 % of the parse time (process.memoryUsage every 20 ms).
 */
import { readFileSync, statSync } from 'node:fs';
import { importDist } from './lib/paths.mjs';

const file = process.argv[2];
const { readTranscriptSource } = await importDist('inputs/transcript-source.js');
const { createTranscriptParser } = await importDist('transcript/index.js');

let sampledPeak = process.memoryUsage().rss;
const sampler =
  highWaterMark() === undefined
    ? setInterval(() => {
        sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
      }, 20)
    : undefined;
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const cpuStarted = process.cpuUsage();
const parser = createTranscriptParser();
const counts = {};
const count = (events) => {
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
};
const { format, chunks } = await readTranscriptSource(file);
for await (const chunk of chunks) count(parser.push(chunk));
count(parser.end());
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
// CPU time too: on a loaded machine wall time mostly measures the other processes.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
const bytes = statSync(file).size;
const mb = 1024 * 1024;
process.stdout.write(
  `${JSON.stringify({
    file,
    format,
    bytes,
    seconds: Number(seconds.toFixed(2)),
    mbPerSecond: Number((bytes / mb / seconds).toFixed(2)),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    mbPerCpuSecond: Number((bytes / mb / cpuSeconds).toFixed(2)),
    events: counts,
    rssBeforeMb: Math.round(rssBefore / mb),
    rssPeakMb: Math.round(Math.max(sampledPeak, highWaterMark() ?? 0) / mb),
  })}\n`,
);

/** The kernel's peak resident set size of this process (Linux), in bytes. */
function highWaterMark() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
