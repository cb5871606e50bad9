import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { scheduleCommand } from '../../src/cli/schedule-command.js';
import type { ScheduleDeps } from '../../src/schedule/index.js';
import { fakeRunner } from './fake-runner.js';
import { child, parseMiniXml } from './mini-xml.js';
import { splitWindowsCommandLine } from './windows-command-line.js';

function captureStreams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const seen = { out: '', err: '' };
  stdout.on('data', (chunk) => {
    seen.out += chunk;
  });
  stderr.on('data', (chunk) => {
    seen.err += chunk;
  });
  return { streams: { stdout, stderr }, seen };
}

async function cli(args: string[]) {
  const { streams, seen } = captureStreams();
  const exitCode = await runCli(args, streams);
  return { exitCode, ...seen };
}

const appOnly = {
  appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  organization: 'contoso.onmicrosoft.com',
  certificatePath: 'app.pfx',
  certificatePasswordEnv: 'PFX_PASSWORD',
};

let folder: string;
let jobFile: string;
let interactiveFile: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-schedule-'));
  jobFile = path.join(folder, 'nightly job.json');
  await writeFile(jobFile, JSON.stringify({ ...appOnly, script: 'report.ps1' }));
  interactiveFile = path.join(folder, 'interactive.json');
  await writeFile(interactiveFile, JSON.stringify({ userPrincipalName: 'admin@contoso.com', command: 'Get-Label' }));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('ippsconnect schedule (through runCli)', () => {
  it('add --print writes task XML that runs this node with ippsconnect run and an absolute --config', async () => {
    const { exitCode, out, err } = await cli([
      'schedule',
      'add',
      'nightly',
      '--daily',
      '02:00',
      '--retries',
      '3',
      '--print',
      '--',
      'run',
      '--config',
      path.relative(process.cwd(), jobFile),
      '--output',
      'json',
    ]);
    // Printed on Linux, the XML holds this machine's paths: said so on stderr, never mixed into stdout.
    expect(err).toMatch(/^! The task runs .* paths of this machine/);
    expect(exitCode).toBe(0);
    const task = parseMiniXml(out);
    const exec = child(task, 'Actions', 'Exec');
    expect(child(exec, 'Command').text).toBe(process.execPath);
    const args = splitWindowsCommandLine(child(exec, 'Arguments').text);
    expect(args[0]).toMatch(/dist[\\/]cli[\\/]main\.js$/);
    expect(args.slice(1)).toEqual(['run', '--config', jobFile, '--output', 'json']);
    expect(child(exec, 'WorkingDirectory').text).toBe(process.cwd());
    expect(child(task, 'Principals', 'Principal', 'LogonType').text).toBe('S4U');
    expect(child(task, 'Settings', 'RestartOnFailure', 'Count').text).toBe('3');
    expect(child(task, 'Triggers', 'CalendarTrigger', 'StartBoundary').text).toMatch(/T02:00:00$/);
  });

  it('add --print with --weekly and --every', async () => {
    const weekly = await cli([
      'schedule',
      'add',
      'w',
      '--weekly',
      'MON,WED',
      '07:30',
      '--print',
      '--',
      'run',
      '--config',
      jobFile,
    ]);
    expect(weekly.exitCode).toBe(0);
    const days = child(parseMiniXml(weekly.out), 'Triggers', 'CalendarTrigger', 'ScheduleByWeek', 'DaysOfWeek');
    expect(days.children.map((day) => day.name)).toEqual(['Monday', 'Wednesday']);
    const every = await cli([
      'schedule',
      'add',
      'e',
      '--every',
      '15m',
      '--time-limit',
      '10m',
      '--print',
      '--',
      'run',
      '--config',
      jobFile,
    ]);
    expect(child(parseMiniXml(every.out), 'Triggers', 'TimeTrigger', 'Repetition', 'Interval').text).toBe('PT15M');
    expect(child(parseMiniXml(every.out), 'Settings', 'ExecutionTimeLimit').text).toBe('PT10M');
  });

  it('add without --print says it needs Windows and suggests --print (exit 2)', async () => {
    const { exitCode, err, out } = await cli([
      'schedule',
      'add',
      'nightly',
      '--daily',
      '02:00',
      '--',
      'run',
      '--config',
      jobFile,
    ]);
    expect(exitCode).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/needs Windows Task Scheduler/);
    expect(err).toMatch(/--print/);
  });

  it('refuses an interactive job up front, naming the job file field (exit 2)', async () => {
    const { exitCode, err } = await cli([
      'schedule',
      'add',
      'n',
      '--daily',
      '02:00',
      '--print',
      '--',
      'run',
      '--config',
      interactiveFile,
    ]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/config\.appId/);
    expect(err).toMatch(/cannot sign in interactively/);
    expect(err).toMatch(/Fix: /);
  });

  it('refuses interactive sign-in given as run flags, naming --app-id', async () => {
    const { exitCode, err } = await cli([
      'schedule',
      'add',
      'n',
      '--daily',
      '02:00',
      '--print',
      '--',
      'run',
      '--upn',
      'a@contoso.com',
      '--command',
      'Get-Label',
    ]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/--app-id/);
  });

  it('accepts an app-only job given entirely as run flags', async () => {
    const { exitCode, out } = await cli([
      'schedule',
      'add',
      'n',
      '--daily',
      '02:00',
      '--print',
      '--',
      'run',
      '--app-id',
      appOnly.appId,
      '--organization',
      appOnly.organization,
      '--certificate-path',
      'C:\\certs\\app.pfx',
      '--script',
      'x.ps1',
    ]);
    expect(exitCode).toBe(0);
    expect(splitWindowsCommandLine(child(parseMiniXml(out), 'Actions', 'Exec', 'Arguments').text).slice(1, 3)).toEqual([
      'run',
      '--app-id',
    ]);
  });

  it.each([
    [['schedule', 'add', 'n', '--print', '--', 'run', '--config', 'job.json'], /--daily/, /no schedule/],
    [['schedule', 'add', 'n', '--daily', '02:00', '--every', '1h', '--print', '--', 'run'], /--every/, /both given/],
    [['schedule', 'add', 'n', '--daily', '25:00', '--print', '--', 'run'], /--daily/, /not a time/],
    [['schedule', 'add', 'n', '--weekly', 'MON', '--print', '--', 'run'], /--weekly/, /days and a time/],
    [['schedule', 'add', 'n', '--every', '10s', '--print', '--', 'run'], /--every/, /not a duration/],
    [['schedule', 'add', 'n', '--daily', '02:00', '--retries', '-1', '--print', '--', 'run'], /--retries/, /0 to 255/],
    [
      ['schedule', 'add', 'n', '--daily', '02:00', '--print', '--', 'connect', '--upn', 'x'],
      /--/,
      /must run `ippsconnect run/,
    ],
    [['schedule', 'add', 'n', '--daily', '02:00', '--print'], /--/, /no command after --/],
    [
      ['schedule', 'add', 'a/b', '--daily', '02:00', '--print', '--', 'run', '--config', 'x'],
      /NAME/,
      /cannot be a task name/,
    ],
  ])('bad input %j: exit 2 naming the flag', async (args, flag, problem) => {
    const { exitCode, err } = await cli(args);
    expect(exitCode).toBe(2);
    expect(err).toMatch(flag);
    expect(err).toMatch(problem);
  });

  it('a job file that does not load is bad input naming the field', async () => {
    const broken = path.join(folder, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...appOnly, clientSecret: 'hunter2' }));
    const { exitCode, err } = await cli([
      'schedule',
      'add',
      'n',
      '--daily',
      '02:00',
      '--print',
      '--',
      'run',
      '--config',
      broken,
    ]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/config\.clientSecret/);
    expect(err).not.toMatch(/hunter2/);
  });

  it('list and remove need Windows too', async () => {
    expect((await cli(['schedule', 'list'])).exitCode).toBe(2);
    expect((await cli(['schedule', 'remove', 'nightly'])).err).toMatch(/needs Windows/);
  });
});

describe('ippsconnect schedule on Windows (fake schtasks)', () => {
  function windows(...replies: Parameters<typeof fakeRunner>) {
    const run = fakeRunner(...replies);
    const written: string[] = [];
    const removed: string[] = [];
    const deps: ScheduleDeps = {
      platform: 'windows',
      run,
      env: { SystemRoot: 'C:\\Windows', USERDOMAIN: 'CONTOSO', USERNAME: 'svc-compliance' },
      now: () => new Date(2026, 2, 2, 10, 0),
      cwd: 'C:\\Jobs',
      execPath: 'C:\\Program Files\\nodejs\\node.exe',
      entryScript: 'C:\\ipps\\dist\\cli\\main.js',
      writeTaskFile: async (xml) => {
        written.push(xml);
        return { path: 'C:\\Temp\\ippsconnect-task-1\\task.xml', remove: async () => void removed.push('task.xml') };
      },
    };
    const { streams, seen } = captureStreams();
    let exitCode = -1;
    const program = new Command('ippsconnect').exitOverride().addCommand(
      scheduleCommand(
        streams,
        (code) => {
          exitCode = code;
        },
        () => deps,
      ),
    );
    const go = async (args: string[]) => {
      await program.parseAsync(args, { from: 'user' });
      return { exitCode, ...seen };
    };
    return { run, written, removed, go };
  }

  it('add checks for a task of the same name, then registers the UTF-16 file with schtasks /Create /XML', async () => {
    const { run, written, removed, go } = windows({ stdout: '"\\ippsconnect\\other","N/A","Ready"\r\n' });
    const result = await go(['schedule', 'add', 'nightly', '--daily', '02:00', '--', 'run', '--config', jobFile]);
    expect(result.err).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.out).toMatch(/Scheduled \\ippsconnect\\nightly \(daily at 02:00, S4U logon\)/);
    expect(run.calls.map((call) => [call.file, ...call.args])).toEqual([
      ['C:\\Windows\\System32\\schtasks.exe', '/Query', '/FO', 'CSV', '/NH', '/TN', '\\ippsconnect\\'],
      [
        'C:\\Windows\\System32\\schtasks.exe',
        '/Create',
        '/XML',
        'C:\\Temp\\ippsconnect-task-1\\task.xml',
        '/TN',
        '\\ippsconnect\\nightly',
        '/F',
      ],
    ]);
    expect(removed).toEqual(['task.xml']);
    const task = parseMiniXml(written[0]!);
    expect(child(task, 'Principals', 'Principal', 'UserId').text).toBe('CONTOSO\\svc-compliance');
    expect(child(task, 'Triggers', 'CalendarTrigger', 'StartBoundary').text).toBe('2026-03-03T02:00:00');
    expect(child(task, 'Actions', 'Exec', 'Command').text).toBe('C:\\Program Files\\nodejs\\node.exe');
  });

  it('add refuses to replace an existing task unless --force', async () => {
    const existing = { stdout: '"\\ippsconnect\\Nightly","N/A","Ready"\r\n' };
    const refused = windows(existing);
    const result = await refused.go([
      'schedule',
      'add',
      'nightly',
      '--daily',
      '02:00',
      '--',
      'run',
      '--config',
      jobFile,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.err).toMatch(/already exists/);
    expect(result.err).toMatch(/--force/);
    expect(refused.run.calls).toHaveLength(1);
    const forced = windows();
    await forced.go(['schedule', 'add', 'nightly', '--daily', '02:00', '--force', '--', 'run', '--config', jobFile]);
    expect(forced.run.calls.map((call) => call.args[0])).toEqual(['/Create']);
  });

  it('add --logon password lets schtasks prompt for the password (never in argv)', async () => {
    const { run, go } = windows({}, {});
    await go([
      'schedule',
      'add',
      'nightly',
      '--every',
      '2h',
      '--logon',
      'password',
      '--user',
      'CONTOSO\\batch',
      '--',
      'run',
      '--config',
      jobFile,
    ]);
    expect(run.calls[1]).toMatchObject({
      args: [
        '/Create',
        '/XML',
        'C:\\Temp\\ippsconnect-task-1\\task.xml',
        '/TN',
        '\\ippsconnect\\nightly',
        '/F',
        '/RU',
        'CONTOSO\\batch',
        '/RP',
      ],
      interactive: true,
    });
  });

  it('add warns that S4U may not reach a private key in CurrentUser\\My', async () => {
    const thumbprintJob = path.join(folder, 'thumbprint.json');
    await writeFile(
      thumbprintJob,
      JSON.stringify({
        appId: appOnly.appId,
        organization: appOnly.organization,
        certificateThumbprint: 'AB'.repeat(20),
      }),
    );
    const { go } = windows();
    const result = await go(['schedule', 'add', 'nightly', '--daily', '02:00', '--', 'run', '--config', thumbprintJob]);
    expect(result.exitCode).toBe(0);
    expect(result.err).toMatch(/CurrentUser\\My/);
  });

  it('a failing schtasks is reported with its message and the temp file is still removed', async () => {
    const { removed, go } = windows({}, { exitCode: 1, stderr: 'ERROR: Access is denied.' });
    const result = await go(['schedule', 'add', 'nightly', '--daily', '02:00', '--', 'run', '--config', jobFile]);
    expect(result.exitCode).toBe(7);
    expect(result.err).toMatch(/Access is denied/);
    expect(removed).toEqual(['task.xml']);
  });

  it('list prints the tasks, or JSON', async () => {
    const rows = '"\\ippsconnect\\nightly","3/3/2026 2:00:00 AM","Ready"\r\n';
    const human = await windows({ stdout: rows }).go(['schedule', 'list']);
    expect(human.out).toBe('nightly  Ready  next run: 3/3/2026 2:00:00 AM\n');
    const json = await windows({ stdout: rows }).go(['schedule', 'list', '--json']);
    expect(JSON.parse(json.out)).toEqual([
      { name: 'nightly', path: '\\ippsconnect\\nightly', nextRun: '3/3/2026 2:00:00 AM', status: 'Ready' },
    ]);
  });

  it('remove deletes \\ippsconnect\\NAME', async () => {
    const { run, go } = windows();
    const result = await go(['schedule', 'remove', 'nightly']);
    expect(result.exitCode).toBe(0);
    expect(run.calls[0]?.args).toEqual(['/Delete', '/TN', '\\ippsconnect\\nightly', '/F']);
  });
});
