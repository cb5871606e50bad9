/**
 * One session-output measurement in a fresh process: `node bench/session-child.mjs <MiB>` connects through
 * runSession (dist/) to the stand-in with scenario flood:<MiB> (that many MiB of 100-byte lines printed by
 * Connect-IPPSSession before it connects) and prints one JSON line: how long the connect step took, the
 * output events received, and this process's peak resident memory (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { benchPwsh, importDist, standInEnvironment, standInModulesDir } from './lib/paths.mjs';

const mib = Number(process.argv[2]);
const { runSession } = await importDist('index.js');
const at = {};
let outputs = 0;
const started = performance.now();
await runSession(
  {
    userPrincipalName: 'admin@contoso.onmicrosoft.com',
    powershell: benchPwsh(),
    modulePath: [standInModulesDir],
    unattended: false,
  },
  {
    env: standInEnvironment({ IPPSCONNECT_STANDIN_SCENARIO: `flood:${mib}` }),
    onEvent: (event) => {
      if (event.type === 'output') outputs++;
      else if (event.type === 'phase') at[event.phase] ??= performance.now() - started;
      else if (event.type === 'connected') at.connected ??= performance.now() - started;
    },
  },
);
const seconds = (at.connected - at.connecting) / 1000;
const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(
  `${JSON.stringify({
    mib,
    seconds: Number(seconds.toFixed(2)),
    mibPerSecond: Number((mib / seconds).toFixed(2)),
    outputEvents: outputs,
    rssPeakMb: match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20),
  })}\n`,
);
