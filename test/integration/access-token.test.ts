import { afterEach, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import type { SessionEvent } from '../../src/session/events.js';
import { FakeIdentityProvider } from '../auth/helpers/fake-identity-provider.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;
const appId = '3f6c1c44-8a2b-4c55-9d1e-0123456789ab';
const secret = 'Xy8Q~sentinel.client-secret_value~1234567890abcd';

describe.skipIf(skipWithoutPwsh)(
  'access-token sign-in (msal-node against a fake identity provider, real pwsh, stand-in)',
  () => {
    let world: World | undefined;
    afterEach(() => world?.dispose());

    it('client secret: a token per audience reaches -AccessToken through the environment, then leaves it', async () => {
      world = standIn('success', { JOB_CLIENT_SECRET: secret });
      const identity = new FakeIdentityProvider();
      const events: SessionEvent[] = [];
      const output: string[] = [];
      await runSession(
        {
          ...world.options,
          appId,
          organization: 'contoso.onmicrosoft.com',
          clientSecretEnv: 'JOB_CLIENT_SECRET',
          exoPrefix: 'Ex',
          unattended: true,
          command: '"token=[$env:IPPSCONNECT_ACCESS_TOKEN][$env:IPPSCONNECT_EXO_ACCESS_TOKEN]"',
        },
        {
          env: world.env,
          tokenDependencies: { networkClient: identity, cachePlugin: null },
          onEvent: (event) => events.push(event),
          onOutput: (data) => output.push(data),
        },
      );
      expect(identity.tokenRequests('client_credentials').map((request) => request.form.get('scope'))).toEqual([
        'https://ps.compliance.protection.outlook.com/.default',
        'https://outlook.office365.com/.default',
      ]);
      const parametersOf = (cmdlet: string) => world!.calls().find((call) => call.cmdlet === cmdlet)?.parameters;
      expect(parametersOf('Connect-IPPSSession')).toEqual({
        AccessToken: '***',
        Organization: 'contoso.onmicrosoft.com',
      });
      expect(parametersOf('Connect-ExchangeOnline')).toEqual({
        AccessToken: '***',
        Organization: 'contoso.onmicrosoft.com',
        Prefix: 'Ex',
      });
      expect(events).toContainEqual({ type: 'output', text: 'token=[][]' });
      const everything = JSON.stringify(events) + output.join('');
      for (const token of identity.issuedAccessTokens) expect(everything).not.toContain(token);
      expect(everything).not.toContain(secret);
    });

    it('device code: shows the code to the person and connects with the delegated token', async () => {
      world = standIn('success');
      const identity = new FakeIdentityProvider();
      const events: SessionEvent[] = [];
      await runSession(
        { ...world.options, organization: 'contoso.onmicrosoft.com', deviceCode: true, unattended: false },
        {
          env: world.env,
          tokenDependencies: { networkClient: identity, cachePlugin: null },
          onEvent: (event) => events.push(event),
        },
      );
      expect(events).toContainEqual({
        type: 'device-code',
        url: 'https://microsoft.com/devicelogin',
        code: 'FAKE12345',
      });
      expect(world.calls().find((call) => call.cmdlet === 'Connect-IPPSSession')?.parameters).toEqual({
        AccessToken: '***',
        Organization: 'contoso.onmicrosoft.com',
      });
    });

    it('maps an Entra ID refusal to its code before PowerShell starts', async () => {
      world = standIn('success', { JOB_CLIENT_SECRET: secret });
      const identity = new FakeIdentityProvider();
      const { aadError } = await import('../auth/helpers/fake-identity-provider.js');
      identity.onToken = () =>
        aadError(401, 'invalid_client', 7000215, 'AADSTS7000215: Invalid client secret provided.');
      const failure = await runSession(
        {
          ...world.options,
          appId,
          organization: 'contoso.onmicrosoft.com',
          clientSecretEnv: 'JOB_CLIENT_SECRET',
          unattended: true,
        },
        { env: world.env, tokenDependencies: { networkClient: identity, cachePlugin: null } },
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'INVALID_CLIENT_SECRET' });
      expect(world.calls()).toEqual([]);
    });
  },
);
