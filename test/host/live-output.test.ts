// Issue 16, "Live sessions misread and lose output", through real pwsh and the stand-in module: ordinary
// output of a command that succeeded is output, never an error; a very long line arrives whole.
import { afterEach, describe, expect, it } from 'vitest';
import { IppsConnectError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';
import { currentPlatform } from '../../src/platform/index.js';
import { runAttempt } from '../../src/session/attempt.js';
import type { SessionEvent } from '../../src/session/events.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

/**
 * False alarms: lines shaped like PowerShell's one-line error form (`Word: text`, `Word-Word: text`) or
 * mentioning an error code, printed by a command that succeeded. Each must be an output event.
 */
const falseAlarms = [
  'Case-123: Completed',
  'Unauthorized',
  'Exception: a log line',
  'report.ps1: finished',
  'InvalidOperation: 3 skipped',
  'Hold-Legal-2024: 17 mailboxes',
  'Get-Mailbox: 42 results',
  'AADSTS50076 appears in this audit note',
];

describe.skipIf(skipWithoutPwsh)('a live session reads ordinary output as output (issue 16)', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  async function runCommand(command: string, objects?: { depth: number }) {
    world = standIn('success');
    const events: SessionEvent[] = [];
    let error: IppsConnectError | undefined;
    const platform = currentPlatform();
    const options = resolveOptions(
      { ...world.options, userPrincipalName: 'chris@contoso.com', unattended: true, command },
      { platform: platform.name, interactiveTerminal: false },
    );
    const outcome = await runAttempt(
      options,
      platform,
      { env: world.env, onEvent: (event) => events.push(event) },
      objects ? { objects } : {},
    ).catch((caught: unknown) => {
      if (!(caught instanceof IppsConnectError)) throw caught;
      error = caught;
      return undefined;
    });
    const running = events.findIndex((event) => event.type === 'phase' && event.phase === 'running');
    const work = events.slice(running);
    return { outcome, error, work };
  }

  it.each(falseAlarms)('%j from a command that succeeded is output, not an error', async (line) => {
    const { error, work, outcome } = await runCommand(`"${line}"; "next line"`);
    expect(error).toBeUndefined();
    expect(work.filter((event) => event.type === 'error')).toEqual([]);
    const output = work.filter((event) => event.type === 'output').map((event) => event.text);
    expect(output).toEqual([line, 'next line']);
    expect(outcome?.work?.success).toBe(true);
  });

  it('Write-Host "Exception: x" with objects asked for (--output json) is output, and the objects come back', async () => {
    const { error, work, outcome } = await runCommand('Write-Host "Exception: x"; [pscustomobject]@{ n = 1 }', {
      depth: 2,
    });
    expect(error).toBeUndefined();
    expect(work.filter((event) => event.type === 'error')).toEqual([]);
    expect(work.filter((event) => event.type === 'output').map((event) => event.text)).toEqual(['Exception: x']);
    expect(outcome?.work?.objects).toEqual([{ n: 1 }]);
  });

  it('a real error in the same command is still an error', async () => {
    const { work } = await runCommand('"Case-123: Completed"; Write-Error "Case-124 failed"');
    const errors = work.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: expect.stringContaining('Case-124 failed') });
  });

  it('a 938,894-character line arrives whole (or in pieces that are marked as cut and join to it)', async () => {
    const expected = Array.from({ length: 150_000 }, (_, index) => index + 1).join(',');
    expect(expected.length).toBe(938_894);
    const { error, work, outcome } = await runCommand('(1..150000) -join ","');
    expect(error).toBeUndefined();
    const outputs = work.filter((event) => event.type === 'output') as Array<{ text: string; cut?: boolean }>;
    // Pieces of one line carry `cut` on every piece but the last; they join to the line.
    const joined = outputs.map((event) => event.text).join('');
    expect(joined).toBe(expected);
    expect(outputs.slice(0, -1).every((event) => event.cut === true)).toBe(true);
    expect(outcome?.work?.output).toEqual([expected]);
  });
});
