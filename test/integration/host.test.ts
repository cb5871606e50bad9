import { afterEach, describe, expect, it } from 'vitest';
import { PowerShellHost } from '../../src/host/powershell-host.js';
import { currentPlatform } from '../../src/platform/index.js';
import { handOverScript } from '../../src/session/session.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';
import { eventually, isAlive } from '../helpers/standin.js';

const nativeExit = (code: number) =>
  `if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { cmd /c exit ${code} } else { sh -c 'exit ${code}' }`;

describe.skipIf(skipWithoutPwsh)('PowerShellHost (real pwsh in a real pty)', () => {
  let host: PowerShellHost | undefined;
  afterEach(async () => {
    await host?.kill();
    host = undefined;
  });
  const start = async (unattended = true) => {
    host = await PowerShellHost.start({ executable: testPwsh!, platform: currentPlatform(), unattended });
    return host;
  };

  it('reports $? and the exit code of each command, typed or from a file', async () => {
    const shell = await start();
    expect(await shell.run('Write-Output hello; 1 + 1', { typed: true })).toMatchObject({
      success: true,
      output: ['hello', '2'],
    });
    expect(await shell.run(nativeExit(3), { typed: true })).toMatchObject({ success: false, exitCode: 3 });
    // $LASTEXITCODE is cleared per command: the next one reports none.
    expect(await shell.run('Write-Output next', { typed: true })).toEqual({ id: 3, success: true, output: ['next'] });
    const failed = await shell.run('Get-Item -Path ./does-not-exist');
    expect(failed.output.join('\n')).toMatch(/Cannot find path/);
    expect(await shell.run(nativeExit(0))).toMatchObject({ exitCode: 0 });
  });

  it('is not fooled by the echo: a command that prints marker-like text still ends at its own prompt', async () => {
    const shell = await start();
    const result = await shell.run('Write-Output "`e]633;D;1;1;;fake`a after"', { typed: true });
    expect(result.success).toBe(true);
    expect(result.output.join('')).toContain('after');
  });

  it('runs a script longer than 8 KB through a file, not the line editor', async () => {
    const shell = await start();
    const lines = Array.from({ length: 400 }, (_, index) => `$sum += ${index} # ${'pad'.repeat(8)}`);
    const script = ['$sum = 0', ...lines, '"sum=$sum"'].join('\n');
    expect(script.length).toBeGreaterThan(8 * 1024);
    const result = await shell.run(script);
    expect(result.output).toEqual(['sum=79800']);
  });

  it('turns an incomplete line into a parse error instead of a continuation prompt', async () => {
    const shell = await start();
    const result = await shell.run('foo {', { timeoutMs: 10_000 });
    expect(result.success).toBe(false);
    expect(result.output.join('\n')).toMatch(/Missing closing '\}'/);
  });

  it('times out, interrupts with Ctrl+C and carries on', async () => {
    const shell = await start();
    await expect(shell.run('Start-Sleep -Seconds 100', { timeoutMs: 500 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(shell.busy).toBe(true);
    expect(await shell.interrupt(5_000)).toBe(true);
    expect((await shell.run('Write-Output after', { typed: true })).output).toEqual(['after']);
  });

  it('times out on silence with the idle timeout', async () => {
    const shell = await start();
    const run = shell.run('Write-Output start; Start-Sleep -Seconds 100', { idleTimeoutMs: 700, timeoutMs: 20_000 });
    await expect(run).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/No output/) });
  });

  it('returns structured results on the command channel, whatever the console width, without showing them', async () => {
    const shell = await start();
    const shown: string[] = [];
    const { value } = await shell.evaluate<{ Name: string; Long: string }>(
      "[pscustomobject]@{ Name = 'a'; Long = 'y' * 500 }",
      { onOutput: (data) => shown.push(data) },
    );
    expect(value).toEqual([{ Name: 'a', Long: 'y'.repeat(500) }]);
    expect(shown.join('')).not.toContain('yyyy');
    // Nothing is left in the session folder but the channel's socket.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(shell.workDir).filter((name) => name !== 'channel.sock')).toEqual([]);
  });

  it('a result with line breaks, non-ASCII text and megabytes of data arrives whole, request after request', async () => {
    const shell = await start();
    const text = 'line one\nline two \u00e9\u{1F600}';
    const first = await shell.evaluate<{ Text: string; Big: string }>(
      `[pscustomobject]@{ Text = "line one\`nline two $([char]0xe9)$([char]::ConvertFromUtf32(0x1F600))"; Big = 'z' * 3MB }`,
    );
    expect(first.value).toEqual([{ Text: text, Big: 'z'.repeat(3 * 1024 * 1024) }]);
    expect((await shell.evaluate<number>('1..3')).value).toEqual([1, 2, 3]);
  });

  it('a pipeline that fails before its end gives no value, not a wait', async () => {
    const shell = await start();
    const { value, result } = await shell.evaluate("& { 'partial'; throw 'stopped early' }");
    expect(value).toEqual([]);
    expect(result.success).toBe(false);
    // The next request's result is its own.
    expect((await shell.evaluate<string>("'next'")).value).toEqual(['next']);
  });

  it('kills the whole process tree, children included', async () => {
    const shell = await start();
    const { value } = await shell.evaluate<{ Id: number }>(
      "$child = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { Start-Process ping -ArgumentList '-n','300','127.0.0.1' -PassThru -NoNewWindow } else { Start-Process sleep -ArgumentList '300' -PassThru }; $child | Select-Object Id",
    );
    const child = value[0]!.Id;
    expect(isAlive(child)).toBe(true);
    const pid = shell.pid;
    await shell.kill();
    expect(await eventually(() => !isAlive(pid) && !isAlive(child))).toBe(true);
  });

  it('PSReadLine is not loaded while the loop has the session; the hand-over loads it for the person', async () => {
    const shell = await start();
    const loaded = '[bool](Get-Module -Name PSReadLine)';
    expect((await shell.evaluate<boolean>(loaded)).value).toEqual([false]);
    await shell.run(handOverScript, { timeoutMs: 20_000 });
    expect((await shell.evaluate<boolean>(loaded)).value).toEqual([true]);
  });

  it('exit in a request ends that request with its exit code; the session goes on', async () => {
    const shell = await start();
    expect(await shell.run('"before"; exit 3; "never"')).toMatchObject({
      success: false,
      exitCode: 3,
      output: ['before'],
    });
    expect(await shell.run('exit')).toMatchObject({ success: true, exitCode: 0 });
    expect((await shell.run('"after"')).output).toEqual(['after']);
  });

  it('takes code with tabs, control characters, quotes and any length exactly, in the global scope', async () => {
    const shell = await start();
    const text = 'tab\there \'single\' "double" `backtick \u00e9\u{1F600} \x01\x1b[31m';
    const literal = `'${text.replaceAll("'", "''")}'`;
    const echoed = await shell.evaluate<string>(literal);
    expect(echoed.value).toEqual([text]);
    // Variables and functions persist from one request to the next, as at the prompt.
    await shell.run('$kept = 41; function Add-One($n) { $n + 1 }');
    expect((await shell.run('Add-One $kept')).output).toEqual(['42']);
    const big = `$n = 0\n${'$n++\n'.repeat(20_000)}"n=$n"`;
    expect(big.length).toBeGreaterThan(100_000);
    expect((await shell.run(big)).output).toEqual(['n=20000']);
  });

  it('a second run() while one is running fails at once with an IppsConnectError, and the first one completes', async () => {
    const shell = await start();
    const first = shell.run('Start-Sleep -Milliseconds 300; "first"');
    const second = shell.run('"second"');
    await expect(second).rejects.toMatchObject({ name: 'IppsConnectError', code: 'INVALID_INPUT' });
    expect((await first).output).toEqual(['first']);
  });

  it('Ctrl+C stops a running request; its run() ends unsuccessful and the session goes on', async () => {
    const shell = await start();
    const running = shell.run('"started"; Start-Sleep -Seconds 100; "never"');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await shell.interrupt(10_000)).toBe(true);
    const result = await running;
    expect(result.success).toBe(false);
    expect(result.output).toContain('started');
    expect(result.output).not.toContain('never');
    expect(shell.busy).toBe(false);
    expect((await shell.run('"after"')).output).toEqual(['after']);
  });

  it('a Ctrl+C that reaches PowerShell while the loop waits for a request does not lose the next request', async () => {
    const shell = await start();
    expect((await shell.run('"before"')).output).toEqual(['before']);
    // The loop is blocked in its read: the stop takes effect only once the next line arrives.
    shell.write('\x03');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await shell.run('"next"', { timeoutMs: 15_000 });
    expect(next).toMatchObject({ success: true, output: ['next'] });
    expect((await shell.run('"after"')).output).toEqual(['after']);
  });

  it('a result that is not JSON is an IppsConnectError, not a SyntaxError', async () => {
    const shell = await start();
    // The pipeline sends garbage where __ippsResult would send JSON.
    await shell.run('function global:__ippsResult { param($Depth) end { __ippsReply \'result [{"a":\' } }');
    await expect(shell.evaluate('1')).rejects.toMatchObject({ name: 'IppsConnectError', code: 'INTERNAL' });
  });

  it('leaving the loop gives the real prompt; no more requests are taken', async () => {
    const shell = await start();
    await shell.leaveLoop(10_000);
    await expect(shell.run('"x"')).rejects.toMatchObject({ name: 'IppsConnectError' });
  });

  it.each([
    ['unattended', true],
    ['attended (without -NonInteractive)', false],
  ])('closes from the loop by letting PowerShell exit by itself, not by killing it (%s)', async (_mode, unattended) => {
    const shell = await start(unattended);
    await shell.run("'warm'");
    await shell.close();
    // Killed after the grace period, the pty would report a signal; an exit PowerShell chose reports code 0.
    expect(await shell.exited).toEqual({ exitCode: 0, signal: 0 });
  });

  it('closes cleanly: PowerShell exits and the session folder is removed', async () => {
    const shell = await start();
    const { existsSync } = await import('node:fs');
    const folder = shell.workDir;
    expect(existsSync(folder)).toBe(true);
    await shell.close();
    expect(isAlive(shell.pid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
