/**
 * Hand-over (src/host/attach.ts) with a fake terminal and a fake pty: what reaches PowerShell, who
 * answers terminal queries, and how the terminal is left, on every platform (ConPTY included: the logic
 * is the same, only the streams differ).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type AttachPort, attachTerminal, terminalReset, usableSize } from '../../src/host/attach.js';

function fakeTerminal(size: { columns?: number; rows?: number } = { columns: 120, rows: 35 }) {
  const input = Object.assign(new EventEmitter(), {
    rawModes: [] as boolean[],
    paused: false,
    setRawMode(mode: boolean) {
      this.rawModes.push(mode);
      return this;
    },
    resume() {
      this.paused = false;
      return this;
    },
    pause() {
      this.paused = true;
      return this;
    },
  });
  const output = Object.assign(new EventEmitter(), {
    ...size,
    writable: true,
    written: '',
    write(data: string) {
      this.written += data;
      return true;
    },
  });
  return {
    input,
    output,
    streams: { input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream },
  };
}

function fakePort() {
  let exit: (code: number) => void = () => {};
  const port: AttachPort & {
    typed: string[];
    sizes: Array<[number, number]>;
    sink: ((data: string) => void) | undefined;
    sinkChanges: boolean[];
  } = {
    typed: [],
    sizes: [],
    sink: undefined,
    sinkChanges: [],
    write: (data) => {
      port.typed.push(data);
    },
    resize: (cols, rows) => {
      port.sizes.push([cols, rows]);
    },
    showOutput: (sink) => {
      port.sink = sink;
      port.sinkChanges.push(sink !== undefined);
    },
    exited: new Promise<{ exitCode: number }>((resolve) => {
      exit = (exitCode) => resolve({ exitCode });
    }),
  };
  return { port, exit: (code: number) => exit(code) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('attachTerminal', () => {
  it("passes keystrokes and the terminal's query answers through intact, mutes the emulator while attached, and gives the terminal back on exit", async () => {
    const terminal = fakeTerminal();
    const { port, exit } = fakePort();
    const attached = attachTerminal(terminal.streams, port);
    await tick();
    // Attached: PowerShell's output goes to the person; the emulator is muted (a sink is set).
    expect(port.sinkChanges).toEqual([true]);
    expect(terminal.input.rawModes).toEqual([true]);
    port.sink!('\x1b[6n');
    expect(terminal.output.written).toBe('\x1b[6n');
    terminal.input.emit('data', Buffer.from('\x1b[35;19R'));
    terminal.input.emit('data', 'Get-CcMailbox\t');
    expect(port.typed).toEqual(['\x1b[35;19R', 'Get-CcMailbox\t']);
    expect(port.sizes).toEqual([[120, 35]]);
    exit(0);
    expect(await attached).toBe(0);
    // Detached: the emulator answers again, raw mode is off, input paused, nothing extra written.
    expect(port.sinkChanges).toEqual([true, false]);
    expect(terminal.input.rawModes).toEqual([true, false]);
    expect(terminal.input.paused).toBe(true);
    expect(terminal.output.written).toBe('\x1b[6n');
    terminal.input.emit('data', 'late');
    expect(port.typed).not.toContain('late');
  });

  it.each([
    ['the signal aborts (SIGINT, SIGTERM, SIGHUP, Ctrl+Break)', 'abort'],
    ['the terminal closes its input', 'end'],
    ['the terminal cannot be written (EIO)', 'output-error'],
  ])('throws CANCELLED when %s, with PowerShell still running, and restores the terminal', async (_what, how) => {
    const terminal = fakeTerminal();
    const { port } = fakePort();
    const controller = new AbortController();
    const attached = attachTerminal(terminal.streams, port, controller.signal);
    await tick();
    if (how === 'abort') controller.abort(new Error('received SIGTERM'));
    if (how === 'end') terminal.input.emit('end');
    if (how === 'output-error') {
      terminal.output.writable = false;
      terminal.output.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    }
    await expect(attached).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(port.sinkChanges).toEqual([true, false]);
    expect(terminal.input.rawModes).toEqual([true, false]);
    if (how !== 'output-error') expect(terminal.output.written).toBe(`${terminalReset}\r\n`);
    else expect(terminal.output.written).toBe('');
  });

  it('an already aborted signal never leaves the terminal raw', async () => {
    const terminal = fakeTerminal();
    const { port } = fakePort();
    await expect(attachTerminal(terminal.streams, port, AbortSignal.abort())).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(terminal.input.rawModes.at(-1)).toBe(false);
    expect(port.sink).toBeUndefined();
  });

  it('a 0×0 terminal keeps the size PowerShell has; a later real size is followed', async () => {
    const terminal = fakeTerminal({ columns: 0, rows: 0 });
    const { port, exit } = fakePort();
    const attached = attachTerminal(terminal.streams, port);
    await tick();
    expect(port.sizes).toEqual([]);
    Object.assign(terminal.output, { columns: 100, rows: 30 });
    terminal.output.emit('resize');
    expect(port.sizes).toEqual([[100, 30]]);
    exit(0);
    expect(await attached).toBe(0);
    expect(terminal.input.rawModes).toEqual([true, false]);
  });

  it('a terminal whose raw mode cannot be turned off any more (gone) still detaches', async () => {
    const terminal = fakeTerminal();
    terminal.input.setRawMode = function (mode: boolean) {
      if (!mode) throw Object.assign(new Error('setRawMode EIO'), { code: 'EIO' });
      this.rawModes.push(mode);
      return this;
    };
    const { port, exit } = fakePort();
    const attached = attachTerminal(terminal.streams, port);
    await tick();
    exit(3);
    expect(await attached).toBe(3);
    expect(port.sink).toBeUndefined();
  });
});

describe('usableSize', () => {
  it.each([
    [120, 35, { cols: 120, rows: 35 }],
    [0, 0, undefined],
    [80, 0, undefined],
    [-1, 24, undefined],
    [undefined, undefined, undefined],
    [80.5, 24, undefined],
  ])('%s × %s → %j', (cols, rows, expected) => {
    expect(usableSize(cols, rows)).toEqual(expected);
  });
});
