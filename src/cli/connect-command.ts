import { Command } from 'commander';
import { dryRun, runSession } from '../api.js';
import { IppsConnectError, isIppsConnectError } from '../errors.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { type ConnectionFlagValues, connectionFlags, toConnectOptions } from './flags.js';
import { createOutput, type Streams } from './output.js';

/** `ippsconnect connect`: connect, optionally run a command or script, always disconnect. */
export function connectCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  const command = new Command('connect').description(
    'Connect to Security & Compliance PowerShell (optionally Exchange Online too), run a command or script, disconnect.',
  );
  for (const option of connectionFlags()) command.addOption(option);
  command.action(async (flags: ConnectionFlagValues) => {
    const output = createOutput(Boolean(flags.json), streams);
    const options = toConnectOptions(flags);
    const controller = new AbortController();
    const cancel = () => controller.abort(new Error('interrupted'));
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    try {
      if (flags.dryRun) {
        streams.stdout.write(dryRun(options));
        setExitCode(exitCodes.ok);
        return;
      }
      await runSession(options, { onEvent: (event) => output.event(event), signal: controller.signal });
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
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    }
  });
  return command;
}
