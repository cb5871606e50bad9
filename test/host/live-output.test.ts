// Issue 16, "Live sessions misread and lose output", through real pwsh and the stand-in module: ordinary
// output of a command that succeeded is output, never an error; a very long line arrives whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/api.js';
import type { SessionEvent } from '../../src/session/events.js';
import type { Session } from '../../src/session/session.js';
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
  let session: Session | undefined;
  let events: SessionEvent[] = [];
  beforeAll(async () => {
    world = standIn('success');
    session = await connect(
      {
        ...world.options,
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        organization: 'contoso.onmicrosoft.com',
        certificatePath: '/certs/job.pfx',
        unattended: true,
      },
      { env: world.env, onEvent: (event) => events.push(event) },
    );
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    world?.dispose();
  });

  /** One command in the connected session (one connect for the whole file): its result and events. */
  async function runCommand(command: string, objects?: { depth: number }) {
    events = [];
    const result = await session!.work({ kind: 'command', code: command }, objects ? { objects } : {});
    return { result, work: events };
  }

  it.each(falseAlarms)('%j from a command that succeeded is output, not an error', async (line) => {
    const { result, work } = await runCommand(`"${line}"; "next line"`);
    expect(work.filter((event) => event.type === 'error')).toEqual([]);
    const output = work.filter((event) => event.type === 'output').map((event) => event.text);
    expect(output).toEqual([line, 'next line']);
    expect(result.success).toBe(true);
  });

  it('Write-Host "Exception: x" with objects asked for (--output json) is output, and the objects come back', async () => {
    const { result, work } = await runCommand('Write-Host "Exception: x"; [pscustomobject]@{ n = 1 }', { depth: 2 });
    expect(work.filter((event) => event.type === 'error')).toEqual([]);
    expect(work.filter((event) => event.type === 'output').map((event) => event.text)).toEqual(['Exception: x']);
    expect(result.objects).toEqual([{ n: 1 }]);
    expect(result.success).toBe(true);
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
    const { result, work } = await runCommand('(1..150000) -join ","');
    const outputs = work.filter((event) => event.type === 'output') as Array<{ text: string; cut?: boolean }>;
    // Pieces of one line carry `cut` on every piece but the last; they join to the line.
    expect(outputs.map((event) => event.text).join('')).toBe(expected);
    expect(outputs.slice(0, -1).every((event) => event.cut === true)).toBe(true);
    expect(result.output).toEqual([expected]);
  });
});
