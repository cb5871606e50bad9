import { IppsConnectError, isIppsConnectError } from '../errors.js';
import { currentPlatform } from '../platform/index.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import type { Output } from './output.js';

/** Signals that end a session early; the session still disconnects before the process exits. */
const terminationSignals: NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  ...(currentPlatform().name === 'windows' ? (['SIGBREAK'] as NodeJS.Signals[]) : []),
];

/**
 * Runs a command body with cancellation on SIGINT/SIGTERM/SIGHUP (and Ctrl+Break on Windows), and turns
 * its outcome into an exit code: every failure is reported once, with its code and fix.
 */
export async function runAction(
  output: Output,
  setExitCode: (code: number) => void,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const cancel = (signal: NodeJS.Signals) => controller.abort(new Error(`received ${signal}`));
  for (const signal of terminationSignals) process.on(signal, cancel);
  try {
    await body(controller.signal);
    setExitCode(exitCodes.ok);
  } catch (error) {
    const failure = isIppsConnectError(error)
      ? error
      : new IppsConnectError(`Internal error: ${error instanceof Error ? error.stack : String(error)}`, {
          code: 'INTERNAL',
          fix: 'This is a bug in ippsconnect; please report it with the output above.',
          cause: error,
        });
    output.failure(failure);
    setExitCode(exitCodeFor(failure.code));
  } finally {
    for (const signal of terminationSignals) process.off(signal, cancel);
  }
}
