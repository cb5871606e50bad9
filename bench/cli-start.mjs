/**
 * Benchmark — CLI cold start. Wall time of whole processes, spawned one after another and interleaved
 * round by round (A B C D, A B C D, …) so load drift hits all alike:
 *   baseline    `node -e 0` (Node's own start, the floor)
 *   endpoints   `node dist/cli/main.js endpoints` (prints the cloud table)
 *   help        `node dist/cli/main.js --help`
 *   parse       `node dist/cli/main.js parse <one small fixture>`
 * The figure is the median of per-round ratios command / baseline. Target (issue 13): endpoints ≤ 2.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { distDir, transcriptsDir } from './lib/paths.mjs';
import { median, summarize } from './lib/stats.mjs';

const targetRatio = 2;

export async function benchCliStart({ runs, log }) {
  const cli = join(distDir, 'cli', 'main.js');
  const smallTranscript = join(transcriptsDir, 'connection-limit--ps51-exo-facts-sample-120.txt');
  const cases = {
    baseline: [process.execPath, ['-e', '0']],
    endpoints: [process.execPath, [cli, 'endpoints']],
    help: [process.execPath, [cli, '--help']],
    parse: [process.execPath, [cli, 'parse', smallTranscript]],
  };
  const names = Object.keys(cases);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const time = ([file, args]) => {
    const started = performance.now();
    const result = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    const elapsed = performance.now() - started;
    // parse exits 1 when it finds an error, which this fixture holds; anything else is a broken build.
    if (result.status !== 0 && result.status !== 1) throw new Error(`${file} ${args.join(' ')}: ${result.stderr}`);
    return elapsed;
  };
  log(`cli start: 1 warm-up round, then ${runs} interleaved rounds of ${names.join(', ')}`);
  for (const name of names) time(cases[name]);
  for (let round = 0; round < runs; round++) {
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) times[name].push(time(cases[name]));
  }
  const ratios = Object.fromEntries(
    names
      .filter((name) => name !== 'baseline')
      .map((name) => [
        name,
        summarize(
          times[name].map((value, index) => value / times.baseline[index]),
          3,
        ),
      ]),
  );
  return {
    ms: Object.fromEntries(names.map((name) => [name, summarize(times[name], 1)])),
    ratio: ratios,
    target: { ratio: targetRatio, met: median(times.endpoints.map((v, i) => v / times.baseline[i])) <= targetRatio },
  };
}
