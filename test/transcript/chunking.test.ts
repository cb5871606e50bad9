import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../src/transcript/events.js';
import { createTranscriptParser, parseTranscript, type TranscriptParserOptions } from '../../src/transcript/index.js';
import { fixtureNames, readFixture, readOptions } from './helpers/corpus.js';
import { renderErrorRecord51 } from './helpers/powershell-format.js';

/** Feeds `text` cut at `cuts` (sorted, deduplicated offsets) and returns every event. */
function parseInPieces(text: string, cuts: readonly number[], options?: TranscriptParserOptions): TranscriptEvent[] {
  const parser = createTranscriptParser(options);
  const events: TranscriptEvent[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    events.push(...parser.push(text.slice(start, cut)));
    start = cut;
  }
  events.push(...parser.push(text.slice(start)));
  events.push(...parser.end());
  return events;
}

const RUNS_PER_FIXTURE = 200;

describe('the parser gives the same events however the text is cut', () => {
  // One table-driven test per way of cutting, over every fixture (the failure names the fixture).
  const names = fixtureNames();

  it('every fixture, fed byte by byte', () => {
    for (const name of names) {
      const text = readFixture(name);
      const options = readOptions(name);
      const cuts = Array.from({ length: text.length }, (_, i) => i);
      expect(parseInPieces(text, cuts, options), name).toEqual(parseTranscript(text, options));
    }
  });

  it('every fixture, cut into random pieces', () => {
    for (const name of names) {
      const text = readFixture(name);
      const options = readOptions(name);
      const whole = parseTranscript(text, options);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 40 }), (cuts) => {
          expect(parseInPieces(text, cuts, options), name).toEqual(whole);
        }),
        { numRuns: RUNS_PER_FIXTURE },
      );
    }
  }, 300_000);
});

// ---- Random transcripts: pieces of real shapes, glued with random line endings, escapes and redraws.

const ESC = '\u001b';
const piece = fc.oneof(
  fc.constantFrom(
    'Connecting to Security & Compliance PowerShell...',
    'WARNING: something to know',
    'VERBOSE: ConnectionContext Removed',
    'Error Acquiring Token:',
    'Unknown Status: Unexpected',
    'Error: 0xffffffff80070520',
    '----------------------------------------------------------------------------------------',
    "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM.",
    'For more information check https://aka.ms/exov3-module',
    'ConnectionId                    : 5ad2b0c6-4f1e-4d7a-8b3c-9e0f1a2b3c4d',
    'State                           : Connected',
    'Name                            : ExchangeOnlineProtection_1',
    'IsEopSession                    : True',
    'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code',
    ' ABCD1234E to authenticate.',
    'PowerShell credential request',
    'User: ',
    'Confirm',
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ',
    'Enter the code sent to your phone: ',
    `${ESC}[31;1mConnect-IPPSSession: ${ESC}[31;1mThe term 'Connect-IPPSSession' is not recognized as a name of a cmdlet.${ESC}[0m`,
    `${ESC}[31;1mNew-ExoPSSession: ${ESC}[0m/tmp/job.ps1:2${ESC}[0m`,
    `${ESC}[31;1m${ESC}[0m${ESC}[36;1mLine |${ESC}[0m`,
    `${ESC}[31;1m${ESC}[0m${ESC}[36;1m   2 | ${ESC}[0m New-ExoPSSession`,
    `${ESC}[36;1m     | ${ESC}[31;1m ~~~~~~~~~~~~~~~~`,
    `${ESC}[36;1m     | ${ESC}[31;1mFail to create a runspace because you have exceeded the maximum number`,
    `${ESC}[33;1mCreating implicit remoting module . . . [${ESC}[7mGetting com${ESC}[27mmand information]${ESC}[0m${ESC}[1;1H`,
    'Exception: UnAuthorized',
    'PS C:\\Users\\admin> ',
    `${ESC}]633;A${'\u0007'}PS /home/u> ${ESC}]633;B${ESC}\\`,
    `${ESC}]633;E;Connect-IPPSSession -ShowBanner:$false;f00d${'\u0007'}`,
    '',
  ),
  fc.constantFrom(
    ...renderErrorRecord51(
      {
        command: 'New-ExoPSSession',
        message:
          'Processing data from remote server ps.compliance.protection.outlook.com failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3.',
        position: ['At line:1 char:1', '+ New-ExoPSSession', '+ ~~~~~~~~~~~~~~~~'],
        categoryInfo: 'ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
        fullyQualifiedErrorId: 'System.Management.Automation.Remoting.PSRemotingDataStructureException,NewExoPSSession',
      },
      60,
    ),
  ),
  fc.string({ maxLength: 30 }),
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r', `${ESC}[K\r\n`, '');

describe('random transcripts', () => {
  it('give the same events whole and in random pieces', () => {
    const transcript = fc
      .array(fc.tuple(piece, lineEnd), { maxLength: 40 })
      .map((parts) => parts.map(([text, end]) => text + end).join(''));
    fc.assert(
      fc.property(transcript, fc.array(fc.nat({ max: 4000 }), { maxLength: 60 }), (text, cuts) => {
        const inRange = cuts.map((cut) => cut % (text.length + 1));
        expect(parseInPieces(text, inRange)).toEqual(parseTranscript(text));
        expect(parseInPieces(text, inRange, { columns: 60 })).toEqual(parseTranscript(text, { columns: 60 }));
      }),
      { numRuns: 500 },
    );
  });
});
