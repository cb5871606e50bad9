import { userInfo } from 'node:os';
import type { Environment } from '../config/expand-env.js';
import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { joinWindowsArguments } from './quote-windows.js';
import { nextStartBoundary, type TaskSchedule } from './schedule-spec.js';
import { checkTaskName, listTasks, type RunProgram, registerTask, schtasksPath } from './schtasks.js';
import { buildTaskXml, type LogonType, type TaskSpec } from './task-xml.js';

/** The outside world of `schedule add/list/remove`; injected so Windows behaviour is tested on Linux. */
export interface ScheduleDeps {
  platform: 'windows' | 'posix';
  run: RunProgram;
  env: Environment;
  now(): Date;
  /** The folder `schedule add` runs in: the task starts there, and relative paths are read from there. */
  cwd: string;
  /** The node.exe running ippsconnect now: the task runs the same one. */
  execPath: string;
  /** ippsconnect's CLI entry script (`dist/cli/main.js`). */
  entryScript: string;
  writeTaskFile(xml: string): Promise<{ path: string; remove(): Promise<void> }>;
}

export interface TaskRequest {
  name: string;
  schedule: TaskSchedule;
  /** What the task passes to ippsconnect: `run …`. */
  taskArguments: readonly string[];
  workingDirectory: string;
  /** `DOMAIN\user`; the current user by default. */
  user?: string;
  logonType: LogonType;
  timeLimitMinutes: number;
  restart?: { count: number; intervalMinutes: number };
}

/** The user running this process, as Task Scheduler names accounts. */
export function currentUser(env: Environment): string {
  const name = env.USERNAME ?? userInfo().username;
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${name}` : name;
}

/**
 * The task XML for a checked job, plus warnings worth reading before 2 a.m. The action runs node.exe
 * with ippsconnect's script rather than the `ippsconnect.cmd` shim: a .cmd runs through cmd.exe, which
 * re-reads the arguments with its own rules (`%`, `^`, `&`), while node.exe splits them exactly as
 * `quoteWindowsArgument` quotes them.
 */
export function planTask(
  request: TaskRequest,
  job: ResolvedOptions,
  deps: ScheduleDeps,
): { xml: string; warnings: string[] } {
  const spec: TaskSpec = {
    name: checkTaskName(request.name),
    description: `ippsconnect ${joinWindowsArguments(request.taskArguments)}`,
    schedule: request.schedule,
    startBoundary: nextStartBoundary(request.schedule, deps.now()),
    action: {
      command: deps.execPath,
      arguments: [deps.entryScript, ...request.taskArguments],
      workingDirectory: request.workingDirectory,
    },
    userId: request.user ?? currentUser(deps.env),
    logonType: request.logonType,
    timeLimitMinutes: request.timeLimitMinutes,
    ...(request.restart ? { restart: request.restart } : {}),
  };
  const warnings: string[] = [];
  if (job.signIn.kind === 'certificate-thumbprint' && request.logonType === 'S4U') {
    warnings.push(
      "S4U tasks run without the password, so a private key in CurrentUser\\My protected by the user's DPAPI keys may be unreadable. If the task fails with CERTIFICATE_UNUSABLE, put the certificate in LocalMachine\\My (with read access for this user), use a .pfx file, or add with --logon password.",
    );
  }
  if (deps.platform !== 'windows') {
    warnings.push(
      `The task runs ${deps.execPath} and ${deps.entryScript} in ${deps.cwd}: paths of this machine. Edit Command, Arguments and WorkingDirectory for the Windows machine, or run schedule add there.`,
    );
  }
  try {
    return { xml: buildTaskXml(spec), warnings };
  } catch (error) {
    throw new IppsConnectError(`Invalid command after --: ${(error as Error).message}`, {
      code: 'INVALID_INPUT',
      field: '--',
      fix: 'remove % and control characters from the command, or move the value into the job file',
      cause: error,
    });
  }
}

/** Registers the task with Task Scheduler. Refuses to replace a task of the same name unless `force`. */
export async function installTask(name: string, xml: string, request: TaskRequest, force: boolean, deps: ScheduleDeps) {
  assertWindows(deps, 'add');
  const schtasks = schtasksPath(deps.env);
  if (!force) {
    const existing = await listTasks(deps.run, schtasks);
    if (existing.some((task) => task.name.toLowerCase() === name.toLowerCase())) {
      throw new IppsConnectError(`Invalid NAME: a task named ${JSON.stringify(name)} already exists`, {
        code: 'INVALID_INPUT',
        field: 'NAME',
        fix: 'pass --force to replace it, or choose another name',
      });
    }
  }
  const file = await deps.writeTaskFile(xml);
  try {
    await registerTask(deps.run, schtasks, {
      name,
      xmlFile: file.path,
      logonType: request.logonType,
      userId: request.user ?? currentUser(deps.env),
    });
  } finally {
    await file.remove();
  }
}

/** Task Scheduler is Windows only; elsewhere `add --print` still writes the XML to carry over. */
export function assertWindows(deps: Pick<ScheduleDeps, 'platform'>, command: 'add' | 'list' | 'remove'): void {
  if (deps.platform === 'windows') return;
  const message = `schedule ${command} needs Windows Task Scheduler, and this is not Windows`;
  if (command !== 'add') {
    throw new IppsConnectError(message, {
      code: 'INVALID_INPUT',
      fix: 'run it on the Windows machine that runs the jobs',
    });
  }
  throw new IppsConnectError(`Invalid --print: ${message}`, {
    code: 'INVALID_INPUT',
    field: '--print',
    fix: 'run this on the Windows machine that runs the job, or add --print to write the task XML to stdout',
  });
}
