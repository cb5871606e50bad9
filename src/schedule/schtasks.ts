import { IppsConnectError } from '../errors.js';
import { taskFolder } from './task-xml.js';

/**
 * Runs a program to completion without a shell (`PlatformDeps.run`-shaped). `interactive` hands the
 * terminal to the program, for schtasks' own password prompt; stdout is then not captured.
 */
export type RunProgram = (
  file: string,
  args: readonly string[],
  options?: { interactive?: boolean },
) => Promise<{ stdout: string; stderr?: string; exitCode: number | undefined }>;

export interface ScheduledTask {
  /** Name inside `\ippsconnect\`. */
  name: string;
  /** Full Task Scheduler path, `\ippsconnect\NAME`. */
  path: string;
  /** As schtasks prints it: in the machine's date format, or `N/A`. */
  nextRun: string;
  status: string;
}

/**
 * schtasks.exe by full path: a program name would be searched for in the current folder first (Windows'
 * and libuv's rule), where a stray schtasks.exe could sit.
 */
export function schtasksPath(env: Readonly<Record<string, string | undefined>>): string {
  return `${env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows'}\\System32\\schtasks.exe`;
}

/** Characters Task Scheduler does not allow in a task name (and `\`, which would make a folder). */
const NOT_IN_TASK_NAME = /[\\/:*?"<>|\u0000-\u001F]/;

/** The task name, checked: INVALID_INPUT naming NAME when Task Scheduler would refuse it. */
export function checkTaskName(name: string): string {
  if (name.trim() !== name || name === '' || name.length > 200 || NOT_IN_TASK_NAME.test(name) || /^\.+$/.test(name)) {
    throw new IppsConnectError(`Invalid NAME: ${JSON.stringify(name)} cannot be a task name`, {
      code: 'INVALID_INPUT',
      field: 'NAME',
      fix: 'use letters, digits, spaces and - _ . (no \\ / : * ? " < > |, no leading or trailing space)',
    });
  }
  return name;
}

export const taskPath = (name: string): string => `${taskFolder}${checkTaskName(name)}`;

/**
 * Registers the task from its XML file (UTF-16LE, see `encodeTaskXml`), replacing one of the same name.
 * No password ever goes into argv: S4U needs none (the principal is in the XML), and for `Password`
 * `/RP` is given without a value, so schtasks asks for it on the terminal.
 */
export async function registerTask(
  run: RunProgram,
  schtasks: string,
  task: { name: string; xmlFile: string; logonType: 'S4U' | 'Password'; userId: string },
): Promise<void> {
  const args = ['/Create', '/XML', task.xmlFile, '/TN', taskPath(task.name), '/F'];
  // /F: replace without the Y/N question, which would wait forever with no one at the keyboard.
  if (task.logonType === 'Password') args.push('/RU', task.userId, '/RP');
  const result = await run(schtasks, args, { interactive: task.logonType === 'Password' });
  if (result.exitCode !== 0) throw schtasksFailed('create the task', result, registerFix);
}

export async function removeTask(run: RunProgram, schtasks: string, name: string): Promise<void> {
  const result = await run(schtasks, ['/Delete', '/TN', taskPath(name), '/F']);
  if (result.exitCode !== 0) {
    throw schtasksFailed('delete the task', result, 'check the name with `ippsconnect schedule list`');
  }
}

/**
 * The tasks in `\ippsconnect\`. Before the first `schedule add` the folder does not exist and schtasks
 * fails with a message in the machine's language; then the whole list is read and filtered instead.
 */
export async function listTasks(run: RunProgram, schtasks: string): Promise<ScheduledTask[]> {
  const inFolder = await run(schtasks, ['/Query', '/FO', 'CSV', '/NH', '/TN', taskFolder]);
  if (inFolder.exitCode === 0) return parseTaskCsv(inFolder.stdout);
  const all = await run(schtasks, ['/Query', '/FO', 'CSV', '/NH']);
  if (all.exitCode !== 0) throw schtasksFailed('list the tasks', all, 'run `schtasks /Query` yourself to see why');
  return parseTaskCsv(all.stdout);
}

/** `"\ippsconnect\nightly","1/2/2026 2:00:00 AM","Ready"` lines → tasks of our folder; other lines skipped. */
export function parseTaskCsv(stdout: string): ScheduledTask[] {
  const tasks: ScheduledTask[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const [path, nextRun = '', status = ''] = parseCsvLine(line);
    if (!path?.toLowerCase().startsWith(taskFolder.toLowerCase())) continue;
    const name = path.slice(taskFolder.length);
    if (name === '' || name.includes('\\')) continue;
    tasks.push({ name, path, nextRun, status });
  }
  return tasks;
}

/** One CSV line: fields in double quotes, `""` for a quote inside. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  for (const match of line.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g))
    fields.push(match[1]?.replace(/""/g, '"') ?? match[2]!);
  return fields;
}

const registerFix =
  'S4U tasks are registered by the user they run as; if access is denied, run from an elevated prompt, or ask ' +
  'for the "Log on as a batch job" right. With --logon password, type the account password when asked.';

function schtasksFailed(
  what: string,
  result: { stderr?: string; stdout: string; exitCode: number | undefined },
  fix: string,
) {
  const said = (result.stderr || result.stdout).trim();
  return new IppsConnectError(
    `schtasks could not ${what} (exit ${result.exitCode ?? 'none'})${said ? `: ${said}` : ''}`,
    {
      // The closest code: a program ippsconnect ran failed, and its own message says why.
      code: 'SCRIPT_FAILED',
      fix,
    },
  );
}
