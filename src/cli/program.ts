import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { findPackageRoot } from '../powershell/scripts.js';
import { type CommandName, commandDescriptions } from './descriptions.js';
import { exitCodes } from './exit-codes.js';
import type { Streams } from './output.js';

type SetExitCode = (code: number) => void;

/**
 * How to load each command. A command's module (and what it imports: the session, node-pty, the emulator,
 * the sign-in library, zod) is imported only when that command runs, so `ippsconnect endpoints` or `parse`
 * does not pay for `connect`'s dependencies.
 */
const commandLoaders: Record<CommandName, (streams: Streams, setExitCode: SetExitCode) => Promise<Command>> = {
  connect: async (streams, setExitCode) => (await import('./connect-command.js')).connectCommand(streams, setExitCode),
  run: async (streams, setExitCode) => (await import('./run-command.js')).runCommand(streams, setExitCode),
  parse: async (streams, setExitCode) => (await import('./parse-command.js')).parseCommand(streams, setExitCode),
  replay: async (streams, setExitCode) => (await import('./replay-command.js')).replayCommand(streams, setExitCode),
  endpoints: async (streams) => (await import('./endpoints-command.js')).endpointsCommand(streams),
  schedule: async (streams, setExitCode) =>
    (await import('./schedule-command.js')).scheduleCommand(streams, setExitCode),
};
const commandNames = Object.keys(commandLoaders) as CommandName[];

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(`${findPackageRoot()}/package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * The command this command line needs in full: the one it names (also after `help`). Every other command
 * is listed by name and description only, which is all `--help`, `--version` and commander's "unknown
 * command" need.
 */
function commandsToLoad(argv: readonly string[]): Set<CommandName> {
  const words = argv.filter((word) => !word.startsWith('-'));
  const named = words[0] === 'help' ? words[1] : words[0];
  const known = commandNames.find((name) => name === named);
  return new Set(known ? [known] : []);
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
  const wanted = commandsToLoad(argv);
  for (const name of commandNames) {
    program.addCommand(
      wanted.has(name)
        ? await commandLoaders[name](streams, setExitCode)
        : new Command(name).description(commandDescriptions[name]),
    );
  }
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
