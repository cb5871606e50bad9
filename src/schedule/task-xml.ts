import { joinWindowsArguments } from './quote-windows.js';
import type { TaskSchedule } from './schedule-spec.js';
import { settingsOf, triggerOf } from './task-parts.js';
import { element, renderXml } from './xml.js';

/** Task Scheduler 2.x (Windows 10 and later) document namespace and version. */
const taskNamespace = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
const taskVersion = '1.4';

/**
 * How the task logs on when it runs:
 * - `S4U` (default): "Run whether user is logged on or not" + "Do not store password". Windows logs the
 *   user on by Service-for-User without a password, so none is stored or typed. The token has no network
 *   credentials and cannot open encrypted (DPAPI/EFS) user data. App-only sign-in needs neither: it sends
 *   a certificate over HTTPS. (A certificate in CurrentUser\My may have its private key protected by the
 *   user's DPAPI keys; see the warning `schedule add` gives for thumbprints.)
 * - `Password`: same, but Windows stores the password (schtasks prompts for it) and the job gets full
 *   credentials, for jobs that read files from network shares or user-DPAPI-protected keys.
 */
export type LogonType = 'S4U' | 'Password';

export interface TaskSpec {
  /** Task name inside the `\ippsconnect\` folder. */
  name: string;
  /** Shown in Task Scheduler; the command line by default. */
  description?: string;
  schedule: TaskSchedule;
  /** Local time without a zone, `YYYY-MM-DDTHH:MM:SS` (see `nextStartBoundary`). */
  startBoundary: string;
  action: { command: string; arguments: readonly string[]; workingDirectory?: string };
  /** `DOMAIN\user` the task runs as. */
  userId: string;
  logonType?: LogonType;
  /** `HighestAvailable` only if the job needs administrator rights on this machine; connecting does not. */
  runLevel?: 'LeastPrivilege' | 'HighestAvailable';
  /** Task Scheduler ends the job after this long (ExecutionTimeLimit); default 2 hours. */
  timeLimitMinutes?: number;
  /** RestartOnFailure. Task Scheduler restarts a task that failed to *start*, not one that exited non-zero. */
  restart?: { count: number; intervalMinutes: number };
}

/** The folder that holds every ippsconnect task, so `schedule list` finds them and nothing else. */
export const taskFolder = '\\ippsconnect\\';

/**
 * Task Scheduler expands `%NAME%` in Command, Arguments and WorkingDirectory when the task starts, and
 * there is no escape for `%`. A value that would change is refused rather than silently rewritten.
 */
const ENVIRONMENT_REFERENCE = /%[^%]+%/;

/** The task as Task Scheduler XML. Pure: the same spec always gives the same text. */
export function buildTaskXml(spec: TaskSpec): string {
  const commandLine = joinWindowsArguments(spec.action.arguments);
  for (const [field, value] of [
    ['command', spec.action.command],
    ['arguments', commandLine],
    ['working directory', spec.action.workingDirectory ?? ''],
  ] as const) {
    if (ENVIRONMENT_REFERENCE.test(value)) {
      throw new Error(
        `the task ${field} contains %…% (${value}), which Task Scheduler would replace by an environment variable`,
      );
    }
  }
  const exec = [
    element('Command', spec.action.command),
    ...(commandLine ? [element('Arguments', commandLine)] : []),
    ...(spec.action.workingDirectory ? [element('WorkingDirectory', spec.action.workingDirectory)] : []),
  ];
  const task = element(
    'Task',
    [
      element('RegistrationInfo', [
        element('Author', spec.userId),
        element('Description', spec.description ?? `ippsconnect ${commandLine}`),
        element('URI', `${taskFolder}${spec.name}`),
      ]),
      element('Triggers', [triggerOf(spec.schedule, spec.startBoundary)]),
      element('Principals', [
        element(
          'Principal',
          [
            element('UserId', spec.userId),
            element('LogonType', spec.logonType ?? 'S4U'),
            element('RunLevel', spec.runLevel ?? 'LeastPrivilege'),
          ],
          { id: 'Author' },
        ),
      ]),
      element('Settings', settingsOf(spec)),
      element('Actions', [element('Exec', exec)], { Context: 'Author' }),
    ],
    { version: taskVersion, xmlns: taskNamespace },
  );
  // No encoding in the declaration: `schedule add` writes UTF-16LE with a byte-order mark (what schtasks
  // reads), and `--print` output saved by any shell in any Unicode encoding still parses.
  return `<?xml version="1.0"?>\n${renderXml(task)}\n`;
}
