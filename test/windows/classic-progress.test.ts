import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProgressEvent, parseTranscript } from '../../src/transcript/index.js';
import { repoRoot } from '../helpers/pwsh.js';

/**
 * The classic progress pane (Windows PowerShell 5.1, pwsh with `$PSStyle.Progress.View = 'Classic'`) read
 * by the product's one progress reader, the transcript parser (src/transcript/progress.ts, through the
 * classic-rows recognizer in src/transcript/blocks.ts).
 *
 * Real screens: pwsh 7.6.9, Classic view, in node-pty + @xterm/headless (capture-classic-progress.mjs).
 * Captures made on Windows (classic-progress-*.json, see docs/windows.md) are read with the same tests.
 * Each snapshot's rows go to the parser as lines of text, the way ConPTY's repaint of the pane arrives.
 *
 * Not read by the parser (ProgressEvent has activity, status and percent only; none is invented here):
 * - a nested activity (Write-Progress -ParentId): the parent is reported, the child's rows are not;
 * - `-SecondsRemaining` (`00:01:15 remaining.`) and `-CurrentOperation`: the activity is reported without them.
 * Misread by the parser (the tests marked `fails` below hold the expectation written from the script):
 * - a pane without a bar (no -PercentComplete): the recognizer needs a bar row;
 * - a status pwsh 6+ wrapped onto more rows: the recognizer takes exactly one status row.
 */
interface Capture {
  capturedWith: string;
  script: string;
  platform: string;
  cols: number;
  snapshots: Array<{ name: string; rows: string[]; background: string[] }>;
}
const fixtures = join(repoRoot, 'test', 'windows', 'fixtures');
const captures = readdirSync(fixtures)
  .filter((name) => /^classic-progress.*\.json$/.test(name))
  .map((name) => [name, JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Capture] as const);

/** The progress events the parser reads from screen rows sent as lines. */
function progressOf(rows: readonly string[]): ProgressEvent[] {
  return parseTranscript(`${rows.join('\r\n')}\r\n`).filter((event) => event.type === 'progress');
}

const importActivity = 'Creating implicit remoting module . . .';
const importStatus = (n: number) => `Getting command information from remote session . . . ${n} commands received`;
const longStatus =
  'Status that is longer than one row of the terminal, so that PowerShell 7 wraps it onto a second row (5.1 cuts it)';
const progress = (activity: string, status: string, percent?: number): ProgressEvent => ({
  type: 'progress',
  activity,
  status,
  ...(percent === undefined ? {} : { percent }),
});

/**
 * What each snapshot shows, written from the capture script. At 80 columns the bar has 68 cells and holds
 * floor(percent × 68 / 100) `o`s; the parser gives the roundest percentage that bar allows (percentFromBar).
 */
function expectations(capture: Capture): Array<[name: string, expected: ProgressEvent[], readByParser: boolean]> {
  // Windows PowerShell 5.1 cuts a long status at the width; PowerShell 6 and later wrap it.
  const wraps = !/PowerShell 5\./.test(capture.capturedWith);
  const percent40 = progress(importActivity, importStatus(150), 40);
  return [
    // The first frame is blank on Unix (pwsh blanks the cells it is about to draw) and drawn on Windows.
    ['first-frame', capture.platform === 'win32' ? [percent40] : [], true],
    // 40 % → 27 cells, which stand for 40–41 %.
    ['percent-40', [percent40], true],
    ['percent-0', [progress('Connecting', 'Connect-IPPSSession', 0)], true],
    ['percent-100', [progress('Connecting', 'Done', 100)], true],
    // The parent drew 66 % → 44 cells, which stand for 65–66 %: 65 is the roundest. The child
    // ('Importing', 'Cmdlets', 25 %) is not read by the parser.
    ['nested', [progress('Connecting', 'Step 2 of 3', 65)], true],
    // 75 % → 51 cells (75–76 %). The time remaining and the current operation are not read by the parser.
    ['remaining-and-operation', [progress('Exporting', 'Mailbox 3 of 4', 75)], true],
    ['no-percent', [progress(importActivity, importStatus(1))], false],
    // 10 % → 6 cells (9–10 %). 5.1 cuts the status to the row; pwsh wraps it mid-word.
    [
      'long-status',
      [progress('Searching', wraps ? longStatus : `    ${longStatus}`.slice(0, capture.cols).slice(4), 10)],
      !wraps,
    ],
  ];
}

describe.each(captures)('the transcript parser on captured classic panes (%s)', (file, capture) => {
  const screen = (name: string): string[] => {
    const snapshot = capture.snapshots.find((candidate) => candidate.name === name);
    if (!snapshot) throw new Error(`no snapshot ${name} in ${file}`);
    return snapshot.rows;
  };
  const table = expectations(capture);

  it('has every snapshot the expectations name, and no other', () => {
    expect(capture.snapshots.map((snapshot) => snapshot.name).sort()).toEqual(table.map(([name]) => name).sort());
  });

  it.each(table.filter(([, , read]) => read))('reads %s', (name, expected) => {
    expect(progressOf(screen(name))).toEqual(expected);
  });

  // Known misreads, reported rather than hidden: each fails until the parser reads the pane. When one
  // starts passing, vitest reports it: move it to the table above.
  it.fails.each(table.filter(([, , read]) => !read))('reads %s (misread by the parser today)', (name, expected) => {
    expect(progressOf(screen(name))).toEqual(expected);
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
    expect(progressOf(windowsScreen)).toEqual([progress(importActivity, importStatus(150), 40)]);
  });

  it('reads rows with their padding trimmed (translateToString(true)) the same way', () => {
    for (const snapshot of capture.snapshots) {
      const trimmed = snapshot.rows.map((row) => row.trimEnd());
      expect(progressOf(trimmed), snapshot.name).toEqual(progressOf(snapshot.rows));
    }
  });

  it('reads a pane cut off at the bottom of the rows it was given', () => {
    const rows = screen('percent-40');
    const bar = rows.findIndex((row) => row.trimStart().startsWith('[o'));
    expect(progressOf(rows.slice(0, bar + 1))).toEqual([progress(importActivity, importStatus(150), 40)]);
  });
});

describe('the transcript parser on ordinary output', () => {
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
  ])('%s gives no progress', (_name, rows) => {
    expect(progressOf(rows)).toEqual([]);
  });
});

/**
 * The pane as PowerShell renders it (ProgressNode.RenderFull, PendingProgress.Render), for one activity
 * with a percentage, as 5.1 draws it: the status cut to one row ("Full"). Rows padded to the width.
 * (pwsh 7 wraps a long status onto more rows, and a record without a percentage has no bar: the parser
 * reads neither, see the top of this file.)
 */
function renderPane(activity: string, status: string, percent: number, width: number): string[] {
  const cut = (text: string) => text.slice(0, width);
  const bar = Math.max(3, width - 3 - 9);
  let done = Math.floor((percent * bar) / 100);
  if (percent < 100 && done === bar) done--;
  const rows = [
    '',
    cut(` ${activity} `),
    cut(`    ${status} `),
    cut(`    [${'o'.repeat(done)}${' '.repeat(bar - done)}] `),
    '',
  ];
  return rows.map((row) => row.padEnd(width));
}

describe('the transcript parser on rendered panes', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9.,:()'-]{1,12}$/);
  const text = fc.array(word, { minLength: 1, maxLength: 20 }).map((words) => words.join(' '));

  it('reads back what PowerShell drew, the percentage within one bar cell', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 30, max: 200 }),
        (activity, status, percent, width) => {
          const rows = renderPane(activity, status, percent, width);
          const events = progressOf(['PS> earlier output', ...rows, 'later output']);
          expect(events).toHaveLength(1);
          const [event] = events;
          expect(event?.activity).toBe(` ${activity} `.slice(0, width).trim());
          expect(event?.status).toBe(`    ${status} `.slice(0, width).slice(4).trimEnd());
          const bar = width - 12;
          expect(Math.abs(event!.percent! - percent)).toBeLessThanOrEqual(100 / bar);
        },
      ),
      { numRuns: 500 },
    );
  });
});
