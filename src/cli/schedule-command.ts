import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { execa } from 'execa';
import { IppsConnectError } from '../errors.js';
import { currentPlatform } from '../platform/index.js';
import { findPackageRoot } from '../powershell/scripts.js';
import {
  assertWindows,
  checkScheduledJob,
  checkTaskName,
  installTask,
  listTasks,
  parseClockTime,
  parseInterval,
  parseWeekdays,
  planTask,
  type RunProgram,
  removeTask,
  type ScheduleDeps,
  schtasksPath,
  type TaskRequest,
  type TaskSchedule,
  taskFolder,
  writeTaskFile,
} from '../schedule/index.js';
import { runAction } from './action.js';
import { givenValues } from './flags.js';
import { createOutput, type Streams } from './output.js';
import { addRunOptions, type RunFlagValues, runFlagSource } from './run-command.js';

interface AddFlags {
  daily?: string;
  weekly?: string[];
  every?: string;
  timeLimit: string;
  retries: string;
  retryInterval: string;
  user?: string;
  logon: 's4u' | 'password';
  force?: boolean;
  print?: boolean;
}

const runProgram: RunProgram = async (file, args, options) => {
  const result = options?.interactive
    ? await execa(file, args, { reject: false, stdio: 'inherit' })
    : await execa(file, args, { reject: false, timeout: 60_000, windowsHide: true });
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode };
};

function realDeps(): ScheduleDeps {
  return {
    platform: currentPlatform().name,
    run: runProgram,
    env: process.env,
    now: () => new Date(),
    cwd: process.cwd(),
    execPath: process.execPath,
    entryScript: join(findPackageRoot(), 'dist', 'cli', 'main.js'),
    writeTaskFile,
  };
}

/** `ippsconnect schedule add|list|remove`: ippsconnect jobs in Windows Task Scheduler, folder \ippsconnect\. */
export function scheduleCommand(
  streams: Streams,
  setExitCode: (code: number) => void,
  deps: () => ScheduleDeps = realDeps,
): Command {
  const output = createOutput(false, streams);
  const schedule = new Command('schedule').description('Run ippsconnect jobs from Windows Task Scheduler.');
  schedule.addCommand(
    new Command('add')
      .description('Schedule `ippsconnect run …` (everything after --), unattended with app-only sign-in.')
      .argument('<name>', 'task name, in the \\ippsconnect\\ folder')
      .argument('[command...]', 'after --: the ippsconnect command the task runs, e.g. run --config job.json')
      .option('--daily <HH:MM>', 'every day at this local time')
      .option('--weekly <DAYS HH:MM...>', 'on these days (MON,WED,FRI) at this local time')
      .option('--every <interval>', 'repeat every 15m, 2h, …')
      .option('--time-limit <duration>', 'Task Scheduler ends a run after this long', '2h')
      .option('--retries <n>', 'restarts when the task fails to start (not on a failed job: see the job retries)', '0')
      .option('--retry-interval <duration>', 'wait between those restarts', '10m')
      .option('--user <DOMAIN\\name>', 'account the task runs as (default: you)')
      .addOption(
        new Option('--logon <type>', 's4u: no password stored; password: schtasks asks for it')
          .choices(['s4u', 'password'])
          .default('s4u'),
      )
      .option('--force', 'replace a task of the same name')
      .option('--print', 'write the task XML to stdout instead of registering it (works anywhere)')
      .exitOverride()
      .action((name: string, command: string[], flags: AddFlags) =>
        runAction(output, setExitCode, async () => {
          const context = deps();
          const request = toRequest(name, command, flags, context);
          if (!flags.print) assertWindows(context, 'add');
          const runLine = parseRunLine(command, request.workingDirectory);
          const job = await checkScheduledJob({ ...runLine, env: context.env });
          const { xml, warnings } = planTask({ ...request, taskArguments: runLine.taskArguments }, job, context);
          for (const warning of warnings) streams.stderr.write(`! ${warning}\n`);
          if (flags.print) {
            streams.stdout.write(xml);
            return;
          }
          await installTask(name, xml, request, Boolean(flags.force), context);
          streams.stdout.write(
            `Scheduled ${taskFolder}${name} (${describe(request.schedule)}, ${request.logonType} logon).\n`,
          );
        }),
      ),
  );
  schedule.addCommand(
    new Command('list')
      .description('List the tasks in \\ippsconnect\\.')
      .option('--json', 'print them as JSON')
      .exitOverride()
      .action((flags: { json?: boolean }) =>
        runAction(output, setExitCode, async () => {
          const context = deps();
          assertWindows(context, 'list');
          const tasks = await listTasks(context.run, schtasksPath(context.env));
          if (flags.json) streams.stdout.write(`${JSON.stringify(tasks, null, 2)}\n`);
          else if (tasks.length === 0) streams.stdout.write(`No tasks in ${taskFolder}.\n`);
          else
            for (const task of tasks) streams.stdout.write(`${task.name}  ${task.status}  next run: ${task.nextRun}\n`);
        }),
      ),
  );
  schedule.addCommand(
    new Command('remove')
      .description('Delete a task from \\ippsconnect\\.')
      .argument('<name>', 'task name')
      .exitOverride()
      .action((name: string) =>
        runAction(output, setExitCode, async () => {
          const context = deps();
          assertWindows(context, 'remove');
          await removeTask(context.run, schtasksPath(context.env), name);
          streams.stdout.write(`Removed ${taskFolder}${name}.\n`);
        }),
      ),
  );
  return schedule;
}

function toRequest(name: string, command: string[], flags: AddFlags, context: ScheduleDeps): TaskRequest {
  const retries = Number(flags.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 255) {
    throw invalidFlag(
      '--retries',
      `${JSON.stringify(flags.retries)} is not a count from 0 to 255`,
      'give a whole number such as 3',
    );
  }
  return {
    name: checkTaskName(name),
    schedule: toSchedule(flags),
    taskArguments: command,
    workingDirectory: context.cwd,
    ...(flags.user ? { user: flags.user } : {}),
    logonType: flags.logon === 'password' ? 'Password' : 'S4U',
    timeLimitMinutes: parseInterval(flags.timeLimit, '--time-limit'),
    ...(retries > 0
      ? { restart: { count: retries, intervalMinutes: parseInterval(flags.retryInterval, '--retry-interval') } }
      : {}),
  };
}

function toSchedule(flags: AddFlags): TaskSchedule {
  const given = (['daily', 'weekly', 'every'] as const).filter((key) => flags[key] !== undefined);
  if (given.length !== 1) {
    const problem = given.length === 0 ? 'no schedule was given' : `--${given.join(' and --')} were both given`;
    throw invalidFlag(
      `--${given[1] ?? 'daily'}`,
      problem,
      'pass one of --daily HH:MM, --weekly DAYS HH:MM or --every 15m',
    );
  }
  if (flags.daily !== undefined) return { kind: 'daily', at: parseClockTime(flags.daily, '--daily') };
  if (flags.every !== undefined) return { kind: 'every', minutes: parseInterval(flags.every, '--every') };
  const [days, at, ...extra] = flags.weekly ?? [];
  if (days === undefined || at === undefined || extra.length > 0) {
    throw invalidFlag(
      '--weekly',
      'expected days and a time',
      'write --weekly MON,WED 07:30 (and put the task name before it)',
    );
  }
  return { kind: 'weekly', days: parseWeekdays(days, '--weekly'), at: parseClockTime(at, '--weekly') };
}

/**
 * The `run` command line after `--`: its connect flags and --config are what the job check needs; its
 * other flags (--output, --retries, …) belong to `run` and pass through untouched.
 */
function parseRunLine(command: readonly string[], cwd: string) {
  if (command[0] !== 'run') {
    throw invalidFlag(
      '--',
      command.length === 0
        ? 'no command after --'
        : `the task must run \`ippsconnect run …\`, not ${JSON.stringify(command[0])}`,
      'for example: ippsconnect schedule add nightly --daily 02:00 -- run --config C:\\Jobs\\nightly.json',
    );
  }
  // The task's command line is read with run's own options: a flag run would refuse is refused now.
  const parser = addRunOptions(new Command('run')).exitOverride();
  parser.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    parser.parse(command.slice(1), { from: 'user' });
  } catch (error) {
    throw invalidFlag(
      '--',
      `the run command does not parse: ${(error as Error).message}`,
      'check the flags after -- run',
    );
  }
  const flags = parser.opts<RunFlagValues>();
  if (flags.dryRun) {
    throw invalidFlag('--', 'a scheduled run with --dry-run would never run the job', 'remove --dry-run after -- run');
  }
  // Only flags actually given: a default such as --cloud commercial must not override the job file.
  const given = givenValues<RunFlagValues>(parser);
  const configFile = flags.config === undefined ? undefined : resolve(cwd, flags.config);
  // The task may start anywhere; an absolute --config finds the job file all the same.
  const taskArguments = command.map((arg, index) =>
    configFile && arg.startsWith('--config=')
      ? `--config=${configFile}`
      : configFile && command[index - 1] === '--config'
        ? configFile
        : arg,
  );
  return { flagOptions: runFlagSource(given).connect, taskArguments, ...(configFile ? { configFile } : {}) };
}

function describe(schedule: TaskSchedule): string {
  const time = (at: { hours: number; minutes: number }) =>
    `${String(at.hours).padStart(2, '0')}:${String(at.minutes).padStart(2, '0')}`;
  if (schedule.kind === 'daily') return `daily at ${time(schedule.at)}`;
  if (schedule.kind === 'weekly') return `${schedule.days.join(', ')} at ${time(schedule.at)}`;
  return `every ${schedule.minutes} minutes`;
}

function invalidFlag(flag: string, problem: string, fix: string): IppsConnectError {
  return new IppsConnectError(`Invalid ${flag}: ${problem}`, { code: 'INVALID_INPUT', field: flag, fix });
}
