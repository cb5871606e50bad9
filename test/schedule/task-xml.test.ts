import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTaskXml, encodeTaskXml, type TaskSpec } from '../../src/schedule/index.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';
import { child, parseMiniXml } from './mini-xml.js';
import { splitWindowsCommandLine } from './windows-command-line.js';

const base: TaskSpec = {
  name: 'nightly',
  schedule: { kind: 'daily', at: { hours: 2, minutes: 0 } },
  startBoundary: '2026-03-02T02:00:00',
  action: {
    command: 'C:\\Program Files\\nodejs\\node.exe',
    arguments: ['C:\\ipps\\dist\\cli\\main.js', 'run', '--config', 'C:\\Jobs\\nightly.json'],
    workingDirectory: 'C:\\Jobs',
  },
  userId: 'CONTOSO\\svc-compliance',
};

const hostile = `a & b <c> "d" 'e' ]]> &amp; é€😀`;

function parsed(spec: TaskSpec) {
  return parseMiniXml(buildTaskXml(spec));
}

describe('buildTaskXml', () => {
  it('writes a Task Scheduler 1.4 document in the task namespace', () => {
    const xml = buildTaskXml(base);
    expect(
      xml.startsWith(
        '<?xml version="1.0"?>\n<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
      ),
    ).toBe(true);
    const task = parseMiniXml(xml);
    expect(task.name).toBe('Task');
    expect(child(task, 'RegistrationInfo', 'URI').text).toBe('\\ippsconnect\\nightly');
    expect(child(task, 'RegistrationInfo', 'Author').text).toBe('CONTOSO\\svc-compliance');
  });

  it('runs whether the user is logged on or not, without a stored password (S4U), least privilege', () => {
    const principal = child(parsed(base), 'Principals', 'Principal');
    expect(principal.attributes).toEqual({ id: 'Author' });
    expect(child(principal, 'UserId').text).toBe('CONTOSO\\svc-compliance');
    expect(child(principal, 'LogonType').text).toBe('S4U');
    expect(child(principal, 'RunLevel').text).toBe('LeastPrivilege');
    expect(child(parsed({ ...base, logonType: 'Password' }), 'Principals', 'Principal', 'LogonType').text).toBe(
      'Password',
    );
  });

  it('never overlaps runs, runs on battery, catches up missed runs, and stops after the time limit', () => {
    const settings = child(parsed({ ...base, timeLimitMinutes: 90 }), 'Settings');
    const value = (name: string) => child(settings, name).text;
    expect(value('MultipleInstancesPolicy')).toBe('IgnoreNew');
    expect(value('DisallowStartIfOnBatteries')).toBe('false');
    expect(value('StopIfGoingOnBatteries')).toBe('false');
    expect(value('StartWhenAvailable')).toBe('true');
    expect(value('ExecutionTimeLimit')).toBe('PT1H30M');
    expect(settings.children.some((element) => element.name === 'RestartOnFailure')).toBe(false);
    expect(child(parsed(base), 'Settings', 'ExecutionTimeLimit').text).toBe('PT2H');
  });

  it('restarts a task that failed to start: Interval and Count', () => {
    const restart = child(
      parsed({ ...base, restart: { count: 3, intervalMinutes: 10 } }),
      'Settings',
      'RestartOnFailure',
    );
    expect(child(restart, 'Interval').text).toBe('PT10M');
    expect(child(restart, 'Count').text).toBe('3');
  });

  it('daily: a CalendarTrigger by day at the start boundary', () => {
    const trigger = child(parsed(base), 'Triggers', 'CalendarTrigger');
    expect(trigger.children.map((element) => element.name)).toEqual(['Enabled', 'StartBoundary', 'ScheduleByDay']);
    expect(child(trigger, 'StartBoundary').text).toBe('2026-03-02T02:00:00');
    expect(child(trigger, 'ScheduleByDay', 'DaysInterval').text).toBe('1');
  });

  it('weekly: a CalendarTrigger by week on the given days', () => {
    const spec: TaskSpec = {
      ...base,
      schedule: { kind: 'weekly', days: ['Monday', 'Wednesday'], at: { hours: 7, minutes: 30 } },
    };
    const week = child(parsed(spec), 'Triggers', 'CalendarTrigger', 'ScheduleByWeek');
    expect(child(week, 'WeeksInterval').text).toBe('1');
    expect(child(week, 'DaysOfWeek').children.map((day) => day.name)).toEqual(['Monday', 'Wednesday']);
  });

  it('every: a TimeTrigger repeating indefinitely', () => {
    const trigger = child(parsed({ ...base, schedule: { kind: 'every', minutes: 15 } }), 'Triggers', 'TimeTrigger');
    expect(trigger.children.map((element) => element.name)).toEqual(['Enabled', 'StartBoundary', 'Repetition']);
    expect(child(trigger, 'Repetition', 'Interval').text).toBe('PT15M');
    expect(child(trigger, 'Repetition').children.some((element) => element.name === 'Duration')).toBe(false);
    expect(
      child(
        parsed({ ...base, schedule: { kind: 'every', minutes: 120 } }),
        'Triggers',
        'TimeTrigger',
        'Repetition',
        'Interval',
      ).text,
    ).toBe('PT2H');
  });

  it('runs node.exe with the arguments quoted for CommandLineToArgvW, in the working directory', () => {
    const spec: TaskSpec = {
      ...base,
      action: { ...base.action, arguments: ['C:\\ipps\\main.js', 'run', '--config', 'C:\\My Jobs\\night "1".json'] },
    };
    const exec = child(parsed(spec), 'Actions', 'Exec');
    expect(child(parsed(spec), 'Actions').attributes).toEqual({ Context: 'Author' });
    expect(child(exec, 'Command').text).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(child(exec, 'Arguments').text).toBe('C:\\ipps\\main.js run --config "C:\\My Jobs\\night \\"1\\".json"');
    expect(splitWindowsCommandLine(child(exec, 'Arguments').text)).toEqual(spec.action.arguments);
    expect(child(exec, 'WorkingDirectory').text).toBe('C:\\Jobs');
  });

  it('escapes & < > " \' in every value (name, user, command, arguments, folder)', () => {
    const spec: TaskSpec = {
      ...base,
      name: hostile,
      userId: `DOM\\${hostile}`,
      description: hostile,
      action: {
        command: `C:\\${hostile}\\node.exe`,
        arguments: ['run', hostile, `--command=${hostile}`],
        workingDirectory: `C:\\${hostile}`,
      },
    };
    const xml = buildTaskXml(spec);
    expect(xml).not.toContain(hostile);
    const task = parseMiniXml(xml);
    expect(child(task, 'RegistrationInfo', 'URI').text).toBe(`\\ippsconnect\\${hostile}`);
    expect(child(task, 'RegistrationInfo', 'Description').text).toBe(hostile);
    expect(child(task, 'Principals', 'Principal', 'UserId').text).toBe(`DOM\\${hostile}`);
    expect(child(task, 'Actions', 'Exec', 'Command').text).toBe(spec.action.command);
    expect(child(task, 'Actions', 'Exec', 'WorkingDirectory').text).toBe(spec.action.workingDirectory);
    expect(splitWindowsCommandLine(child(task, 'Actions', 'Exec', 'Arguments').text)).toEqual(spec.action.arguments);
  });

  it('gives back any name and arguments exactly (property, strict reader)', () => {
    const character = fc.constantFrom('a', ' ', '&', '<', '>', '"', "'", '\\', ';', ']', 'é', '😀', '\t', '\n');
    const text = fc.string({ unit: character, maxLength: 10 });
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 5 }), (name, args) => {
        const task = parseMiniXml(
          buildTaskXml({ ...base, name, action: { command: 'node.exe', arguments: ['run', ...args] } }),
        );
        expect(child(task, 'RegistrationInfo', 'URI').text).toBe(`\\ippsconnect\\${name}`);
        expect(splitWindowsCommandLine(child(task, 'Actions', 'Exec', 'Arguments').text)).toEqual(['run', ...args]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses %NAME% (Task Scheduler would expand it), also across two arguments', () => {
    expect(() => buildTaskXml({ ...base, action: { ...base.action, arguments: ['run', '%APPDATA%\\x'] } })).toThrow(
      /%/,
    );
    expect(() => buildTaskXml({ ...base, action: { ...base.action, arguments: ['run', '50%', 'of 60%'] } })).toThrow(
      /%/,
    );
    expect(() => buildTaskXml({ ...base, action: { ...base.action, workingDirectory: '%TEMP%' } })).toThrow(/%/);
    expect(() => buildTaskXml({ ...base, action: { ...base.action, arguments: ['run', '100%'] } })).not.toThrow();
  });

  it('refuses characters XML cannot carry', () => {
    expect(() => buildTaskXml({ ...base, name: 'bell\u0007' })).toThrow(/U\+0007/);
    expect(() => buildTaskXml({ ...base, action: { ...base.action, arguments: ['a\rb'] } })).toThrow(/U\+000D/);
    expect(() => buildTaskXml({ ...base, description: 'half \uD800 surrogate' })).toThrow(/U\+D800/);
  });
});

describe.skipIf(skipWithoutPwsh)('task XML read by a real XML parser (.NET XmlDocument in pwsh)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-xml-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('parses hostile documents, UTF-8 and UTF-16LE with BOM, and gives the values back', async () => {
    const specs: TaskSpec[] = [
      base,
      {
        ...base,
        name: hostile,
        userId: `DOM\\${hostile}`,
        action: { command: 'node.exe', arguments: ['run', hostile, 'C:\\dir\\', ''] },
      },
      { ...base, schedule: { kind: 'weekly', days: ['Sunday', 'Friday'], at: { hours: 23, minutes: 59 } } },
      { ...base, schedule: { kind: 'every', minutes: 90 }, restart: { count: 2, intervalMinutes: 5 } },
    ];
    const files: string[] = [];
    for (const [index, spec] of specs.entries()) {
      const xml = buildTaskXml(spec);
      for (const [kind, bytes] of [
        ['utf8', Buffer.from(xml)],
        ['utf16', encodeTaskXml(xml)],
      ] as const) {
        const file = path.join(folder, `${index}-${kind}.xml`);
        await writeFile(file, bytes);
        files.push(file);
      }
    }
    const script = `
      $ErrorActionPreference = 'Stop'
      $files = $env:IPPS_TEST_FILES | ConvertFrom-Json
      @(foreach ($file in $files) {
        $doc = [System.Xml.XmlDocument]::new(); $doc.Load($file)
        [pscustomobject]@{ Uri = $doc.Task.RegistrationInfo.URI; User = $doc.Task.Principals.Principal.UserId;
          Arguments = $doc.Task.Actions.Exec.Arguments; Logon = $doc.Task.Principals.Principal.LogonType }
      }) | ConvertTo-Json -AsArray -Compress`;
    const result = await execa(testPwsh!, ['-NoProfile', '-NonInteractive', '-Command', script], {
      env: { IPPS_TEST_FILES: JSON.stringify(files) },
    });
    const values = JSON.parse(result.stdout) as Array<{ Uri: string; User: string; Arguments: string; Logon: string }>;
    expect(values).toHaveLength(files.length);
    for (const [index, value] of values.entries()) {
      const spec = specs[Math.floor(index / 2)]!;
      expect(value.Uri).toBe(`\\ippsconnect\\${spec.name}`);
      expect(value.User).toBe(spec.userId);
      expect(value.Logon).toBe('S4U');
      expect(splitWindowsCommandLine(value.Arguments)).toEqual(spec.action.arguments);
    }
  });
});
