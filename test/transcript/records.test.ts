import { describe, expect, it } from 'vitest';
import type { ErrorEvent, TranscriptEvent } from '../../src/transcript/events.js';
import { parseTranscript } from '../../src/transcript/index.js';
import { type ErrorRecord51, renderErrorRecord51 } from './helpers/powershell-format.js';

const ESC = '\u001b';
const RED = `${ESC}[31;1m`;
const RESET = `${ESC}[0m`;

const errors = (events: TranscriptEvent[]): ErrorEvent[] => events.filter((e): e is ErrorEvent => e.type === 'error');

describe('no false alarms', () => {
  it('reads the v3 banner, WARNING/VERBOSE/DEBUG lines and tables that mention errors as what they are', () => {
    const text = [
      '----------------------------------------------------------------------------------------',
      "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Client-Server communication.",
      '',
      'For more information check https://aka.ms/exov3-module',
      '----------------------------------------------------------------------------------------',
      'WARNING: The request failed with the following error message : Access is denied.',
      'VERBOSE: ConnectionContext Removed',
      'VERBOSE: Error: 0xffffffff80070520',
      'DEBUG: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3',
      '',
      'Policy            Result  Detail',
      '------            ------  ------',
      'Legal Hold        Failed  Error: sync failed (see the log)',
      'Retention         Error   UnAuthorized users: 0',
      '',
    ].join('\r\n');
    const events = parseTranscript(text);
    expect(errors(events)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['banner', ...Array(8).fill('output')]);
  });

  it('never leaves an AADSTS code silent, even inside a table row (issue 12: never "no error")', () => {
    const events = parseTranscript('Legal Hold        Failed  Error: sync failed (AADSTS50126 in the log)\r\n');
    expect(errors(events)).toEqual([expect.objectContaining({ code: 'INVALID_CREDENTIALS' })]);
  });

  it('does not take a red Write-Host line that is not shaped like a record for an error', () => {
    expect(errors(parseTranscript(`${RED}Connection failed, retrying in 5 seconds${RESET}\r\n`))).toEqual([]);
  });
});

describe('unknown records', () => {
  it('keeps the message and FullyQualifiedErrorId of a 5.1 record no pattern knows', () => {
    const lines = renderErrorRecord51(
      {
        command: 'Get-RetentionCompliancePolicy',
        message: "The operation couldn't be performed because object 'Legal Hold 2019' couldn't be found.",
        position: ['At line:1 char:1', '+ Get-RetentionCompliancePolicy', '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'],
        categoryInfo: 'NotSpecified: (:) [Get-RetentionCompliancePolicy], ManagementObjectNotFoundException',
        fullyQualifiedErrorId: 'ManagementObjectNotFound,Get-RetentionCompliancePolicy',
      },
      120,
    );
    expect(errors(parseTranscript(lines.join('\r\n')))).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN',
        message: "The operation couldn't be performed because object 'Legal Hold 2019' couldn't be found.",
        fullyQualifiedErrorId: 'ManagementObjectNotFound,Get-RetentionCompliancePolicy',
        retryable: false,
      }),
    ]);
  });

  it('keeps the message of a PowerShell 7 one-line record no pattern knows', () => {
    const [event] = errors(parseTranscript(`${RED}Get-Widget: ${RED}The widget broke.${RESET}\r\n`));
    expect(event).toMatchObject({ code: 'UNKNOWN', message: 'The widget broke.' });
    expect(event!.matched).toBeUndefined();
  });
});

describe('record shapes', () => {
  it('reads the ConciseView script-error form from the brief (message in the gutter lines)', () => {
    const text = [
      'Exception: /home/u/.local/share/powershell/Modules/ExchangeOnlineManagement/3.9.2/ExchangeOnlineManagement.psm1:766',
      'Line |',
      ' 766 |                      throw $_.Exception.InnerException;',
      '     |                      ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '     | A window handle must be configured. See',
      '     | https://aka.ms/msal-net-wam#parent-window-handles',
      '',
    ].join('\n');
    expect(errors(parseTranscript(text))).toEqual([
      expect.objectContaining({
        code: 'WAM_WINDOW_HANDLE',
        message: 'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      }),
    ]);
  });

  it('continues a coloured one-line record with the red lines after it, and no further', () => {
    const text = `${RED}OperationStopped: ${RED}A window handle must be configured. See${RESET}\r\n${RED}${RED}https://aka.ms/msal-net-wam#parent-window-handles${RESET}\r\n${ESC}[39;49mnext output\r\n`;
    expect(parseTranscript(text)).toEqual([
      expect.objectContaining({
        code: 'WAM_WINDOW_HANDLE',
        message: 'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      }),
      { type: 'output', text: 'next output' },
    ]);
  });

  it('ends an uncoloured one-line record at a blank line or the start of something else', () => {
    const text = [
      "Connect-IPPSSession: The term 'Connect-IPPSSession' is not recognized as a name of a cmdlet, function,",
      'script file, or executable program.',
      'WARNING: next',
      '',
    ].join('\n');
    expect(parseTranscript(text)).toEqual([
      expect.objectContaining({
        code: 'MODULE_NOT_FOUND',
        message:
          "The term 'Connect-IPPSSession' is not recognized as a name of a cmdlet, function, script file, or executable program.",
      }),
      { type: 'output', text: 'WARNING: next' },
    ]);
  });

  it('reads the not-recognized text with no reason before it (5.1 wording, wrapped)', () => {
    const text =
      "The term 'Connect-ExchangeOnline' is not recognized as the name of a cmdlet, function, script file, or\noperable program. Check the spelling of the name.\n\n";
    expect(errors(parseTranscript(text))).toEqual([
      expect.objectContaining({
        code: 'MODULE_NOT_FOUND',
        message:
          "The term 'Connect-ExchangeOnline' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name.",
      }),
    ]);
  });

  it('keeps ordinary output printed just before a coloured NormalView record out of its message', () => {
    const text = `${ESC}[39;49mConnecting...\r\n${RED}${RED}Create Powershell Session is failed using OAuth${RESET}\r\n${RED}${RED}At /m.psm1:733 char:21${RESET}\r\n${RED}${RED}+ throw${RESET}\r\n${RED}${RED}+ CategoryInfo          : OperationStopped: (:) [], Exception${RESET}\r\n${RED}${RED}+ FullyQualifiedErrorId : Create Powershell Session is failed using OAuth${RESET}\r\n`;
    expect(parseTranscript(text)).toEqual([
      { type: 'output', text: 'Connecting...' },
      expect.objectContaining({
        code: 'WINRM_BASIC_AUTH_DISABLED',
        message: 'Create Powershell Session is failed using OAuth',
        fullyQualifiedErrorId: 'Create Powershell Session is failed using OAuth',
      }),
    ]);
  });

  it('gives one event per record when two records follow each other', () => {
    const record: ErrorRecord51 = {
      command: 'New-ExoPSSession',
      message:
        'Processing data from remote server x failed: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3.',
      position: ['At line:1 char:1', '+ New-ExoPSSession', '+ ~~~~~~~~~~~~~~~~'],
      categoryInfo: 'ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
      fullyQualifiedErrorId: 'PSRemotingDataStructureException,NewExoPSSession',
    };
    const lines = [...renderErrorRecord51(record, 80), ...renderErrorRecord51(record, 80)];
    expect(errors(parseTranscript(lines.join('\r\n'))).map((e) => e.code)).toEqual([
      'CONNECTION_LIMIT',
      'CONNECTION_LIMIT',
    ]);
  });
});

describe('a record wrapped at any width', () => {
  const record: ErrorRecord51 = {
    command: 'New-ExoPSSession',
    message:
      'Processing data from remote server gbr01b.ps.compliance.protection.outlook.com failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help topic.',
    position: [
      'At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30',
      '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
      '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
    ],
    categoryInfo: 'ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
    fullyQualifiedErrorId:
      'System.Management.Automation.Remoting.PSRemotingDataStructureException,Microsoft.Exchange.Management.ExoPowershellSnapin.NewExoPSSession',
  };
  const widths = Array.from({ length: 161 }, (_, i) => 40 + i);
  const longestWord = Math.max(...record.message.split(' ').map((word) => word.length));

  it.each(widths)('%i columns, the width known: same message, id and code', (width) => {
    const text = `PS C:\\> Connect-IPPSSession\r\n${renderErrorRecord51(record, width).join('\r\n')}\r\n`;
    expect(errors(parseTranscript(text, { columns: width }))).toEqual([
      expect.objectContaining({
        code: 'CONNECTION_LIMIT',
        message: record.message,
        fullyQualifiedErrorId: record.fullyQualifiedErrorId,
      }),
    ]);
  });

  it.each(widths)('%i columns, the width unknown: same code, and the same message when no word was broken', (width) => {
    const text = renderErrorRecord51(record, width).join('\r\n');
    const [event] = errors(parseTranscript(text));
    expect(event).toMatchObject({ code: 'CONNECTION_LIMIT', fullyQualifiedErrorId: record.fullyQualifiedErrorId });
    if (longestWord < width - 1) expect(event!.message).toBe(record.message);
  });
});
