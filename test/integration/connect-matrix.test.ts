import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/program.js';
import { IppsConnectError } from '../../src/errors.js';
import type { ConnectOptionsInput } from '../../src/options.js';
import type { SessionEvent } from '../../src/session/events.js';
import { FakeIdentityProvider } from '../auth/helpers/fake-identity-provider.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { singleVersionModules, standInVersions } from '../standin/versions.js';

/**
 * Every stand-in version × every sign-in mode × with and without Exchange Online, through real pwsh: each run
 * ends connected (and the connected cmdlets work) or with the documented refusal and its exit code.
 * Expectations come from exo-real-interface.md and the version facts (module/versions.ts featureVersions:
 * -DisableWAM 3.7.2, -AccessToken 3.8.0, -EnableSearchOnlySession 3.9.0; supported floor 3.0.0).
 */
const appId = '3f6c1c44-8a2b-4c55-9d1e-0123456789ab';
const organization = 'contoso.onmicrosoft.com';

interface Mode {
  name: string;
  options: ConnectOptionsInput;
  /** The oldest stand-in version that has what the mode needs; older ones end with MODULE_TOO_OLD. */
  since: string;
  /** An IPPS cmdlet that must run once connected. */
  ippsCheck: string;
  secretEnv?: Record<string, string>;
}

const modes: Mode[] = [
  {
    name: 'interactive (UPN)',
    options: { userPrincipalName: 'chris@contoso.com', unattended: false },
    since: '3.0.0',
    ippsCheck: 'Get-RetentionCompliancePolicy',
  },
  {
    name: 'interactive without WAM',
    options: { userPrincipalName: 'chris@contoso.com', unattended: false, disableWam: true },
    since: '3.7.2',
    ippsCheck: 'Get-RetentionCompliancePolicy',
  },
  {
    name: 'certificate file (app-only)',
    options: { appId, organization, certificatePath: '/certs/job.pfx', unattended: true },
    since: '3.0.0',
    ippsCheck: 'Get-RetentionCompliancePolicy',
  },
  {
    name: 'access token (client secret)',
    options: { appId, organization, clientSecretEnv: 'MATRIX_SECRET', unattended: true },
    since: '3.8.0',
    ippsCheck: 'Get-RetentionCompliancePolicy',
    secretEnv: { MATRIX_SECRET: 'Xy8Q~matrix-secret-value~1234567890' },
  },
  {
    name: 'search-only session',
    options: { userPrincipalName: 'chris@contoso.com', unattended: false, enableSearchOnlySession: true },
    since: '3.9.0',
    // Needs a search-only IPPS connection (the stand-in's rule since 3.9.0).
    ippsCheck: 'Get-ComplianceSearch',
  },
];

const newer = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true }) >= 0;

const cases = standInVersions.flatMap((version) =>
  modes.flatMap((mode) => [false, true].map((exo) => ({ version, mode, exo }))),
);

const worlds: Array<ReturnType<typeof standIn>> = [];
afterAll(() => {
  for (const world of worlds) world.dispose();
});

describe.skipIf(skipWithoutPwsh)('connect matrix: stand-in version × sign-in mode × --exo (real pwsh)', () => {
  it.concurrent.each(cases.map((c) => [c.version, c.mode.name, c.exo ? 'with --exo' : 'IPPS only', c] as const))(
    '%s, %s, %s',
    async (version, _mode, _exo, { mode, exo }) => {
      const world = standIn('success', mode.secretEnv ?? {});
      worlds.push(world);
      const events: SessionEvent[] = [];
      // The command proves the imported cmdlets work: IPPS's, and Exchange Online's under the prefix Ex (a 3.9
      // Exchange Online connection that inherited -EnableSearchOnlySession refuses Get-ExMailbox in the stand-in).
      const command = exo
        ? `${mode.ippsCheck} | Out-Null; Get-ExMailbox | Out-Null; 'checked'`
        : `${mode.ippsCheck} | Out-Null; 'checked'`;
      const outcome = await runSession(
        {
          ...mode.options,
          powershell: testPwsh!,
          modulePath: [singleVersionModules(version)],
          ...(exo ? { exoPrefix: 'Ex' } : {}),
          command,
        },
        {
          env: world.env,
          onEvent: (event) => events.push(event),
          ...(mode.secretEnv
            ? { tokenDependencies: { networkClient: new FakeIdentityProvider(), cachePlugin: null } }
            : {}),
        },
      ).then(
        () => 0,
        (error: unknown) => {
          if (!(error instanceof IppsConnectError)) throw error;
          return { code: error.code, exitCode: exitCodeFor(error.code), message: error.message };
        },
      );
      const connected = events.filter((event) => event.type === 'connected');
      if (newer(version, mode.since)) {
        expect(outcome).toBe(0);
        expect(connected).toHaveLength(exo ? 2 : 1);
        expect(events).toContainEqual({ type: 'output', text: 'checked' });
      } else {
        expect(outcome).toMatchObject({ code: 'MODULE_TOO_OLD', exitCode: 4 });
        expect(connected).toHaveLength(0);
        // Refused before any connect command was typed.
        expect(world.calls().filter((call) => call.cmdlet.startsWith('Connect-'))).toEqual([]);
      }
    },
  );
});

describe('refusals before PowerShell starts', () => {
  async function cli(args: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk) => {
      err += chunk;
    });
    const exitCode = await runCli(args, { stdout, stderr });
    return { exitCode, err };
  }

  // A PowerShell that does not exist: had anything been started, the run would end with exit 4, not 2.
  const noPowerShell = ['--pwsh', '/nonexistent/pwsh'];

  it.each([
    [['--exo-prefix', 'EXO']],
    [['--prefix', 'exo']],
    [['--prefix', 'Cc', '--exo-prefix', 'cc']],
    [['--cloud', 'gcchigh', '--app-id', appId, '--organization', organization, '--certificate-path', '/j.pfx']],
  ])('%j ends with exit 2', async (args) => {
    const { exitCode, err } = await cli(['connect', '--attended', ...noPowerShell, ...args]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/INVALID_INPUT/);
  });

  it('--certificate-thumbprint off Windows ends with exit 2 (the parameter does not exist there)', async () => {
    if (process.platform === 'win32') return;
    const args = ['--app-id', appId, '--organization', organization, '--certificate-thumbprint', 'a'.repeat(40)];
    expect((await cli(['connect', '--unattended', ...noPowerShell, ...args])).exitCode).toBe(2);
  });
});
