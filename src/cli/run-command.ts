import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { dryRun } from '../api.js';
import type { JobSettings } from '../config/index.js';
import { loadJobConfig } from '../config/index.js';
import { runJobFromOptions } from '../job/index.js';
import { fileSource, type MergedJob, mergeJob } from '../job/merge.js';
import { defaultRetryPolicy } from '../job/retry.js';
import { runDefaultTimeouts } from '../options.js';
import { runAction } from './action.js';
import {
  type ConnectionFlagValues,
  connectionFlags,
  givenValues,
  positiveInteger,
  seconds,
  toConnectOptions,
} from './flags.js';
import { createOutput, type Streams } from './output.js';

export interface RunFlagValues extends ConnectionFlagValues {
  config?: string;
  output?: 'json' | 'text';
  depth?: number;
  retries?: number;
  retryDelay?: number;
  retryMaxTime?: number;
  retryWork?: boolean;
  maxSessions?: number;
  slotWait?: number;
  log?: string;
}

const minutes = (ms: number) => `${ms / 60_000} min`;

/** Adds every option of `run` to a command: used by `run` itself and by `schedule add` to read its `-- run …`. */
export function addRunOptions(command: Command): Command {
  command.addOption(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${NAME}` is the job file's syntax, shown to the user.
    new Option('--config <job.json>', 'job file with the same options (secrets as ${NAME} references)'),
  );
  for (const option of connectionFlags()) {
    // run's limits on the work have defaults (the flags' help says them).
    if (option.long === '--command-timeout')
      option.description += ` (run default ${minutes(runDefaultTimeouts.commandMs)})`;
    if (option.long === '--idle-timeout') option.description += ` (run default ${minutes(runDefaultTimeouts.idleMs)})`;
    command.addOption(option);
  }
  return command
    .addOption(
      new Option('--output <format>', 'how the returned objects are printed (default text)').choices(['text', 'json']),
    )
    .addOption(
      new Option('--depth <n>', 'ConvertTo-Json -Depth for --output json (default 4)').argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--retries <n>',
        `retries of errors that may clear, before the work starts (default ${defaultRetryPolicy.attempts - 1})`,
      ).argParser(positiveIntegerOrZero),
    )
    .addOption(new Option('--retry-delay <seconds>', 'first retry delay; doubles each time').argParser(seconds))
    .addOption(new Option('--retry-max-time <seconds>', 'no retry starts after this').argParser(seconds))
    .addOption(new Option('--retry-work', 'also retry failures after the work started (only for idempotent scripts)'))
    .addOption(
      new Option('--max-sessions <n>', 'sessions of this account at once on this machine (default 3)').argParser(
        positiveInteger,
      ),
    )
    .addOption(new Option('--slot-wait <seconds>', 'how long to wait for a free session').argParser(seconds))
    .addOption(new Option('--log <file>', 'JSON-lines log, appended to; failed runs keep their recording beside it'));
}

/** The flags a person gave to `run`, as a merge source (connect options and job settings). */
export function runFlagSource(flags: Partial<RunFlagValues>) {
  const job: JobSettings = {
    ...(flags.output === undefined ? {} : { output: flags.output }),
    ...(flags.depth === undefined ? {} : { depth: flags.depth }),
    ...(flags.retries === undefined ? {} : { retries: flags.retries }),
    ...(flags.retryDelay === undefined ? {} : { retryDelayMs: flags.retryDelay }),
    ...(flags.retryMaxTime === undefined ? {} : { retryMaxTimeMs: flags.retryMaxTime }),
    ...(flags.retryWork === undefined ? {} : { retryWork: flags.retryWork }),
    ...(flags.maxSessions === undefined ? {} : { maxSessions: flags.maxSessions }),
    ...(flags.slotWait === undefined ? {} : { slotWaitMs: flags.slotWait }),
    ...(flags.log === undefined ? {} : { log: flags.log }),
  };
  return { connect: toConnectOptions(flags), job };
}

/**
 * `ippsconnect run`: the unattended job. Like `connect --command/--script`, plus a job file, retries of
 * what may clear before the work starts, a per-account session limit across processes, JSON output of
 * the returned objects, a JSON-lines log and default limits on the work. Flags given override the job file.
 */
export function runCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  const command = addRunOptions(
    new Command('run').description(
      'Run a script or command in a Security & Compliance session, unattended: retries, session limit, JSON output, log.',
    ),
  );
  command.action(async (flags: RunFlagValues) => {
    let output = createOutput(Boolean(flags.json), streams);
    await runAction(output, setExitCode, async (signal) => {
      const config = flags.config ? await loadJobConfig(flags.config) : undefined;
      const merged = mergeJob(fileSource(config), runFlagSource(givenValues<RunFlagValues>(command)));
      if (flags.dryRun) {
        // Nothing starts: no PowerShell, no token request, no session slot, no log line.
        streams.stdout.write(dryRun(merged.connect));
        return;
      }
      const { job } = merged;
      // With --output json, stdout carries only the objects; the events go to stderr.
      if (job.output === 'json')
        output = createOutput(Boolean(flags.json), { stdout: streams.stderr, stderr: streams.stderr });
      const options = { ...merged.connect };
      if (job.log && options.recordFailures === undefined) options.recordFailures = dirname(job.log);
      const outcome = await runJobFromOptions(options, jobSettings(merged, config?.redact ?? []), {
        onEvent: (event) => output.event(event),
        signal,
      });
      if (job.output === 'json') streams.stdout.write(`${JSON.stringify(outcome.work?.objects ?? [], null, 2)}\n`);
    });
  });
  return command;
}

function jobSettings({ job }: MergedJob, redact: string[]) {
  return {
    ...(job.output === 'json' ? { objectDepth: job.depth } : {}),
    retry: {
      ...defaultRetryPolicy,
      ...(job.retries === undefined ? {} : { attempts: job.retries + 1 }),
      ...(job.retryDelayMs === undefined ? {} : { initialDelayMs: job.retryDelayMs }),
      ...(job.retryMaxTimeMs === undefined ? {} : { maxTotalMs: job.retryMaxTimeMs }),
      ...(job.retryWork === undefined ? {} : { retryWork: job.retryWork }),
    },
    maxSessions: job.maxSessions,
    ...(job.slotWaitMs === undefined ? {} : { slotWaitMs: job.slotWaitMs }),
    ...(job.log ? { log: job.log } : {}),
    redact,
  };
}

function positiveIntegerOrZero(value: string): number {
  return value.trim() === '0' ? 0 : positiveInteger(value);
}
