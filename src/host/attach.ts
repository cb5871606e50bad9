import { IppsConnectError } from '../errors.js';

/** A person's terminal: keystrokes come in on `input`, the screen is drawn on `output`. */
export interface PersonTerminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** What hand-over needs of the host that owns the pty. */
export interface AttachPort {
  /** Writes the person's keystrokes to PowerShell. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /**
   * While a sink is set, PowerShell's raw output goes to it and the headless emulator stops answering
   * terminal queries: the person's terminal answers them, and two answers to one cursor-position query
   * would reach PowerShell as typed text (`35;19R`). Unset, the emulator answers again.
   */
  showOutput(sink: ((data: string) => void) | undefined): void;
  /** Resolves when PowerShell has exited. */
  exited: Promise<{ exitCode: number }>;
}

/** Colours reset and the cursor shown: how a terminal is left when PowerShell could not clean up itself. */
export const terminalReset = '\x1b[0m\x1b[?25h';

/**
 * Hands the pty to a person until PowerShell exits: their keystrokes (raw, escape sequences and the
 * terminal's answers to queries intact) go to PowerShell, its output to their terminal, their terminal's
 * size to the pty. Resolves with PowerShell's exit code. Throws CANCELLED when `signal` aborts or the
 * terminal goes away (end of input, a failed write): PowerShell is then still running, and the caller
 * disconnects and closes it. The terminal is always given back: raw mode off, input paused, and after a
 * cancellation colours reset and the cursor visible.
 */
export async function attachTerminal(
  terminal: PersonTerminal,
  port: AttachPort,
  signal?: AbortSignal,
): Promise<number> {
  const { input, output } = terminal;
  let gone: (reason: string) => void = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    gone = (reason) =>
      reject(
        new IppsConnectError(`The session was handed over and ended early: ${reason}.`, {
          code: 'CANCELLED',
          fix: 'Nothing to fix: the session was disconnected because it was cancelled or its terminal went away.',
        }),
      );
  });
  cancelled.catch(() => {});
  const onAbort = () => gone(describeReason(signal?.reason));
  const onEnd = () => gone('the terminal closed its input');
  const onInputError = (error: Error) => gone(`the terminal could not be read (${error.message})`);
  const onOutputError = (error: Error) => gone(`the terminal could not be written (${error.message})`);
  const forwardInput = (data: Buffer | string) => port.write(data.toString());
  const followSize = () => {
    const size = usableSize(output.columns, output.rows);
    if (size) port.resize(size.cols, size.rows);
  };
  const show = (data: string) => {
    if (output.writable) output.write(data);
  };
  let exitedNormally = false;
  try {
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    input.on('end', onEnd);
    input.on('error', onInputError);
    output.on('error', onOutputError);
    port.showOutput(show);
    input.setRawMode?.(true);
    input.on('data', forwardInput);
    input.resume();
    output.on('resize', followSize);
    followSize();
    const exitCode = await Promise.race([port.exited.then((exit) => exit.exitCode), cancelled]);
    exitedNormally = true;
    return exitCode;
  } finally {
    port.showOutput(undefined);
    signal?.removeEventListener('abort', onAbort);
    output.off('resize', followSize);
    input.off('data', forwardInput);
    input.off('end', onEnd);
    input.off('error', onInputError);
    output.off('error', onOutputError);
    try {
      input.setRawMode?.(false);
    } catch {
      // A terminal that is gone cannot leave raw mode; there is nothing left to restore.
    }
    input.pause();
    if (!exitedNormally && output.writable) output.write(`${terminalReset}\r\n`);
  }
}

/**
 * A terminal size to pass on, or undefined. Some container runners report 0×0 (or nothing) for a real
 * terminal; a pty cannot take that, so the size PowerShell already has stays.
 */
export function usableSize(
  cols: number | undefined,
  rows: number | undefined,
): { cols: number; rows: number } | undefined {
  if (!Number.isInteger(cols) || !Number.isInteger(rows)) return undefined;
  if ((cols as number) <= 0 || (rows as number) <= 0) return undefined;
  return { cols: cols as number, rows: rows as number };
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'cancelled' : String(reason);
}
