import { Command } from 'commander';
import { dryRun, runSession } from '../api.js';
import { runAction } from './action.js';
import { askPerson } from './ask.js';
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
    await runAction(output, setExitCode, async (signal, interrupt) => {
      const options = toConnectOptions(flags);
      if (flags.dryRun) {
        streams.stdout.write(dryRun(options));
        return;
      }
      const person = personAtTerminal(flags) ? { input: process.stdin, output: process.stdout } : undefined;
      // No work given and a person at the terminal: leave them at the connected prompt.
      const handOver = person && flags.command === undefined && flags.script === undefined ? { handOver: person } : {};
      await runSession(
        options,
        {
          onEvent: (event) => output.event(event),
          signal,
          ...(person
            ? { answerPrompt: (prompt) => askPerson(prompt, person, { onInterrupt: interrupt, signal }) }
            : {}),
        },
        handOver,
      );
    });
  });
  return command;
}

/** A person can answer prompts and take the prompt over: a terminal on both ends, not a job. */
function personAtTerminal(flags: ConnectionFlagValues): boolean {
  return !flags.json && !flags.unattended && Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
