import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { type JobConfig, loadJobConfig } from '../config/index.js';
import { runJobFromOptions } from '../job/index.js';
import { defaultRetryPolicy } from '../job/retry.js';
import { runAction } from './action.js';
import { type ConnectionFlagValues, connectionFlags, positiveInteger, seconds, toConnectOptions } from './flags.js';
import { createOutput, type Streams } from './output.js';

interface RunFlagValues extends ConnectionFlagValues {
  config?: string;
  output?: 'json' | 'text';
  depth?: number;
  retries?: number;
  retryDelay?: number;
  retryMaxTime?: number;
  maxSessions?: number;
  slotWait?: number;
  log?: string;
}

const defaults = { output: 'text', depth: 4, maxSessions: 3 } as const;

/**
 * `ippsconnect run`: the unattended job. Like `connect --command/--script`, plus a job file, retries of
 * what may clear, a per-account session limit across processes, JSON output of the returned objects and
 * a JSON-lines log. Unattended by default. Flags override the job file.
 */
export function runCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  const command = new Command('run').description(
    'Run a script or command in a Security & Compliance session, unattended: retries, session limit, JSON output, log.',
  );
  command.addOption(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${NAME}` is the job file's syntax, shown to the user.
    new Option('--config <job.json>', 'job file with the same options (secrets as ${NAME} references)'),
  );
  for (const option of connectionFlags()) command.addOption(option);
  command
    .addOption(
      new Option('--output <format>', 'how the returned objects are printed (default text)').choices(['text', 'json']),
    )
    .addOption(
      new Option('--depth <n>', 'ConvertTo-Json -Depth for --output json (default 4)').argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--retries <n>',
        `retries of errors that may clear (default ${defaultRetryPolicy.attempts - 1})`,
      ).argParser(positiveIntegerOrZero),
    )
    .addOption(new Option('--retry-delay <seconds>', 'first retry delay; doubles each time').argParser(seconds))
    .addOption(new Option('--retry-max-time <seconds>', 'no retry starts after this').argParser(seconds))
    .addOption(
      new Option('--max-sessions <n>', 'sessions of this account at once on this machine (default 3)').argParser(
        positiveInteger,
      ),
    )
    .addOption(new Option('--slot-wait <seconds>', 'how long to wait for a free session').argParser(seconds))
    .addOption(new Option('--log <file>', 'JSON-lines log; failed runs keep their recording beside it'));
  command.action(async (flags: RunFlagValues) => {
    let output = createOutput(Boolean(flags.json), streams);
    await runAction(output, setExitCode, async (signal) => {
      const config = flags.config ? await loadJobConfig(flags.config) : undefined;
      const job = mergeJob(flags, config);
      // With --output json, stdout carries only the objects; the events go to stderr.
      if (job.output === 'json')
        output = createOutput(Boolean(flags.json), { stdout: streams.stderr, stderr: streams.stderr });
      const options: Record<string, unknown> = { unattended: true, ...config?.connect, ...toConnectOptions(flags) };
      if (job.log && options.recordFailures === undefined) options.recordFailures = dirname(job.log);
      const outcome = await runJobFromOptions(
        options,
        {
          ...(job.output === 'json' ? { objectDepth: job.depth } : {}),
          retry: {
            ...defaultRetryPolicy,
            ...(job.retries === undefined ? {} : { attempts: job.retries + 1 }),
            ...(job.retryDelayMs === undefined ? {} : { initialDelayMs: job.retryDelayMs }),
            ...(job.retryMaxTimeMs === undefined ? {} : { maxTotalMs: job.retryMaxTimeMs }),
          },
          maxSessions: job.maxSessions,
          ...(job.slotWaitMs === undefined ? {} : { slotWaitMs: job.slotWaitMs }),
          ...(job.log ? { log: job.log } : {}),
        },
        { onEvent: (event) => output.event(event), signal },
      );
      if (job.output === 'json') streams.stdout.write(`${JSON.stringify(outcome.work?.objects ?? [], null, 2)}\n`);
    });
  });
  return command;
}

/** The job settings: a flag wins over the job file, which wins over the defaults. */
function mergeJob(flags: RunFlagValues, config: JobConfig | undefined) {
  const file = config?.job ?? {};
  return {
    output: flags.output ?? file.output ?? defaults.output,
    depth: flags.depth ?? file.depth ?? defaults.depth,
    retries: flags.retries ?? file.retries,
    retryDelayMs: flags.retryDelay ?? file.retryDelayMs,
    retryMaxTimeMs: flags.retryMaxTime ?? file.retryMaxTimeMs,
    maxSessions: flags.maxSessions ?? file.maxSessions ?? defaults.maxSessions,
    slotWaitMs: flags.slotWait ?? file.slotWaitMs,
    log: flags.log ?? file.log,
  };
}

function positiveIntegerOrZero(value: string): number {
  return value === '0' ? 0 : positiveInteger(value);
}
