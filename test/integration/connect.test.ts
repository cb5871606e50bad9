import { afterEach, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { IppsConnectError } from '../../src/errors.js';
import type { SessionEvent } from '../../src/session/events.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { eventually, isAlive, standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

describe.skipIf(skipWithoutPwsh)('connect through real pwsh against the stand-in module', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  async function session(scenario: string, options: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
    world = standIn(scenario, extraEnv);
    const events: SessionEvent[] = [];
    let error: IppsConnectError | undefined;
    const controller = new AbortController();
    const run = runSession(
      { ...world.options, ...options },
      { env: world.env, onEvent: (event) => events.push(event), signal: controller.signal },
    ).catch((caught: unknown) => {
      if (!(caught instanceof IppsConnectError)) throw caught;
      error = caught;
    });
    return { events, run, controller, error: () => error, calls: () => world!.calls() };
  }

  const attendedUpn = { userPrincipalName: 'chris@contoso.com', unattended: false };
  const appOnly = {
    appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
    organization: 'contoso.onmicrosoft.com',
    certificatePath: '/certs/job.pfx',
    unattended: true,
  };

  it('connects, reports the connection, and disconnects (REST: the real module shows no import progress)', async () => {
    const s = await session('success', attendedUpn, { IPPSCONNECT_STANDIN_DELAY_MS: '60' });
    await s.run;
    expect(s.error()).toBeUndefined();
    const types = s.events.map((event) => event.type);
    expect(types).not.toContain('progress');
    const connected = s.events.find((event) => event.type === 'connected');
    expect(connected).toMatchObject({
      name: 'ExchangeOnlineProtection_1',
      userPrincipalName: 'chris@contoso.com',
      isEopSession: true,
    });
    const cmdlets = s.calls().map((call) => call.cmdlet);
    expect(cmdlets[0]).toBe('Connect-IPPSSession');
    expect(s.calls()[0]!.parameters).toEqual({ UserPrincipalName: 'chris@contoso.com' });
    expect(cmdlets).toContain('Get-ConnectionInformation');
    expect(cmdlets.at(-1)).toBe('Disconnect-ExchangeOnline');
    expect(s.calls().at(-1)!.parameters).toMatchObject({ Confirm: false });
  });

  it('ends a connection-limit failure with its code and fix, and still disconnects', async () => {
    const s = await session('error:CONNECTION_LIMIT', attendedUpn);
    await s.run;
    expect(s.error()).toMatchObject({ code: 'CONNECTION_LIMIT', retryable: true });
    expect(s.error()!.message).toMatch(/maximum number of connections/);
    expect(s.error()!.fix).toMatch(/Disconnect-ExchangeOnline/);
    expect(s.calls().at(-1)!.cmdlet).toBe('Disconnect-ExchangeOnline');
  });

  it('ends an MFA failure with MFA_REQUIRED, not retryable', async () => {
    const s = await session('error:MFA_REQUIRED', attendedUpn);
    await s.run;
    expect(s.error()).toMatchObject({ code: 'MFA_REQUIRED', retryable: false });
  });

  it('fails fast when the module prompts in an unattended (-NonInteractive) session', async () => {
    // Within the connect timeout (120 s unattended): a wait for input would end as TIMEOUT instead. No
    // wall-clock bound here: the machine's load decides that, not the code.
    const s = await session('prompt', { ...appOnly, timeouts: { connectMs: 45_000 } });
    await s.run;
    expect(s.error()?.code).toBe('PROMPT_IN_UNATTENDED');
    expect(s.error()?.fix).toMatch(/app-only/);
  });

  it('notices a prompt waiting for input in an attended session and fails instead of hanging', async () => {
    const s = await session('prompt', attendedUpn);
    await s.run;
    expect(s.error()?.code).toBe('PROMPT_IN_UNATTENDED');
    // Attended, but no terminal to ask at (the library was given no answerPrompt): the advice says so,
    // rather than suggesting the unattended remedies to a person who asked for an attended session.
    expect(s.error()?.fix).toMatch(/terminal/);
    expect(s.error()?.fix).not.toMatch(/unattended/);
    expect(s.events).toContainEqual(
      expect.objectContaining({ type: 'prompt', text: expect.stringMatching(/Enter the code/) }),
    );
  });

  it('times out a hanging connect and leaves no process behind', async () => {
    const s = await session('hang', { ...attendedUpn, timeouts: { connectMs: 1_500 } });
    await s.run;
    expect(s.error()?.code).toBe('TIMEOUT');
    const pid = s.calls()[0]!.pid;
    expect(await eventually(() => !isAlive(pid))).toBe(true);
  });

  it('cancels a hanging connect on abort and leaves no process behind', async () => {
    const s = await session('hang', attendedUpn);
    await eventually(() => s.calls().length > 0, 20_000);
    s.controller.abort(new Error('test cancels'));
    await s.run;
    expect(s.error()?.code).toBe('CANCELLED');
    expect(await eventually(() => !isAlive(s.calls()[0]!.pid))).toBe(true);
  });

  it('runs a script longer than 8 KB and returns its output', async () => {
    const filler = Array.from({ length: 300 }, (_, index) => `# filler line ${index} ${'x'.repeat(20)}`).join('\n');
    const command = `${filler}\n$total = 0\n1..100 | ForEach-Object { $total += $_ }\n"total=$total"\nGet-RetentionCompliancePolicy | Select-Object -ExpandProperty Name`;
    expect(command.length).toBeGreaterThan(8 * 1024);
    const s = await session('success', { ...attendedUpn, command });
    await s.run;
    expect(s.error()).toBeUndefined();
    const output = s.events.filter((event) => event.type === 'output').map((event) => event.text);
    expect(output).toContain('total=5050');
    expect(output).toContain('Mailbox retention 7 years');
  });

  it('reports a failing script as SCRIPT_FAILED with the native exit code', async () => {
    const s = await session('success', {
      ...attendedUpn,
      command: "if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { cmd /c exit 3 } else { sh -c 'exit 3' }",
    });
    await s.run;
    expect(s.error()?.code).toBe('SCRIPT_FAILED');
    expect(s.error()?.message).toMatch(/exit code 3/);
    expect(s.events).toContainEqual({ type: 'exit', success: false, exitCode: 3 });
  });
});
