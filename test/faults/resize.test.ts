import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/api.js';
import type { Session } from '../../src/session/session.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { descendantsOf, expectAllGone, linuxOnly, trackUnhandledRejections } from './helpers.js';

type World = ReturnType<typeof standIn>;

/** 40 lines of 128 characters, 25 ms apart: wider than 80 columns, so they wrap after the resize. */
const slowWideOutput = "1..40 | ForEach-Object { 'row {0:D2} {1}' -f $_, ('x' * 121); Start-Sleep -Milliseconds 25 }";
const expectedRows = Array.from({ length: 40 }, (_, i) => `row ${String(i + 1).padStart(2, '0')} ${'x'.repeat(121)}`);

describe.skipIf(skipWithoutPwsh || linuxOnly)('faults: the terminal is resized while a command runs', () => {
  trackUnhandledRejections();
  let world: World | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
    world?.dispose();
    world = undefined;
  });

  async function open() {
    world = standIn('success');
    session = await connect(
      { ...world.options, userPrincipalName: 'admin@contoso.onmicrosoft.com', unattended: false },
      { env: world.env },
    );
    return session;
  }

  /** Runs the slow command and resizes to each size in turn while it prints. */
  async function runWhileResizing(live: Session, sizes: Array<[number, number]>) {
    const running = live.work({ kind: 'command', code: slowWideOutput });
    for (const [cols, rows] of sizes) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      live.host.resize(cols, rows);
    }
    return running;
  }

  it('shrunk to 80×24 mid-run: the command completes with every line whole', async () => {
    const live = await open();
    const pwshPid = live.host.pid;
    const tree = [pwshPid, ...descendantsOf(pwshPid)];
    const result = await runWhileResizing(live, [[80, 24]]);
    expect(result.success).toBe(true);
    expect(result.output).toEqual(expectedRows);
    // The next command (read at 80 columns) and the closing disconnect still work.
    expect((await live.work({ kind: 'command', code: "'after the resize'" })).output).toEqual(['after the resize']);
    await live.close();
    session = undefined;
    await expectAllGone(tree);
  });

  it('shrunk and grown back several times mid-run: still every line, in order', async () => {
    const live = await open();
    const result = await runWhileResizing(live, [
      [80, 24],
      [200, 60],
      [40, 10],
      [160, 50],
    ]);
    expect(result.success).toBe(true);
    expect(result.output).toEqual(expectedRows);
  });
});
