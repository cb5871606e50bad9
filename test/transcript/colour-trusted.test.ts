/**
 * Colour-trusted mode (issue 16, "ordinary output fails jobs"): in a live pwsh 7 session every error record
 * is drawn in the error colour, so uncoloured lines shaped like errors are output there.
 */
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/index.js';

const RED = '\u001b[31;1m';
const RESET = '\u001b[0m';
const types = (text: string, colourTrusted: boolean) =>
  parseTranscript(text, { colourTrusted }).map((event) =>
    event.type === 'error' ? `error:${event.code}` : event.type,
  );

describe('colourTrusted', () => {
  // The reproductions: pwsh printed each of these as ordinary output (uncoloured), and `$?` was true.
  const ordinary = [
    'Case-123: Completed',
    'Unauthorized',
    'UnAuthorized',
    'Exception: a log line',
    'report.ps1: finished',
    'InvalidOperation: 3 skipped',
    'Get-Thing : not an error, a data row',
    'AADSTS50076 appears in this log row',
  ];
  it.each(ordinary)('reads uncoloured %j as output, and the line after it too', (line) => {
    expect(types(`${line}\r\nnext line\r\n`, true)).toEqual(['output', 'output']);
  });

  it('still reads a record in the error colour, with its coloured continuation', () => {
    const text = `${RED}Connect-IPPSSession: ${RED}Fail to create a runspace because you have exceeded${RESET}\r\n${RED}the maximum number of connections allowed : 3.${RESET}\r\nCase-123: Completed\r\n`;
    expect(types(text, true)).toEqual(['error:CONNECTION_LIMIT', 'output']);
  });

  it('still reads the module\'s uncoloured "Error Acquiring Token:" block', () => {
    const text = 'Error Acquiring Token:\r\nUnknown Status: Unexpected\r\nError: 0xffffffff80070520\r\n\r\n';
    expect(types(text, true)).toEqual(['error:WAM_NO_USER_SESSION']);
  });

  it('is off by default: without known colours the text decides (a file, a paste)', () => {
    expect(types('Exception: a log line\r\n', false)).toEqual(['error:UNKNOWN']);
    expect(types('AADSTS50076: MFA needed\r\n', false)).toEqual(['error:MFA_REQUIRED']);
  });
});
