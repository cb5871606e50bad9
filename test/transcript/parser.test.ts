import { describe, expect, it } from 'vitest';
import { createTranscriptParser, parseTranscript } from '../../src/transcript/index.js';

describe('createTranscriptParser', () => {
  it('emits a line as soon as what follows shows where it ends', () => {
    const parser = createTranscriptParser();
    expect(parser.push('WARNING: one')).toEqual([]);
    expect(parser.push('\r\nVERBOSE: two\r\n')).toEqual([
      { type: 'output', text: 'WARNING: one' },
      { type: 'output', text: 'VERBOSE: two' },
    ]);
    expect(parser.end()).toEqual([]);
  });

  it('holds a possible record head until the paragraph shows whether a record follows', () => {
    const parser = createTranscriptParser();
    expect(parser.push('Create Powershell Session is failed using OAuth\r\n')).toEqual([]);
    expect(parser.push('At C:\\m.psm1:733 char:21\r\n+ throw $_.Exception;\r\n')).toEqual([]);
    expect(
      parser.push(
        '    + CategoryInfo          : OperationStopped: (:) [], Exception\r\n    + FullyQualifiedErrorId : Create Powershell Session is failed using OAuth\r\n \r\n',
      ),
    ).toEqual([expect.objectContaining({ type: 'error', code: 'WINRM_BASIC_AUTH_DISABLED' })]);
  });

  it('settles a record when the shell says the command finished, before the prompt line ends', () => {
    const parser = createTranscriptParser();
    const red = '\u001b[31;1m';
    expect(parser.push(`${red}Connect-IPPSSession: ${red}UnAuthorized\u001b[0m\r\n`)).toEqual([]);
    expect(parser.push('\u001b]633;D;1\u0007\u001b]633;A\u0007PS /home/u> ')).toEqual([
      expect.objectContaining({ type: 'error', code: 'UNAUTHORIZED', message: 'UnAuthorized' }),
    ]);
  });

  it('reports a prompt left open only at the end of the stream', () => {
    const parser = createTranscriptParser();
    expect(parser.push('Enter the code sent to your phone: ')).toEqual([]);
    expect(parser.end()).toEqual([{ type: 'prompt', kind: 'read-host', text: 'Enter the code sent to your phone:' }]);
    // Answered, the same line is just output.
    expect(parseTranscript('Enter the code sent to your phone: 123456\r\n')).toEqual([
      { type: 'output', text: 'Enter the code sent to your phone: 123456' },
    ]);
  });

  it('reads a credential prompt (with its refusal on the same line) and a password prompt', () => {
    expect(parseTranscript('PowerShell credential request\r\nEnter your credentials.\r\nUser: ')).toEqual([
      { type: 'prompt', kind: 'credential', text: 'PowerShell credential request\nEnter your credentials.\nUser:' },
    ]);
    expect(parseTranscript('Password for user admin@contoso.onmicrosoft.com: ')).toEqual([
      { type: 'prompt', kind: 'credential', text: 'Password for user admin@contoso.onmicrosoft.com:' },
    ]);
  });

  it('reports an exit only from the host, never from text', () => {
    const events = parseTranscript('\u001b]633;D;1\u0007exit 1\r\n');
    expect(events).toEqual([{ type: 'output', text: 'exit 1' }]);
  });

  it('fails loudly when used after end()', () => {
    const parser = createTranscriptParser();
    parser.end();
    expect(() => parser.push('x')).toThrow(/ended/);
    expect(() => parser.end()).toThrow(/ended/);
  });

  it('is pure: the same text gives the same events every time, in any parser', () => {
    const text = 'WARNING: a\r\nConnect-IPPSSession: UnAuthorized\r\n';
    expect(parseTranscript(text)).toEqual(parseTranscript(text));
  });
});
