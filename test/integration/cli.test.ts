import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCliInPty } from '../helpers/cli.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { singleVersionModules } from '../standin/versions.js';

type World = ReturnType<typeof standIn>;

describe.skipIf(skipWithoutPwsh)(
  'ippsconnect connect (the built CLI in a real pty, real pwsh, stand-in module)',
  () => {
    let world: World | undefined;
    beforeAll(() => {
      if (!existsSync(cliPath))
        throw new Error('dist/cli/main.js is missing: `npm test` builds it first (npm run build).');
    });
    afterEach(() => world?.dispose());

    const base = () => ['--pwsh', testPwsh!, '--module-path', standInModulesDir];
    const run = (scenario: string, args: string[], extraEnv: Record<string, string> = {}) => {
      world = standIn(scenario, extraEnv);
      return runCliInPty(['connect', ...base(), ...args], world.env);
    };

    it('shows progress (module 3.0.0: IPPS through remote PowerShell) and ends with a clear connected line, exit 0', async () => {
      world = standIn('success', { IPPSCONNECT_STANDIN_DELAY_MS: '60' });
      const args = ['--pwsh', testPwsh!, '--module-path', singleVersionModules('3.0.0')];
      const result = await runCliInPty(
        ['connect', ...args, '--upn', 'chris@contoso.com', '--command', 'Get-Date'],
        world.env,
      );
      expect(result.exitCode).toBe(0);
      expect(result.output).toMatch(/Creating implicit remoting module/);
      // Confirmed by the remote PowerShell session (Get-ConnectionInformation lists REST connections only).
      expect(result.output).toMatch(/✔ Connected \(ExchangeOnlineInternalSession_1\)/);
      expect(world!.calls().map((call) => call.cmdlet)).toContain('Disconnect-ExchangeOnline');
    });

    it('without a command, hands the connected prompt to the person, and disconnects when they exit', async () => {
      world = standIn('success');
      let typedCommand = false;
      let typedExit = false;
      const result = await runCliInPty(
        ['connect', ...base(), '--upn', 'chris@contoso.com'],
        world.env,
        60_000,
        (screen, type, chunk) => {
          // Like every real terminal, answer PowerShell's cursor-position queries: while the person is
          // attached, ippsconnect's own emulator no longer does (test/terminal drives a real one, tmux).
          for (const _query of chunk.matchAll(/\x1b\[6n/g)) type('\x1b[1;1R');
          if (!typedCommand && /type exit to disconnect[\s\S]*PS .*> $/.test(screen)) {
            typedCommand = true;
            type('Get-RetentionCompliancePolicy | ForEach-Object { "policy: " + $_.Name }\r');
          }
          if (typedCommand && !typedExit && /policy: Teams chat retention 1 year[\s\S]*PS .*> $/.test(screen)) {
            typedExit = true;
            type('exit\r');
          }
        },
      );
      expect(result.exitCode).toBe(0);
      expect(result.output).toMatch(/policy: Mailbox retention 7 years/);
      expect(world.calls().at(-1)?.cmdlet).toBe('Disconnect-ExchangeOnline');
    });

    it('asks the person at the terminal when PowerShell prompts during connect, and types the answer', async () => {
      world = standIn('prompt');
      let answered = false;
      const result = await runCliInPty(
        ['connect', ...base(), '--upn', 'chris@contoso.com', '--command', 'Get-Date'],
        world.env,
        60_000,
        (screen, type) => {
          if (!answered && /Enter the code sent to your phone:$/.test(screen.trimEnd())) {
            answered = true;
            type('424242\r');
          }
        },
      );
      expect(answered).toBe(true);
      expect(result.exitCode).toBe(0);
      expect(result.output).toMatch(/✔ Connected/);
    });

    it('prints one JSON event per line with --json', async () => {
      const result = await run('success', ['--upn', 'chris@contoso.com', '--json'], {
        IPPSCONNECT_STANDIN_DELAY_MS: '60',
      });
      expect(result.exitCode).toBe(0);
      const events = result.output
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
      const types = events.map((event) => event.type);
      expect(types).toContain('phase');
      expect(events.find((event) => event.type === 'connected')).toMatchObject({
        name: 'ExchangeOnlineProtection_1',
        userPrincipalName: 'chris@contoso.com',
      });
    });

    it('ends a connection-limit failure with its code, message and fix, exit 5', async () => {
      const result = await run('error:CONNECTION_LIMIT', ['--upn', 'chris@contoso.com', '--json']);
      expect(result.exitCode).toBe(5);
      const errors = result.output
        .split('\n')
        .filter((line) => line.includes('"type":"error"'))
        .map((line) => JSON.parse(line));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code: 'CONNECTION_LIMIT',
        retryable: true,
        fix: expect.stringMatching(/Disconnect/),
      });
    });

    it('says what a sign-in failure is and how to fix it, exit 3', async () => {
      const result = await run('error:MFA_REQUIRED', ['--upn', 'chris@contoso.com']);
      expect(result.exitCode).toBe(3);
      expect(result.output).toMatch(/MFA_REQUIRED/);
      expect(result.output).toMatch(/Fix: /);
    });

    it('ends a hanging connect by timeout, exit 6', async () => {
      const result = await run('hang', ['--upn', 'chris@contoso.com', '--timeout', '1.5']);
      expect(result.exitCode).toBe(6);
      expect(result.output).toMatch(/TIMEOUT/);
    });

    it('refuses bad input with the flag named, exit 2, and starts nothing', async () => {
      const result = await run('success', ['--upn', "chris'; Remove-Item -Recurse ~; '"]);
      expect(result.exitCode).toBe(2);
      expect(result.output).toMatch(/--upn/);
      expect(world!.calls()).toEqual([]);
    });

    it('prints the PowerShell it would run with --dry-run, and runs nothing', async () => {
      const result = await run('success', [
        '--upn',
        'chris@contoso.com',
        '--cloud',
        'gcchigh',
        '--exo-prefix',
        'Ex',
        '--dry-run',
      ]);
      expect(result.exitCode).toBe(0);
      expect(result.output).toContain(
        "Connect-IPPSSession -UserPrincipalName 'chris@contoso.com' -ConnectionUri 'https://ps.compliance.protection.office365.us/powershell-liveid/'",
      );
      expect(result.output).toContain(
        "Connect-ExchangeOnline -UserPrincipalName 'chris@contoso.com' -ExchangeEnvironmentName O365USGovGCCHigh -Prefix 'Ex'",
      );
      expect(result.output).toContain('Disconnect-ExchangeOnline -Confirm:$false');
      expect(world!.calls()).toEqual([]);
    });

    it('keeps a recording of a failed session when asked', async () => {
      world = standIn('error:CONNECTION_LIMIT');
      const folder = join(world.dir, 'failures');
      const result = await runCliInPty(
        ['connect', ...base(), '--upn', 'chris@contoso.com', '--record-failures', folder],
        world.env,
      );
      expect(result.exitCode).toBe(5);
      const saved = /Recording saved: (\S+\.cast)/.exec(result.output)?.[1];
      expect(saved).toBeDefined();
      expect(existsSync(saved!)).toBe(true);
    });
  },
);
