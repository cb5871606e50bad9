import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { findPackageRoot } from '../powershell/scripts.js';
import { connectCommand } from './connect-command.js';
import { endpointsCommand } from './endpoints-command.js';
import { exitCodes } from './exit-codes.js';
import type { Streams } from './output.js';
import { parseCommand } from './parse-command.js';
import { replayCommand } from './replay-command.js';
import { runCommand } from './run-command.js';
import { scheduleCommand } from './schedule-command.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(`${findPackageRoot()}/package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the CLI with these arguments (without node and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], streams: Streams = process): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const output = {
    writeOut: (text: string) => streams.stdout.write(text),
    writeErr: (text: string) => streams.stderr.write(text),
  };
  const program = new Command('ippsconnect')
    .description('Connect to Microsoft 365 Security & Compliance PowerShell reliably, attended or unattended.')
    .version(packageVersion());
  const commands = [
    connectCommand(streams, setExitCode),
    runCommand(streams, setExitCode),
    parseCommand(streams, setExitCode),
    replayCommand(streams, setExitCode),
    endpointsCommand(streams),
    scheduleCommand(streams, setExitCode),
  ];
  for (const command of commands) program.addCommand(command);
  // addCommand does not pass settings down: every command (nested ones too) gets the streams and
  // throws instead of exiting, so the exit code is decided here.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    for (const child of command.commands) configure(child);
  };
  configure(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; bad flags are bad input.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
    }
    throw error;
  }
  return exitCode;
}
