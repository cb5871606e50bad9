import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { runJobFromOptions } from '../job/index.js';
import { defaultRetryPolicy } from '../job/retry.js';
import { runAction } from './action.js';
import { type ConnectionFlagValues, connectionFlags, positiveInteger, seconds, toConnectOptions } from './flags.js';
import { createOutput, type Streams } from './output.js';

interface RunFlagValues extends ConnectionFlagValues {
  output?: 'json' | 'text';
  depth?: number;
  retries?: number;
  retryDelay?: number;
  retryMaxTime?: number;
  maxSessions?: number;
  slotWait?: number;
  log?: string;
}

/**
 * `ippsconnect run`: the unattended job. Like `connect --command/--script`, plus retries of what may
 * clear, a per-account session limit across processes, JSON output of the returned objects and a
 * JSON-lines log. Unattended by default.
 */
export function runCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  const command = new Command('run').description(
    'Run a script or command in a Security & Compliance session, unattended: retries, session limit, JSON output, log.',
  );
  for (const option of connectionFlags()) command.addOption(option);
  command
    .addOption(
      new Option('--output <format>', 'how the returned objects are printed').choices(['text', 'json']).default('text'),
    )
    .addOption(
      new Option('--depth <n>', 'ConvertTo-Json -Depth for --output json').argParser(positiveInteger).default(4),
    )
    .addOption(
      new Option('--retries <n>', 'retries of errors that may clear')
        .argParser(positiveIntegerOrZero)
        .default(defaultRetryPolicy.attempts - 1),
    )
    .addOption(new Option('--retry-delay <seconds>', 'first retry delay; doubles each time').argParser(seconds))
    .addOption(new Option('--retry-max-time <seconds>', 'no retry starts after this').argParser(seconds))
    .addOption(
      new Option('--max-sessions <n>', 'sessions of this account at once on this machine')
        .argParser(positiveInteger)
        .default(3),
    )
    .addOption(new Option('--slot-wait <seconds>', 'how long to wait for a free session').argParser(seconds))
    .addOption(new Option('--log <file>', 'JSON-lines log; failed runs keep their recording beside it'));
  command.action(async (flags: RunFlagValues) => {
    const objectsAsJson = flags.output === 'json';
    // With --output json, stdout carries only the objects; the events go to stderr.
    const output = createOutput(
      Boolean(flags.json),
      objectsAsJson ? { stdout: streams.stderr, stderr: streams.stderr } : streams,
    );
    await runAction(output, setExitCode, async (signal) => {
      const options = { unattended: true, ...toConnectOptions(flags) };
      if (flags.log && !flags.recordFailures) Object.assign(options, { recordFailures: dirname(flags.log) });
      const outcome = await runJobFromOptions(
        options,
        {
          ...(objectsAsJson ? { objectDepth: flags.depth ?? 4 } : {}),
          retry: {
            ...defaultRetryPolicy,
            attempts: (flags.retries ?? defaultRetryPolicy.attempts - 1) + 1,
            ...(flags.retryDelay === undefined ? {} : { initialDelayMs: flags.retryDelay }),
            ...(flags.retryMaxTime === undefined ? {} : { maxTotalMs: flags.retryMaxTime }),
          },
          maxSessions: flags.maxSessions ?? 3,
          ...(flags.slotWait === undefined ? {} : { slotWaitMs: flags.slotWait }),
          ...(flags.log ? { log: flags.log } : {}),
        },
        { onEvent: (event) => output.event(event), signal },
      );
      if (objectsAsJson) streams.stdout.write(`${JSON.stringify(outcome.work?.objects ?? [], null, 2)}\n`);
    });
  });
  return command;
}

function positiveIntegerOrZero(value: string): number {
  return value === '0' ? 0 : positiveInteger(value);
}
