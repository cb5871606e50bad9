/**
 * The CLI as a person meets it: inside tmux, a real terminal emulator that answers PowerShell's queries
 * the way Windows Terminal, iTerm or xterm do. Keys go in with send-keys, the screen is read with
 * capture-pane. Each test has its own tmux server and stand-in world.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineOf, descendantsOf, expectAllGone, watchTree } from '../faults/helpers.js';
import { cliPath } from '../helpers/cli.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { eventually, isAlive, standIn } from '../helpers/standin.js';
import { singleVersionModules } from '../standin/versions.js';
import { shellQuote, skipWithoutTmux, TmuxTerminal } from './tmux.js';

/** IPPSCONNECT_TEST_CLI runs these tests against another build (to show a bug before its fix). */
const cli = process.env.IPPSCONNECT_TEST_CLI ?? cliPath;
/** A prompt of the handed-over session, ready for input. */
const readyPrompt = /type exit to disconnect[\s\S]*PS [^\n]*> *\n*$/;
/** Answers to PowerShell's cursor-position query typed as text: the symptom of two answering parties. */
const strayReply = /\d+;\d+R/;

describe.skipIf(skipWithoutPwsh || skipWithoutTmux || process.platform === 'win32')(
  'a person at a real terminal (tmux, the built CLI, real pwsh, stand-in module)',
  () => {
    let world: ReturnType<typeof standIn> | undefined;
    let terminal: TmuxTerminal | undefined;
    afterEach(async () => {
      // Whatever the outcome, nothing of this test may outlive it: what a closed terminal did not end, ends here.
      const left = terminal ? descendantsOf(terminal.panePidOrUndefined() ?? -1) : [];
      terminal?.dispose();
      if (left.length > 0 && !(await eventually(() => left.every((pid) => !isAlive(pid)), 5_000))) {
        for (const pid of left) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
      terminal = undefined;
      world?.dispose();
      world = undefined;
    });

    function start(
      args: string[],
      options: {
        scenario?: string;
        env?: Record<string, string>;
        before?: string;
        captureStderr?: boolean;
        modules?: string;
      } = {},
    ): TmuxTerminal {
      world = standIn(options.scenario ?? 'success', options.env ?? {});
      const command = [
        process.execPath,
        cli,
        'connect',
        '--pwsh',
        testPwsh!,
        '--module-path',
        options.modules ?? standInModulesDir,
        ...args,
      ]
        .map(shellQuote)
        .join(' ');
      const redirect = options.captureStderr ? ` 2>${shellQuote(join(world.dir, 'stderr.txt'))}` : '';
      terminal = TmuxTerminal.start({ command: `${options.before ?? ''}${command}${redirect}`, env: world.env });
      return terminal;
    }

    const disconnects = () => world!.calls().filter((call) => call.cmdlet === 'Disconnect-ExchangeOnline').length;

    /** The ippsconnect process: the node child of the pane's shell. */
    async function cliPid(): Promise<number> {
      const pane = terminal!.panePid();
      for (let tries = 0; tries < 50; tries++) {
        const found = descendantsOf(pane).find((pid) => commandLineOf(pid).includes(cli));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('ippsconnect did not start in the pane');
    }

    it('hands over a prompt that works: Tab completes a prefixed cmdlet, it runs, nothing stray shows, exit disconnects with 0', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--exo-prefix', 'Cc']);
      await term.waitFor(readyPrompt, 60_000);
      term.type('Get-CcMailb');
      term.press('Tab');
      await term.waitFor(/PS [^\n]*> Get-CcMailbox *\n*$/, 10_000);
      term.press('Enter');
      await term.waitFor(/helpdesk@contoso\.com[\s\S]*PS [^\n]*> *\n*$/, 20_000);
      const screen = term.history();
      expect(screen).not.toMatch(strayReply);
      expect(screen).not.toMatch(/is not recognized/);
      expect(screen).toMatch(/PrimarySmtpAddress\s+: AdeleV@contoso\.com/);
      term.type('exit');
      term.press('Enter');
      expect(await term.exitCode()).toBe(0);
      expect(disconnects()).toBeGreaterThanOrEqual(1);
      expect(world!.calls().map((call) => call.cmdlet)).toContain('Get-CcMailbox');
      // The terminal is back in cooked mode with echo, as the shell expects it.
      expect(term.terminalModes()).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(term.terminalModes()).toMatch(/(^|\s)echo(\s|$)/m);
    });

    it('Ctrl+C stops the running command and keeps the session; size and colours pass; Ctrl+D leaves with 0 and disconnects', async () => {
      const term = start(['--upn', 'chris@contoso.com']);
      await term.waitFor(readyPrompt, 60_000);
      term.type('Start-Sleep -Seconds 60; "not interrupted"');
      term.press('Enter');
      await term.waitFor(/Start-Sleep -Seconds 60; "not interrupted" *\n*$/, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      term.press('C-c');
      await term.waitFor(/Start-Sleep[^\n]*\n+PS [^\n]*> *\n*$/, 10_000);
      term.type('"still " + "here"');
      term.press('Enter');
      await term.waitFor(/^still here$/m, 10_000);
      // The terminal's size reaches PowerShell, at once and after a resize.
      term.type('"width=" + $Host.UI.RawUI.WindowSize.Width');
      term.press('Enter');
      await term.waitFor(/^width=120$/m, 10_000);
      term.tmux('resize-window', '-t', 'main', '-x', '100', '-y', '30');
      await new Promise((resolve) => setTimeout(resolve, 500));
      term.type('"width=" + $Host.UI.RawUI.WindowSize.Width');
      term.press('Enter');
      await term.waitFor(/^width=100$/m, 10_000);
      // Colours reach the terminal as PowerShell wrote them.
      term.type('Write-Host "in green" -ForegroundColor Green');
      term.press('Enter');
      await term.waitFor(/^in green$/m, 10_000);
      expect(term.tmux('capture-pane', '-p', '-e', '-t', 'main')).toMatch(
        /\x1b\[(?:[0-9;]*;)?(?:32|92)m(?:\x1b\[[0-9;]*m)*in green/,
      );
      term.press('C-d');
      expect(await term.exitCode()).toBe(0);
      expect(term.history()).not.toMatch(/^not interrupted$/m);
      expect(term.history()).not.toMatch(strayReply);
      expect(disconnects()).toBeGreaterThanOrEqual(1);
    });

    it('closing the terminal (SIGHUP) disconnects and leaves no ippsconnect or pwsh process behind', async () => {
      const term = start(['--upn', 'chris@contoso.com']);
      await term.waitFor(readyPrompt, 60_000);
      const pid = await cliPid();
      const tree = watchTree(() => pid);
      tree.sample();
      expect([...tree.commandLines.values()].some((line) => /pwsh/.test(line))).toBe(true);
      term.type('Get-Retention');
      term.kill();
      tree.stop();
      await expectAllGone(tree.pids, 15_000);
      expect(disconnects()).toBeGreaterThanOrEqual(1);
    });

    it('closing the terminal while connecting disconnects, ends every process, and exits without a crash', async () => {
      const term = start(['--upn', 'chris@contoso.com'], { scenario: 'hang', captureStderr: true });
      const stderrFile = join(world!.dir, 'stderr.txt');
      await term.waitFor(/… Connecting to Security & Compliance PowerShell/, 60_000);
      const pid = await cliPid();
      const tree = watchTree(() => pid);
      tree.sample();
      await eventually(() => world!.calls().some((call) => call.cmdlet === 'Connect-IPPSSession'), 10_000);
      term.kill();
      tree.stop();
      await expectAllGone(tree.pids, 15_000);
      expect(disconnects()).toBe(1);
      const stderr = readFileSync(stderrFile, 'utf8');
      expect(stderr).toMatch(/CANCELLED/);
      // Node aborts (exit 134, a native stack) when it cannot reset a hung-up terminal as it exits.
      expect(stderr).not.toMatch(/Assertion failed|Native stack/);
    });

    it('reads a password asked by PowerShell without echo, and types it', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--command', '"done"'], { scenario: 'prompt:credential' });
      await term.waitFor(/User: *\n*$/, 60_000);
      term.type('chris');
      term.press('Enter');
      await term.waitFor(/Password for user chris: *\n*$/, 20_000);
      term.type('S3cret-Typed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(term.screen()).not.toMatch(/S3cret-Typed/);
      term.press('Enter');
      expect(await term.exitCode()).toBe(0);
      expect(term.history()).not.toMatch(/S3cret-Typed/);
      const connect = world!.calls().find((call) => call.cmdlet === 'Connect-IPPSSession');
      expect(connect).toBeDefined();
    });

    it('SIGTERM during hand-over disconnects, restores the terminal and exits 130', async () => {
      const term = start(['--upn', 'chris@contoso.com']);
      await term.waitFor(readyPrompt, 60_000);
      const pid = await cliPid();
      const tree = watchTree(() => pid);
      tree.sample();
      term.type('Get-Retention');
      process.kill(pid, 'SIGTERM');
      expect(await term.exitCode(20_000)).toBe(130);
      tree.stop();
      await expectAllGone(tree.pids);
      expect(disconnects()).toBeGreaterThanOrEqual(1);
      expect(term.terminalModes()).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(term.terminalModes()).toMatch(/(^|\s)echo(\s|$)/m);
    });

    it('SIGTERM during --command disconnects and exits 130', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--command', 'Start-Sleep -Seconds 60']);
      await term.waitFor(/… Running/, 60_000);
      const pid = await cliPid();
      const tree = watchTree(() => pid);
      tree.sample();
      process.kill(pid, 'SIGTERM');
      expect(await term.exitCode(20_000)).toBe(130);
      tree.stop();
      await expectAllGone(tree.pids);
      expect(disconnects()).toBe(1);
      expect(term.screen()).toMatch(/CANCELLED/);
    });

    it('asks an attended prompt in the same terminal and types the answer the person typed', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--command', '"done"'], { scenario: 'prompt' });
      await term.waitFor(/Enter the code sent to your phone: *\n*$/, 60_000);
      term.type('424242');
      // A code may be secret: like every answer but a confirmation choice, it is read without echo.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(term.screen()).not.toMatch(/424242/);
      term.press('Enter');
      expect(await term.exitCode()).toBe(0);
      expect(term.history()).toMatch(/✔ Connected/);
      expect(disconnects()).toBe(1);
    });

    it('Ctrl+C at an attended prompt cancels the session: disconnected, exit 130', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--command', '"done"'], { scenario: 'prompt' });
      await term.waitFor(/Enter the code sent to your phone: *\n*$/, 60_000);
      term.press('C-c');
      expect(await term.exitCode()).toBe(130);
      expect(term.history()).not.toMatch(/PROMPT_IN_UNATTENDED/);
      expect(disconnects()).toBe(1);
    });

    it('draws progress as one live line with a bar, replaced by a ✔ line once the activity is over', async () => {
      // Module 3.0.0 connects IPPS through remote PowerShell, where Import-PSSession shows progress (REST does not).
      const term = start(['--upn', 'chris@contoso.com', '--command', '"done"'], {
        env: { IPPSCONNECT_STANDIN_DELAY_MS: '700' },
        modules: singleVersionModules('3.0.0'),
      });
      // While connecting: the activity, a bar and its percentage on one line.
      const live = await term.waitFor(/Creating implicit remoting module[^\n]*[█░]+ +\d+%/, 60_000);
      expect(live.match(/Creating implicit remoting module/g)).toHaveLength(1);
      expect(await term.exitCode()).toBe(0);
      const screen = term.history();
      // One line for the whole activity, marked done; no trail of intermediate frames.
      expect(screen.match(/Creating implicit remoting module/g)).toHaveLength(1);
      expect(screen).toMatch(/^✔ Creating implicit remoting module/m);
      expect(screen).not.toMatch(/\d+%/);
    });

    it('NO_COLOR and TERM=dumb: progress as plain lines, no escape sequences', async () => {
      const term = start(['--upn', 'chris@contoso.com', '--command', '"done"'], {
        env: { IPPSCONNECT_STANDIN_DELAY_MS: '100', NO_COLOR: '1' },
        before: 'export TERM=dumb; ',
        modules: singleVersionModules('3.0.0'),
      });
      expect(await term.exitCode()).toBe(0);
      const screen = term.history();
      expect(screen).not.toMatch(/[█░]/);
      expect(screen.match(/Creating implicit remoting module/g)!.length).toBeGreaterThan(1);
    });

    it('a 0×0 terminal (as some container runners report) still hands over, and exit leaves with 0', async () => {
      const term = start(['--upn', 'chris@contoso.com'], { before: 'stty cols 0 rows 0; ' });
      await term.waitFor(readyPrompt, 60_000);
      term.type('"size " + "ok"');
      term.press('Enter');
      await term.waitFor(/^size ok$/m, 10_000);
      term.type('exit');
      term.press('Enter');
      expect(await term.exitCode()).toBe(0);
      expect(term.history()).not.toMatch(/INTERNAL/);
      expect(term.terminalModes()).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(disconnects()).toBeGreaterThanOrEqual(1);
    });
  },
  120_000,
);
