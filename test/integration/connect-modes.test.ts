import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { type CloudName, cloudNames, clouds } from '../../src/clouds.js';
import type { SessionEvent } from '../../src/session/events.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { singleVersionModules } from '../standin/versions.js';

type World = ReturnType<typeof standIn>;
const appId = '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f';

describe.skipIf(skipWithoutPwsh)(
  'every cloud and sign-in mode, as the module receives them (real pwsh, stand-in)',
  () => {
    let world: World | undefined;
    afterEach(() => world?.dispose());

    async function connectWith(options: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
      world = standIn('success', extraEnv);
      const events: SessionEvent[] = [];
      await runSession({ ...world.options, ...options }, { env: world.env, onEvent: (event) => events.push(event) });
      const calls = world.calls();
      const parametersOf = (cmdlet: string) => calls.find((call) => call.cmdlet === cmdlet)?.parameters;
      return { events, calls, parametersOf };
    }

    it.each(cloudNames)('%s: the IPPS endpoints of the cloud, and none for commercial', async (cloud: CloudName) => {
      const { parametersOf } = await connectWith({ cloud, userPrincipalName: 'admin@contoso.com', unattended: false });
      const expected: Record<string, unknown> = { UserPrincipalName: 'admin@contoso.com' };
      if (clouds[cloud].ippsConnectionUri) expected.ConnectionUri = clouds[cloud].ippsConnectionUri;
      if (clouds[cloud].ippsAuthority) expected.AzureADAuthorizationEndpointUri = clouds[cloud].ippsAuthority;
      expect(parametersOf('Connect-IPPSSession')).toEqual(expected);
    });

    it('certificate file: app id, organization, file, and the password as a SecureString from the environment', async () => {
      const password = 'Sentinel-Pfx-Password-1f9a';
      const { parametersOf, calls, events } = await connectWith(
        {
          appId,
          organization: 'contoso.onmicrosoft.com',
          certificatePath: '/certs/job.pfx',
          certificatePasswordEnv: 'JOB_PFX_PASSWORD',
          unattended: true,
          // Once connected, the password is gone from PowerShell's environment.
          command: '"password=[$env:JOB_PFX_PASSWORD]"',
        },
        { JOB_PFX_PASSWORD: password },
      );
      expect(events).toContainEqual({ type: 'output', text: 'password=[]' });
      expect(parametersOf('Connect-IPPSSession')).toEqual({
        AppId: appId,
        Organization: 'contoso.onmicrosoft.com',
        CertificateFilePath: '/certs/job.pfx',
        CertificatePassword: '***',
      });
      expect(JSON.stringify(calls)).not.toContain(password);
    });

    it('interactive options: -DisableWAM, -Prefix, -CommandName, -ShowBanner:$false, -DelegatedOrganization, -EnableSearchOnlySession', async () => {
      const { parametersOf, events } = await connectWith({
        userPrincipalName: 'admin@contoso.com',
        unattended: false,
        disableWam: true,
        prefix: 'Cc',
        commandName: ['Get-RetentionCompliancePolicy', 'Get-ComplianceSearch'],
        showBanner: false,
        delegatedOrganization: 'fabrikam.onmicrosoft.com',
        enableSearchOnlySession: true,
      });
      expect(parametersOf('Connect-IPPSSession')).toEqual({
        UserPrincipalName: 'admin@contoso.com',
        DisableWAM: true,
        Prefix: 'Cc',
        CommandName: ['Get-RetentionCompliancePolicy', 'Get-ComplianceSearch'],
        ShowBanner: false,
        DelegatedOrganization: 'fabrikam.onmicrosoft.com',
        EnableSearchOnlySession: true,
      });
      expect(events.some((event) => event.type === 'banner')).toBe(false);
      expect(events.find((event) => event.type === 'connected')).toMatchObject({ prefix: 'Cc' });
    });

    it('Exchange Online in the same session under -Prefix Ex (EXO is reserved by the module): a prefixed cmdlet runs', async () => {
      const { parametersOf, events } = await connectWith({
        userPrincipalName: 'admin@contoso.com',
        unattended: false,
        cloud: 'gcchigh',
        exoPrefix: 'Ex',
        command:
          'Get-ExMailbox | Select-Object -ExpandProperty PrimarySmtpAddress; Get-RetentionCompliancePolicy | Measure-Object | ForEach-Object { "policies=$($_.Count)" }',
      });
      expect(parametersOf('Connect-ExchangeOnline')).toEqual({
        UserPrincipalName: 'admin@contoso.com',
        ExchangeEnvironmentName: 'O365USGovGCCHigh',
        Prefix: 'Ex',
      });
      const connected = events.filter((event) => event.type === 'connected');
      expect(connected.map((event) => event.name)).toEqual([
        expect.stringMatching(/^ExchangeOnlineProtection_\d+$/),
        expect.stringMatching(/^ExchangeOnline_\d+$/),
      ]);
      expect(connected.map((event) => event.isEopSession)).toEqual([true, false]);
      const output = events.filter((event) => event.type === 'output').map((event) => event.text);
      expect(output.some((line) => /@/.test(line))).toBe(true);
      expect(output).toContain('policies=2');
    });

    it('says where it looked when the module is not installed', async () => {
      world = standIn('success');
      const empty = join(world.dir, 'no-modules');
      mkdirSync(empty);
      const failure = await runSession(
        { ...world.options, modulePath: [empty], userPrincipalName: 'admin@contoso.com', unattended: false },
        { env: world.env },
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'MODULE_NOT_FOUND', fix: expect.stringMatching(/--install/) });
      const message = (failure as Error).message;
      expect(message).toContain('Looked for ExchangeOnlineManagement in:');
      expect(message).toContain(`${empty} (from --module-path): no ExchangeOnlineManagement`);
      expect(world.calls()).toEqual([]);
    });

    it('refuses an option the installed module is too old for, before connecting', async () => {
      world = standIn('success');
      // Only the 3.0.0 stand-in: -EnableSearchOnlySession needs 3.9.0.
      const modules = singleVersionModules('3.0.0');
      const failure = await runSession(
        {
          ...world.options,
          modulePath: [modules],
          userPrincipalName: 'admin@contoso.com',
          unattended: false,
          enableSearchOnlySession: true,
        },
        { env: world.env },
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({
        code: 'MODULE_TOO_OLD',
        message: expect.stringMatching(/3\.9\.0 or later.*3\.0\.0/),
      });
      expect(world.calls()).toEqual([]);
    });
  },
);
