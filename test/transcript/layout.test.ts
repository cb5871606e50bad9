/**
 * Detection independent of layout (issue 12), on real text from fixtures/transcripts/real-world (texts and
 * labels collected by reading public threads; the expected codes come from labels.json, written before the
 * parser ran on them). `npm run corpus:score` scores the whole corpus; this file pins one real file per
 * shape the issue lists, and re-lays one real record every way a paste can.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorEvent, TranscriptEvent } from '../../src/transcript/events.js';
import { parseTranscript } from '../../src/transcript/index.js';
import { transcriptsDir } from './helpers/corpus.js';

const realWorld = join(transcriptsDir, 'real-world');
const labels = JSON.parse(readFileSync(join(realWorld, 'labels.json'), 'utf8')) as Record<
  string,
  { codes: string[]; proposedCode?: string; shape: string }
>;
const read = (file: string): string => readFileSync(join(realWorld, file), 'utf8').replace(/^\uFEFF/, '');
const errors = (events: TranscriptEvent[]): ErrorEvent[] => events.filter((e): e is ErrorEvent => e.type === 'error');

describe('each shape of issue 12, on a real text, gives its labelled code', () => {
  const cases: [shape: string, file: string][] = [
    ['first line only (<Cmdlet> : <message>)', 'prompt-in-unattended--powershell-5584-noninteractive-first-line.txt'],
    ['first line only, indented and lower-case', 'assembly-conflict--msgraph-2227-indented-split-name.txt'],
    ['5.1 record split by blank lines, bullets for +', 'access-denied--cisagov-sparrow-28-web-page-bullets.txt'],
    [
      'bare exception, stack tail, message in an aggregate',
      'wam-no-user-session--msal-dotnet-4923-aggregate-stack.txt',
    ],
    ['stack trace with the message above it', 'managed-identity-unavailable--officedocs-11295-stack.txt'],
    ['message in a WARNING: line', 'connection-limit--m365dsc-135-warning-lines.txt'],
    ['catalogued message embedded in a longer line', 'mfa-required--msal-dotnet-3665-embedded.txt'],
    ['catalogued message quoted in prose', 'parameter-not-supported--officedocs-6897-inline-code.txt'],
    ['newer wording of a catalogued failure', 'connection-limit--m365dsc-966-teams-concurrent-shells.txt'],
    [
      'ConciseView gutter run together on one line',
      'winrm-basic-auth-disabled--officedocs-8508-ps7-gutter-collapsed.txt',
    ],
    ['a failure the catalogue lacks (UNKNOWN)', 'unknown--officedocs-10972-rest-500-first-line.txt'],
    ['a log line that only says it failed (UNKNOWN)', 'unknown--camp-13-wrapper-error-lines-no-cause.txt'],
  ];
  it.each(cases)('%s: %s', (_shape, file) => {
    const label = labels[file]!;
    const expected = [...label.codes, ...(label.proposedCode ? [label.proposedCode] : [])];
    const codes = errors(parseTranscript(read(file))).map((e) => e.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.some((code) => expected.includes(code))).toBe(true);
  });

  it('keeps every false-alarm text of the real-world corpus clean', () => {
    const clean = Object.entries(labels).filter(([, label]) => label.codes.length === 0);
    expect(clean.length).toBeGreaterThanOrEqual(10);
    for (const [file] of clean) expect(errors(parseTranscript(read(file))), file).toEqual([]);
  });
});

describe('one real record, laid out every way a paste can, is one error', () => {
  // connection-limit--365inspect-38-ps51-full.txt: a 5.1 record at 120 columns, joined back into its lines.
  const message =
    'Processing data from remote server gbr01b.ps.compliance.protection.outlook.com failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help topic.';
  const tail = [
    'At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30',
    '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
    '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
    '    + CategoryInfo          : ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
    '    + FullyQualifiedErrorId : System.Management.Automation.Remoting.PSRemotingDataStructureException,Microsoft.Exchange.Management.ExoPowershellSnapin.NewExoPSSession',
  ];
  /** Word-wraps at `width` (a browser or ticket re-wraps at any width). */
  const wrap = (text: string, width: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    return [...lines, line];
  };
  const layouts: [string, (width: number) => string][] = [
    ['re-wrapped', (w) => [...wrap(`New-ExoPSSession : ${message}`, w), ...tail].join('\n')],
    ['split by blank lines', (w) => [...wrap(`New-ExoPSSession : ${message}`, w), ...tail].join('\n\n')],
    ['indented', (w) => [...wrap(`New-ExoPSSession : ${message}`, w), ...tail].map((l) => `    ${l}`).join('\n')],
    ['CRLF', (w) => [...wrap(`New-ExoPSSession : ${message}`, w), ...tail].join('\r\n')],
    [
      'tabs and NBSP',
      (w) =>
        [...wrap(`New-ExoPSSession :\u00a0${message}`, w), ...tail.map((l) => l.replace(/^ {4}/, '\t'))].join('\n'),
    ],
    [
      'typographic quotes',
      (w) => [...wrap(`New-ExoPSSession : ${message.replace("'", '\u2019')}`, w), ...tail].join('\n'),
    ],
    ['message only, no tail', (w) => wrap(`New-ExoPSSession : ${message}`, w).join('\n')],
    ['tail lost its first line', (w) => wrap(message, w).concat(tail.slice(1)).join('\n')],
  ];
  const widths = [40, 63, 80, 120, 200];
  it.each(layouts)('%s', (_name, layout) => {
    for (const width of widths) {
      const found = errors(parseTranscript(`PS C:\\> Connect-IPPSSession\n${layout(width)}\n\nPS C:\\> `));
      expect(
        found.map((e) => e.code),
        `width ${width}`,
      ).toEqual(['CONNECTION_LIMIT']);
    }
  });
});
