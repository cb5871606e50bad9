import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readClassicProgress, readClassicProgressNodes } from '../../src/host/classic-progress.js';
import { repoRoot } from '../helpers/pwsh.js';

/**
 * Real screens: pwsh 7.6.9, Classic view, in node-pty + @xterm/headless (capture-classic-progress.mjs).
 * Captures made on Windows (classic-progress-*.json, see docs/windows.md) are read with the same tests.
 */
interface Capture {
  capturedWith: string;
  platform: string;
  cols: number;
  snapshots: Array<{ name: string; rows: string[]; background: string[] }>;
}
const fixtures = join(repoRoot, 'test', 'windows', 'fixtures');
const captures = readdirSync(fixtures)
  .filter((name) => /^classic-progress.*\.json$/.test(name))
  .map((name) => [name, JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Capture] as const);

const importActivity = 'Creating implicit remoting module . . .';
const longStatus =
  'Status that is longer than one row of the terminal, so that PowerShell 7 wraps it onto a second row (5.1 cuts it)';

describe.each(captures)('readClassicProgress on captured screens (%s)', (_file, capture) => {
  const screen = (name: string): string[] => {
    const snapshot = capture.snapshots.find((candidate) => candidate.name === name);
    if (!snapshot) throw new Error(`no snapshot ${name} in ${_file}`);
    return snapshot.rows;
  };
  // Windows PowerShell 5.1 cuts a long status at the width; PowerShell 6 and later wrap it.
  const wraps = !/PowerShell 5\./.test(capture.capturedWith);

  it('reads activity, status and percentage (Import-PSSession, 40 %)', () => {
    expect(readClassicProgress(screen('percent-40'))).toEqual({
      activity: importActivity,
      status: 'Getting command information from remote session . . . 150 commands received',
      percent: 40,
    });
  });

  it('has no percentage without a bar', () => {
    expect(readClassicProgress(screen('no-percent'))).toEqual({
      activity: importActivity,
      status: 'Getting command information from remote session . . . 1 commands received',
    });
  });

  it('reads an empty and a full bar', () => {
    expect(readClassicProgress(screen('percent-0'))).toEqual({
      activity: 'Connecting',
      status: 'Connect-IPPSSession',
      percent: 0,
    });
    expect(readClassicProgress(screen('percent-100'))?.percent).toBe(100);
  });

  it('joins a status pwsh 7 wrapped onto a second row (mid-word)', () => {
    const progress = readClassicProgress(screen('long-status'));
    expect(progress?.status).toBe(wraps ? longStatus : `    ${longStatus}`.slice(0, capture.cols).slice(4));
    // 10 % of a 68-cell bar is 6 cells, which reads back as 9 %: within 100 / 68 points.
    expect(progress?.percent).toBe(9);
  });

  it('reads nested activities, parent first, with the child two columns deeper', () => {
    expect(readClassicProgressNodes(screen('nested'))).toEqual([
      { activity: 'Connecting', status: 'Step 2 of 3', percent: 65, depth: 0 },
      { activity: 'Importing', status: 'Cmdlets', percent: 24, depth: 1 },
    ]);
    expect(readClassicProgress(screen('nested'))?.activity).toBe('Connecting');
  });

  it('keeps the time remaining and the current operation apart from the status', () => {
    expect(readClassicProgressNodes(screen('remaining-and-operation'))).toEqual([
      {
        activity: 'Exporting',
        status: 'Mailbox 3 of 4',
        percent: 75,
        depth: 0,
        remaining: '00:01:15 remaining.',
        currentOperation: 'Get-ComplianceSearch',
      },
    ]);
  });

  it('reads the first frame: blank on Unix (pwsh blanks the cells it is about to draw), drawn on Windows', () => {
    const first = readClassicProgress(screen('first-frame'));
    if (capture.platform === 'win32') expect(first?.percent).toBe(40);
    else expect(first).toBeUndefined();
  });

  it('reads the pane where Windows puts it: two rows below the top, over earlier output', () => {
    const rows = screen('percent-40');
    const top = rows.findIndex((row, index) => index > 0 && row.startsWith(' Creating')) - 1;
    const pane = rows.slice(top, top + 5);
    const windowsScreen = [
      'PS> __ippsBegin 3; Connect-IPPSSession -UserPrincipalName ada@contoso.com',
      'Some earlier line',
      ...pane,
      '    + CategoryInfo          : earlier output below the pane',
      'PS> ',
    ];
    expect(readClassicProgress(windowsScreen)).toEqual(readClassicProgress(rows));
  });

  it('reads rows with their padding trimmed (translateToString(true)) the same way', () => {
    for (const snapshot of capture.snapshots) {
      const trimmed = snapshot.rows.map((row) => row.trimEnd());
      expect(readClassicProgressNodes(trimmed), snapshot.name).toEqual(readClassicProgressNodes(snapshot.rows));
    }
  });

  it('reads a pane cut off at the bottom of the rows it was given', () => {
    const rows = screen('percent-40');
    const bar = rows.findIndex((row) => row.trimStart().startsWith('[o'));
    expect(readClassicProgress(rows.slice(0, bar + 1))?.percent).toBe(40);
  });
});

describe('readClassicProgress on ordinary output', () => {
  it.each([
    ['nothing', []],
    ['blank rows', ['', '   ', '']],
    [
      'a Windows PowerShell 5.1 error record',
      [
        'Connect-IPPSSession : A parameter cannot be found that matches parameter name',
        "'CertificateThumbprint'.",
        'At line:1 char:21',
        '+ Connect-IPPSSession -CertificateThumbprint x',
        '+                     ~~~~~~~~~~~~~~~~~~~~~~',
        '    + CategoryInfo          : InvalidArgument: (:) [Connect-IPPSSession], ParameterBindingException',
        '',
      ],
    ],
    ['a table', ['', 'Name  State', '----  -----', 'ExchangeOnlineProtection_1 Connected', '']],
    ['a list', ['', 'Name  : ExchangeOnlineProtection_1', 'State : Connected', '']],
    ['one indented line with nothing under it', ['', ' indented by one', '']],
    ['an activity row followed by unrelated text', ['', ' Activity', 'not a status row', '']],
  ])('%s', (_name, rows) => {
    expect(readClassicProgress(rows)).toBeUndefined();
  });
});

/**
 * The pane as PowerShell renders it (ProgressNode.RenderFull, PendingProgress.Render), for one activity:
 * 5.1 cuts the status to one row ("Full"), pwsh 7 wraps it ("FullPlus"). Rows padded to the width.
 */
function renderPane(activity: string, status: string, percent: number, width: number, wrap: boolean): string[] {
  const cut = (text: string) => text.slice(0, width);
  const rows = [' '.repeat(width), cut(` ${activity} `)];
  let description = `    ${status} `;
  for (;;) {
    const row = cut(description);
    rows.push(row);
    if (row.length === description.length || !wrap) break;
    description = `    ${description.slice(row.length)}`;
  }
  if (percent >= 0) {
    const bar = Math.max(3, width - 3 - 9);
    let done = Math.floor((percent * bar) / 100);
    if (percent < 100 && done === bar) done--;
    rows.push(cut(`    [${'o'.repeat(done)}${' '.repeat(bar - done)}] `));
  }
  rows.push(' '.repeat(width));
  return rows.map((row) => row.padEnd(width));
}

describe('readClassicProgress on rendered panes', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9.,:()'-]{1,12}$/);
  const text = fc.array(word, { minLength: 1, maxLength: 20 }).map((words) => words.join(' '));

  it('reads back what PowerShell drew, the percentage within one bar cell', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.integer({ min: -1, max: 100 }),
        fc.integer({ min: 30, max: 200 }),
        fc.boolean(),
        (activity, status, percent, width, wrap) => {
          const rows = renderPane(activity, status, percent, width, wrap);
          const progress = readClassicProgress(['PS> earlier output', ...rows, 'later output']);
          expect(progress?.activity).toBe(` ${activity} `.slice(0, width).trim());
          const shown = wrap ? status : `    ${status} `.slice(0, width).slice(4).trimEnd();
          expect(progress?.status).toBe(shown);
          if (percent < 0) {
            expect(progress?.percent).toBeUndefined();
          } else {
            const bar = width - 12;
            expect(Math.abs(progress!.percent! - percent)).toBeLessThanOrEqual(100 / bar + 0.5);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
