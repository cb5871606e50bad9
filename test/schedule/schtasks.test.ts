import { describe, expect, it } from 'vitest';
import { encodeTaskXml, listTasks, registerTask, removeTask, schtasksPath } from '../../src/schedule/index.js';
import { fakeRunner } from './fake-runner.js';

const schtasks = 'C:\\Windows\\System32\\schtasks.exe';

describe('schtasks', () => {
  it('is called by full path, never looked up in the current folder', () => {
    expect(schtasksPath({ SystemRoot: 'D:\\WINDOWS' })).toBe('D:\\WINDOWS\\System32\\schtasks.exe');
    expect(schtasksPath({})).toBe(schtasks);
  });

  it('registers an S4U task from XML: no /RU, no /RP, nothing secret in argv', async () => {
    const run = fakeRunner();
    await registerTask(run, schtasks, {
      name: 'nightly',
      xmlFile: 'C:\\Temp\\t\\task.xml',
      logonType: 'S4U',
      userId: 'CONTOSO\\svc',
    });
    expect(run.calls).toEqual([
      {
        file: schtasks,
        args: ['/Create', '/XML', 'C:\\Temp\\t\\task.xml', '/TN', '\\ippsconnect\\nightly', '/F'],
        interactive: false,
      },
    ]);
  });

  it('registers a Password task with /RU and a bare /RP, so schtasks asks on the terminal', async () => {
    const run = fakeRunner();
    await registerTask(run, schtasks, {
      name: 'nightly',
      xmlFile: 'task.xml',
      logonType: 'Password',
      userId: 'CONTOSO\\svc',
    });
    expect(run.calls[0]).toEqual({
      file: schtasks,
      args: ['/Create', '/XML', 'task.xml', '/TN', '\\ippsconnect\\nightly', '/F', '/RU', 'CONTOSO\\svc', '/RP'],
      interactive: true,
    });
  });

  it("reports schtasks' own message when it fails", async () => {
    const run = fakeRunner({ exitCode: 1, stderr: 'ERROR: Access is denied.\r\n' });
    const failure = registerTask(run, schtasks, { name: 'n', xmlFile: 'x', logonType: 'S4U', userId: 'u' });
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('Access is denied'),
      fix: expect.stringMatching(/elevated/),
    });
  });

  it('refuses task names Task Scheduler would refuse (or read as a folder)', async () => {
    const run = fakeRunner();
    for (const name of ['a\\b', 'a/b', 'what?', ' lead', 'trail ', '', '..', 'x|y']) {
      await expect(removeTask(run, schtasks, name)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'NAME' });
    }
    expect(run.calls).toEqual([]);
  });

  it('removes with /Delete /TN \\ippsconnect\\NAME /F', async () => {
    const run = fakeRunner();
    await removeTask(run, schtasks, 'daily report');
    expect(run.calls[0]?.args).toEqual(['/Delete', '/TN', '\\ippsconnect\\daily report', '/F']);
  });

  it('lists the \\ippsconnect\\ folder as CSV', async () => {
    const run = fakeRunner({
      stdout:
        '\r\n"\\ippsconnect\\nightly","3/2/2026 2:00:00 AM","Ready"\r\n"\\ippsconnect\\say ""hi""","N/A","Disabled"\r\n',
    });
    expect(await listTasks(run, schtasks)).toEqual([
      { name: 'nightly', path: '\\ippsconnect\\nightly', nextRun: '3/2/2026 2:00:00 AM', status: 'Ready' },
      { name: 'say "hi"', path: '\\ippsconnect\\say "hi"', nextRun: 'N/A', status: 'Disabled' },
    ]);
    expect(run.calls.map((call) => call.args)).toEqual([['/Query', '/FO', 'CSV', '/NH', '/TN', '\\ippsconnect\\']]);
  });

  it('falls back to the whole list when the folder does not exist yet (message in any language)', async () => {
    const run = fakeRunner(
      { exitCode: 1, stderr: 'FEHLER: Das System kann die angegebene Datei nicht finden.' },
      { stdout: '"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag","N/A","Ready"\r\n"\\other","N/A","Ready"\r\n' },
    );
    expect(await listTasks(run, schtasks)).toEqual([]);
    expect(run.calls.map((call) => call.args)).toEqual([
      ['/Query', '/FO', 'CSV', '/NH', '/TN', '\\ippsconnect\\'],
      ['/Query', '/FO', 'CSV', '/NH'],
    ]);
  });

  it('writes task files as UTF-16LE with a byte-order mark', () => {
    const bytes = encodeTaskXml('<Task>é</Task>');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    expect(bytes.subarray(2).toString('utf16le')).toBe('<Task>é</Task>');
  });
});
