/**
 * The replaying host on hand-written cassettes (no PowerShell anywhere): what it serves is read from the
 * cassette text written in each test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCassette } from '../../src/cassette/cassette.js';
import { currentPlatform } from '../../src/platform/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ipps-replayer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = '{"version":2,"width":160,"height":50}';
const step = (time: number, label: string) => JSON.stringify([time, 'm', label]);
const out = (time: number, data: string) => JSON.stringify([time, 'o', data]);

let count = 0;
function cassetteOf(lines: string[]) {
  const path = join(dir, `c${++count}.cast`);
  writeFileSync(path, `${[header, step(0, 'ipps:cassette {"version":1}'), ...lines].join('\n')}\n`);
  return openCassette({ path, mode: 'replay' }, {});
}

async function startReplay(lines: string[]) {
  const cassette = cassetteOf(lines);
  const seen: string[] = [];
  const host = await cassette.startHost({
    executable: '',
    platform: currentPlatform(),
    unattended: false,
    onOutput: (data) => seen.push(data),
  });
  return { host, seen };
}

describe('the replaying host', () => {
  it('serves each request its recorded output and outcome, placeholders (<tmp>) put back', async () => {
    const { host, seen } = await startReplay([
      step(0.1, 'ipps:start {"unattended":false}'),
      step(0.2, 'ipps:request {"method":"run","code":"& \'<tmp>/job.ps1\'"}'),
      out(0.3, 'first line\r\nin <tmp>\r\n'),
      out(0.4, 'half a '),
      out(0.5, 'line'),
      step(0.6, 'ipps:done {"success":false,"exitCode":3}'),
      step(0.7, 'ipps:request {"method":"evaluate","code":"Get-Thing","depth":2}'),
      step(0.8, 'ipps:done {"success":true,"value":[{"Path":"<tmp>/x"}]}'),
      step(0.9, 'ipps:close'),
    ]);
    const chunks: string[] = [];
    const result = await host.run(`& '${tmpdir()}/job.ps1'`, { onOutput: (data) => chunks.push(data) });
    expect(result).toMatchObject({
      success: false,
      exitCode: 3,
      output: ['first line', `in ${tmpdir()}`, 'half a line'],
    });
    expect(chunks).toEqual([`first line\r\nin ${tmpdir()}\r\n`, 'half a ', 'line']);
    expect(seen).toEqual(chunks);
    const evaluated = await host.evaluate('Get-Thing', { depth: 2 });
    expect(evaluated.value).toEqual([{ Path: `${tmpdir()}/x` }]);
    expect(host.transcriptTail(2)).toEqual([`in ${tmpdir()}`, 'half a line']);
    await host.close();
  });

  it('a request other than the recorded one fails at once with CASSETTE_MISMATCH naming both', async () => {
    const { host } = await startReplay([
      step(0.1, 'ipps:start {"unattended":true}'),
      step(0.2, 'ipps:request {"method":"run","code":"Get-Date"}'),
      step(0.3, 'ipps:done {"success":true}'),
      step(0.4, 'ipps:close'),
    ]);
    await expect(host.run('Get-Process')).rejects.toMatchObject({
      code: 'CASSETTE_MISMATCH',
      message: expect.stringMatching(/line 4 recorded run "Get-Date", but the session made run "Get-Process"/),
    });
    await host.close();
  });

  it('an answer must be the recorded one, unless it was secret (then any answer fits)', async () => {
    const prompted = (answer: string) => [
      step(0.1, 'ipps:start {"unattended":false}'),
      step(0.2, 'ipps:request {"method":"run","code":"Remove-Thing"}'),
      step(0.3, 'ipps:prompt {"line":"Are you sure? [Y] Yes [N] No (default is \\"Y\\"):"}'),
      step(0.4, answer),
      out(0.5, 'removed\r\n'),
      step(0.6, 'ipps:done {"success":true}'),
      step(0.7, 'ipps:close'),
    ];
    const answering = async (lines: string[], text: string, secret: boolean) => {
      const { host } = await startReplay(lines);
      const outcome = await host.run('Remove-Thing', { onQuiet: () => host.answer(text, { secret }) }).then(
        (result) => result.output,
        (error: { code: string }) => error.code,
      );
      await host.close().catch(() => {});
      return outcome;
    };
    expect(await answering(prompted('ipps:answer {"secret":false,"text":"Y"}'), 'Y', false)).toEqual(['removed']);
    expect(await answering(prompted('ipps:answer {"secret":false,"text":"Y"}'), 'N', false)).toBe('CASSETTE_MISMATCH');
    expect(await answering(prompted('ipps:answer {"secret":true}'), 'anything at all', true)).toEqual(['removed']);
  });

  it('a session that stops before the cassette does fails on close with CASSETTE_MISMATCH', async () => {
    const { host } = await startReplay([
      step(0.1, 'ipps:start {"unattended":true}'),
      step(0.2, 'ipps:request {"method":"run","code":"Get-Date"}'),
      step(0.3, 'ipps:done {"success":true}'),
      step(0.4, 'ipps:close'),
    ]);
    await expect(host.close()).rejects.toMatchObject({
      code: 'CASSETTE_MISMATCH',
      message: expect.stringContaining('recorded run "Get-Date", but the session made no more requests'),
    });
  });

  it('a recorded host failure is the same IppsConnectError, and the request still counts as running', async () => {
    const { host } = await startReplay([
      step(0.1, 'ipps:start {"unattended":true}'),
      step(0.2, 'ipps:request {"method":"run","code":"Connect-IPPSSession"}'),
      step(
        2.2,
        'ipps:failed {"error":{"code":"TIMEOUT","message":"No output for 2000 ms.","fix":"Raise it.","retryable":true},"busy":true}',
      ),
      step(2.3, 'ipps:interrupt'),
      step(2.4, 'ipps:interrupted {"ok":true}'),
      step(2.5, 'ipps:close'),
    ]);
    await expect(host.run('Connect-IPPSSession')).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'No output for 2000 ms.',
      fix: 'Raise it.',
      retryable: true,
    });
    expect(host.busy).toBe(true);
    expect(await host.interrupt(1000)).toBe(true);
    expect(host.busy).toBe(false);
    await host.close();
  });

  it('an interrupt sent during a request that ended after it: its result comes before the next request', async () => {
    const { host } = await startReplay([
      step(0.1, 'ipps:start {"unattended":false}'),
      step(0.2, 'ipps:request {"method":"run","code":"Connect-IPPSSession"}'),
      step(0.3, 'ipps:prompt {"line":"Enter the code sent to your phone: "}'),
      step(0.4, 'ipps:interrupt'),
      step(0.5, 'ipps:done {"success":false}'),
      step(0.6, 'ipps:interrupted {"ok":true}'),
      step(0.7, 'ipps:request {"method":"run","code":"Disconnect-ExchangeOnline -Confirm:$false"}'),
      step(0.8, 'ipps:done {"success":true}'),
      step(0.9, 'ipps:close'),
    ]);
    let interrupt: Promise<boolean> | undefined;
    const connect = await host.run('Connect-IPPSSession', {
      onQuiet: () => {
        interrupt = host.interrupt(1000);
      },
    });
    expect(connect.success).toBe(false);
    expect(interrupt).toBeDefined();
    const disconnect = await host.run('Disconnect-ExchangeOnline -Confirm:$false');
    expect(disconnect.success).toBe(true);
    expect(await interrupt).toBe(true);
    await host.close();
  });
});
