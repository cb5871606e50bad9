import { closeSync } from 'node:fs';
import { asIppsConnectError, IppsConnectError, isIppsConnectError } from '../errors.js';
import { terminalReset } from '../host/attach.js';
import { endLiveProcesses } from '../host/live-processes.js';
import { currentPlatform } from '../platform/index.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import type { Output } from './output.js';

/** Signals that end a session early; the session still disconnects before the process exits. */
export function terminationSignals(platformName = currentPlatform().name): NodeJS.Signals[] {
  // Ctrl+Break reaches a Windows console process as SIGBREAK; it does not exist elsewhere.
  return ['SIGINT', 'SIGTERM', 'SIGHUP', ...(platformName === 'windows' ? (['SIGBREAK'] as NodeJS.Signals[]) : [])];
}

/**
 * After the first signal the session disconnects and ends on its own; if that takes longer than this
 * (a disconnect that hangs), or a second signal comes, PowerShell's process tree is killed and the
 * process exits with 130 at once.
 */
export const cancelGraceMs = 10_000;
/** How long a forced exit waits for the kills before exiting anyway. */
const forceKillWaitMs = 2_000;
/** How long `process.exit` may take before the watchdog ends the process with SIGINT. */
const exitWatchdogMs = 1_500;

export interface ActionDeps {
  /** Ends the process (tests pass a fake). */
  exit(code: number): void;
  graceMs: number;
  signals: NodeJS.Signals[];
}

const defaultDeps: ActionDeps = {
  exit: (code) => exitWithin(code, exitWatchdogMs),
  graceMs: cancelGraceMs,
  signals: terminationSignals(),
};

/**
 * Runs a command body with cancellation on SIGINT/SIGTERM/SIGHUP (and Ctrl+Break on Windows), or when
 * the reader of stdout goes away (EPIPE), and turns its outcome into an exit code: every failure is
 * reported once, with its code and fix. A cancelled run always exits 130, even if the work finished.
 */
export async function runAction(
  output: Output,
  setExitCode: (code: number) => void,
  /** `interrupt` cancels as Ctrl+C would, for a Ctrl+C read as a key (raw mode). */
  body: (signal: AbortSignal, interrupt: () => void) => Promise<void>,
  deps: ActionDeps = defaultDeps,
): Promise<void> {
  const controller = new AbortController();
  let cancelled: IppsConnectError | undefined;
  let grace: NodeJS.Timeout | undefined;
  let forcing = false;
  let hungUp = false;
  const forceExit = async () => {
    if (forcing) return deps.exit(exitCodes.cancelled);
    forcing = true;
    if (!hungUp) restoreTerminal();
    output.failure(
      cancellation(
        cancelledBy ?? 'forced exit',
        'The session could not be disconnected in time: PowerShell was ended instead.',
      ),
    );
    await endLiveProcesses(forceKillWaitMs);
    if (hungUp) letGoOfDeadTerminal();
    deps.exit(exitCodes.cancelled);
  };
  let cancelledBy: string | undefined;
  const cancel = (reason: string) => {
    if (cancelled) return;
    cancelledBy = reason;
    cancelled = cancellation(reason);
    controller.abort(cancelled);
    grace = setTimeout(() => void forceExit(), deps.graceMs);
  };
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A closed terminal sends SIGHUP twice (the kernel, then the shell passing it on): only a repeated
    // Ctrl+C / SIGTERM means "now". The grace period still bounds a hung-up session.
    if (signal === 'SIGHUP') hungUp = true;
    else if (signalled) return void forceExit();
    if (signal !== 'SIGHUP') signalled = true;
    cancel(`received ${signal}`);
  };
  const onReaderGone = () => {
    if ((output.gone.reason as NodeJS.ErrnoException | undefined)?.code === 'EIO') hungUp = true;
    cancel('the reader of the output went away');
  };
  for (const signal of deps.signals) process.on(signal, onSignal);
  output.gone.addEventListener('abort', onReaderGone);
  try {
    await body(controller.signal, () => onSignal('SIGINT'));
    if (cancelled) throw cancelled;
    setExitCode(exitCodes.ok);
  } catch (error) {
    const failure = cancelled && !isCancellation(error) ? cancelled : asIppsConnectError(error);
    output.failure(failure);
    setExitCode(cancelled ? exitCodes.cancelled : exitCodeFor(failure.code));
  } finally {
    if (hungUp) letGoOfDeadTerminal();
    clearTimeout(grace);
    output.gone.removeEventListener('abort', onReaderGone);
    for (const signal of deps.signals) process.off(signal, onSignal);
  }
}

function cancellation(reason: string, detail = 'The session was disconnected.'): IppsConnectError {
  return new IppsConnectError(`Cancelled: ${reason}. ${detail}`, {
    code: 'CANCELLED',
    fix: 'Nothing to fix: the session was cancelled on request.',
  });
}

function isCancellation(error: unknown): boolean {
  return isIppsConnectError(error) && error.code === 'CANCELLED';
}

/** Leaves a terminal usable when the process must exit before PowerShell could clean up after itself. */
function restoreTerminal(): void {
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    if (process.stdout.isTTY && process.stdout.writable) process.stdout.write(`${terminalReset}\r\n`);
  } catch {
    // The terminal is gone (SIGHUP): nothing left to restore.
  }
}

/**
 * After a hang-up, closes the standard streams that were the terminal. Node puts a terminal back into
 * its original mode as it exits, and aborts (exit 134, a native stack on stderr) when the terminal is
 * gone (tcsetattr fails with EIO); a closed descriptor is skipped.
 */
function letGoOfDeadTerminal(): void {
  const streams = [process.stdin, process.stdout, process.stderr];
  streams.forEach((stream, fd) => {
    if (!(stream as { isTTY?: boolean }).isTTY) return;
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
  });
}

/**
 * `process.exit`, bounded: the platform arms a watchdog first (see Platform.armExitWatchdog), since an I/O
 * thread blocked for ever would hold the exit up.
 */
function exitWithin(code: number, watchdogMs: number): never {
  // With no listener left, the watchdog's SIGINT takes its default action: the process ends.
  process.removeAllListeners('SIGINT');
  currentPlatform().armExitWatchdog(process.pid, watchdogMs);
  process.exit(code);
}
