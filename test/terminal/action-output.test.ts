/**
 * The CLI's ways out (src/cli/action.ts) and its terminal output (src/cli/output.ts, render.ts), with fake
 * signals, fake streams and a fake exit: the same code handles SIGBREAK (Ctrl+Break) on Windows.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ActionDeps, runAction, terminationSignals } from '../../src/cli/action.js';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { createOutput } from '../../src/cli/output.js';
import { renderProgressDone, renderProgressLine, terminalStyle } from '../../src/cli/render.js';
import { IppsConnectError } from '../../src/errors.js';

// A signal nothing else in the test process listens to, emitted by hand (process.emit, no real signal).
const fakeSignal = 'SIGUSR2' as NodeJS.Signals;
const sendFakeSignal = () => process.emit(fakeSignal, fakeSignal);

function captured(options: { tty?: boolean; columns?: number } = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: options.columns ?? 80 });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  return { streams: { stdout, stderr }, out: () => out, err: () => err };
}

function fakeDeps(overrides: Partial<ActionDeps> = {}) {
  const exits: number[] = [];
  let exited: () => void = () => {};
  /** A body whose disconnect hangs until the (fake) forced exit; then runAction ends and drops its listeners. */
  const hangsUntilExit = () => new Promise<void>((resolve) => (exited = resolve));
  const deps: ActionDeps = {
    exit: (code) => {
      exits.push(code);
      exited();
    },
    graceMs: 60_000,
    signals: [fakeSignal],
    ...overrides,
  };
  return { deps, exits, hangsUntilExit };
}

/** A body that waits for its cancellation, then takes `cleanupMs` to disconnect. */
function sessionBody(cleanupMs: number) {
  return (signal: AbortSignal) =>
    new Promise<void>((_, reject) => {
      signal.addEventListener('abort', () => setTimeout(() => reject(signal.reason), cleanupMs));
    });
}

describe('terminationSignals', () => {
  it.each([
    ['windows', ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']],
    ['posix', ['SIGINT', 'SIGTERM', 'SIGHUP']],
  ] as const)('%s: %j', (platform, expected) => {
    expect(terminationSignals(platform)).toEqual(expected);
  });
});

describe('runAction', () => {
  it('a signal cancels the body; once it has disconnected the exit code is 130', async () => {
    const { streams, err } = captured();
    const { deps, exits } = fakeDeps();
    let code: number | undefined;
    const done = runAction(createOutput(false, streams), (c) => (code = c), sessionBody(20), deps);
    sendFakeSignal();
    await done;
    expect(code).toBe(exitCodes.cancelled);
    expect(exits).toEqual([]);
    expect(err()).toMatch(/CANCELLED: Cancelled: received SIGUSR2/);
  });

  it('a signal during work that then finishes anyway (a disconnect that completed) still exits 130', async () => {
    const { streams } = captured();
    const { deps } = fakeDeps();
    let code: number | undefined;
    await runAction(
      createOutput(false, streams),
      (c) => (code = c),
      async () => {
        sendFakeSignal();
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
      deps,
    );
    expect(code).toBe(exitCodes.cancelled);
  });

  it('a second signal forces the exit with 130 at once', async () => {
    const { streams } = captured();
    const { deps, exits, hangsUntilExit } = fakeDeps();
    const done = runAction(createOutput(false, streams), () => {}, hangsUntilExit, deps);
    sendFakeSignal();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(exits).toEqual([]);
    sendFakeSignal();
    await done;
    expect(exits).toEqual([exitCodes.cancelled]);
  });

  it('SIGHUP twice (kernel and shell, one closed terminal) does not force; a Ctrl+C before and after them does', async () => {
    const { streams } = captured();
    const { deps, exits, hangsUntilExit } = fakeDeps({ signals: [fakeSignal, 'SIGHUP'] });
    const done = runAction(createOutput(false, streams), () => {}, hangsUntilExit, deps);
    sendFakeSignal();
    process.emit('SIGHUP', 'SIGHUP');
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(exits).toEqual([]);
    sendFakeSignal();
    await done;
    expect(exits).toEqual([exitCodes.cancelled]);
  });

  it('a disconnect that hangs past the grace period is cut short with 130', async () => {
    const { streams } = captured();
    const { deps, exits, hangsUntilExit } = fakeDeps({ graceMs: 30 });
    const done = runAction(createOutput(false, streams), () => {}, hangsUntilExit, deps);
    sendFakeSignal();
    await done;
    expect(exits).toEqual([exitCodes.cancelled]);
  });

  it('stdout breaking (EPIPE) cancels the body, and nothing more is written to it', async () => {
    const { streams, out } = captured();
    const { deps } = fakeDeps();
    const output = createOutput(true, streams);
    let code: number | undefined;
    const done = runAction(output, (c) => (code = c), sessionBody(10), deps);
    output.event({ type: 'phase', phase: 'starting' });
    streams.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    output.event({ type: 'phase', phase: 'disconnecting' });
    await done;
    expect(code).toBe(exitCodes.cancelled);
    expect(out()).not.toMatch(/disconnecting/);
  });

  it('a failure that is not a cancellation keeps its own exit code', async () => {
    const { streams } = captured();
    const { deps } = fakeDeps();
    let code: number | undefined;
    await runAction(
      createOutput(false, streams),
      (c) => (code = c),
      async () => {
        throw new IppsConnectError('The script failed.', { code: 'SCRIPT_FAILED', fix: 'See above.' });
      },
      deps,
    );
    expect(code).toBe(exitCodes.scriptFailed);
  });
});

describe('progress at a terminal', () => {
  it.each([
    [true, {}, { inPlace: true, colour: true }],
    [true, { NO_COLOR: '1' }, { inPlace: true, colour: false }],
    [true, { NO_COLOR: '' }, { inPlace: true, colour: true }],
    [true, { TERM: 'dumb' }, { inPlace: false, colour: false }],
    [false, {}, { inPlace: false, colour: false }],
  ])('tty %s, env %j → %j', (tty, env, expected) => {
    expect(terminalStyle(tty, env)).toEqual(expected);
  });

  it('draws the activity, a bar of 20 cells and the percentage, cut to the width', () => {
    const line = renderProgressLine(
      { type: 'progress', activity: 'Creating module', status: 'step 2', percent: 50 },
      80,
      false,
    );
    expect(line).toBe(`  Creating module ${'█'.repeat(10)}${'░'.repeat(10)}  50% step 2`);
    const narrow = renderProgressLine(
      { type: 'progress', activity: 'A very long activity name indeed', status: 'and a long status', percent: 5 },
      40,
      false,
    );
    expect(narrow.length).toBeLessThanOrEqual(39);
    expect(narrow).toMatch(/…/);
    expect(renderProgressLine({ type: 'progress', activity: 'Waiting' }, 80, false)).toBe('  Waiting');
  });

  it('one live line redrawn in place, replaced by a ✔ line when the next event comes', () => {
    const { streams, out } = captured({ tty: true, columns: 80 });
    const output = createOutput(false, streams, { TERM: 'xterm-256color', NO_COLOR: '1' });
    output.event({ type: 'progress', activity: 'Creating module', status: '1 received', percent: 25 });
    output.event({ type: 'progress', activity: 'Creating module', status: '2 received', percent: 50 });
    output.event({ type: 'connected', name: 'ExchangeOnlineProtection_1' });
    const text = out();
    expect(text.split('\n')).toEqual([
      `\r\x1b[2K${renderProgressLine({ type: 'progress', activity: 'Creating module', status: '1 received', percent: 25 }, 80, false)}\r\x1b[2K${renderProgressLine({ type: 'progress', activity: 'Creating module', status: '2 received', percent: 50 }, 80, false)}\r\x1b[2K${renderProgressDone({ type: 'progress', activity: 'Creating module', status: '2 received' }, 80, false)}`,
      '✔ Connected (ExchangeOnlineProtection_1)',
      '',
    ]);
    expect(text).not.toMatch(/\x1b\[3\dm/);
  });

  it('piped: every progress event is a plain line, as before', () => {
    const { streams, out } = captured({ tty: false });
    const output = createOutput(false, streams, {});
    output.event({ type: 'progress', activity: 'Creating module', status: '1 received', percent: 25 });
    output.event({ type: 'progress', activity: 'Creating module', status: '2 received', percent: 50 });
    expect(out()).toBe('  Creating module — 1 received (25%)\n  Creating module — 2 received (50%)\n');
  });
});

describe('runAction leaves no listener behind', () => {
  it('after every test above', () => {
    expect(process.listenerCount(fakeSignal)).toBe(0);
    expect(process.listeners('SIGHUP').length).toBe(0);
  });
});
