// Everything ippsconnect makes PowerShell run must parse, and mean the same, in Windows PowerShell 5.1:
// the scripts it ships and every command it generates, for every mode. checkWindowsPowerShellSyntax walks
// the real parser's syntax tree (scripts/ps/check-syntax.ps1); run under pwsh 7 it also reports the
// 7-only constructs that 5.1 would parse differently, and run under powershell.exe (the Windows CI job
// sets IPPSCONNECT_PWSH to it) it is 5.1's own parser.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudNames, clouds } from '../../src/clouds.js';
import {
  connectExchangeOnlineCommand,
  connectIppsCommand,
  connectionInformationCommand,
  disconnectCommand,
  forgetAccessTokensCommand,
  importModuleCommand,
} from '../../src/command.js';
import { type ConnectOptionsInput, resolveOptions } from '../../src/options.js';
import { quotePowerShell } from '../../src/powershell/quote.js';
import { checkWindowsPowerShellSyntax, type SyntaxFinding } from '../../src/powershell/syntax-check.js';
import { handOverScript } from '../../src/session/session.js';
import { repoRoot, skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';

const appOnly = { appId: '00000000-0000-0000-0000-000000000001', organization: 'contoso.onmicrosoft.com' };

/** Each way to sign in. */
const signIns: Record<string, ConnectOptionsInput> = {
  interactive: {},
  'interactive with UPN': { userPrincipalName: 'ada@contoso.com' },
  'interactive, -DisableWAM': { disableWam: true },
  'interactive with UPN, -DisableWAM': { userPrincipalName: 'ada@contoso.com', disableWam: true },
  'certificate thumbprint': { ...appOnly, certificateThumbprint: '0123456789ABCDEF0123456789ABCDEF01234567' },
  'certificate file': { ...appOnly, certificatePath: "C:\\Users\\Zoë O'Brien\\certs\\ipps app.pfx" },
  'certificate file with password env': {
    ...appOnly,
    certificatePath: 'C:\\certs\\app.pfx',
    certificatePasswordEnv: 'IPPS_CERT_PASSWORD',
  },
  'access token, client secret': { ...appOnly, clientSecretEnv: 'IPPS_CLIENT_SECRET' },
  'access token, PEM certificate': {
    ...appOnly,
    certificatePem: 'C:\\certs\\app.pem',
    certificatePasswordEnv: 'PEM_PW',
  },
  'access token, device code': {
    organization: 'contoso.onmicrosoft.com',
    deviceCode: true,
    userPrincipalName: 'ada@contoso.com',
  },
};

/** The Exchange Online session: none, unprefixed, or under a prefix. */
const exoModes: ConnectOptionsInput[] = [{}, { exo: true }, { exoPrefix: 'Ex' }];

/**
 * The options that add parameters to the connect commands: none, each one alone (both values of
 * -ShowBanner), and all together. The command builder renders each parameter on its own, so this covers
 * every parameter in every mode at a tenth of the full product's cost (each command costs the checker
 * a few milliseconds, and under Windows PowerShell 5.1 more).
 */
const optionalParameters: ConnectOptionsInput[] = [
  {},
  { prefix: 'Cc' },
  { commandName: ['Get-ComplianceSearch', 'New-ComplianceSearchAction'] },
  { showBanner: true },
  { showBanner: false },
  { delegatedOrganization: 'fabrikam.onmicrosoft.com' },
  { enableSearchOnlySession: true },
  {
    prefix: 'Cc',
    commandName: ['Get-ComplianceSearch'],
    showBanner: false,
    delegatedOrganization: 'fabrikam.onmicrosoft.com',
    enableSearchOnlySession: true,
  },
];

/** The connect commands of every mode, each once. */
function connectCommands(): string[] {
  const commands = new Set<string>();
  for (const cloud of cloudNames)
    for (const signIn of Object.values(signIns))
      for (const exo of exoModes)
        for (const optional of optionalParameters) {
          // App-only sign-in names the tenant by its initial domain, which differs by cloud.
          const tenant =
            'organization' in signIn ? { organization: `contoso.${clouds[cloud].initialDomainSuffixes[0]}` } : {};
          const options = resolveOptions(
            { cloud, ...signIn, ...tenant, ...exo, ...optional },
            { platform: 'windows', interactiveTerminal: true },
          );
          commands.add(connectIppsCommand(options));
          if (options.exo) commands.add(connectExchangeOnlineCommand(options));
          // Module 3.0.x in Windows PowerShell 5.1 gets `$Global:IsWindows = $true; ` first for a thumbprint.
          const old = { version: '3.0.0', powershellEdition: 'Desktop' };
          commands.add(connectIppsCommand(options, old));
          if (options.exo) commands.add(connectExchangeOnlineCommand(options, old));
        }
  return [...commands];
}

/** Module manifests as Get-Module -ListAvailable reports them, in folders people really have. */
const manifests = [
  'C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.9.2\\ExchangeOnlineManagement.psd1',
  "C:\\Users\\Zoë O'Brien\\OneDrive - Société\\Documents\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.4.0\\ExchangeOnlineManagement.psd1",
  '/home/ada/.local/share/powershell/Modules/ExchangeOnlineManagement/3.10.0/ExchangeOnlineManagement.psd1',
];

/**
 * What PowerShell parses for each request (bootstrap.ps1's loop): the request's code with the loop's own
 * last line appended, `<code>\n$global:IppsConnectIntegration.Succeeded = $?`. For a structured result
 * (PowerShellHost.evaluate) the code is `<pipeline> | __ippsResult [-Depth N]`; a user's command whose
 * objects are wanted is first wrapped in a script block (Session.work).
 */
function requestCodes(commands: readonly string[]): string[] {
  const asRequest = (code: string) => `${code}\n$global:IppsConnectIntegration.Succeeded = $?`;
  const codes = commands.map(asRequest);
  for (const pipeline of [
    connectionInformationCommand,
    `& ${quotePowerShell(join(repoRoot, 'scripts', 'ps', 'locate-module.ps1'))}`,
    `& {\nGet-ComplianceSearch | Select-Object Name, Status\n}`,
  ]) {
    codes.push(asRequest(`${pipeline} | __ippsResult`), asRequest(`${pipeline} | __ippsResult -Depth 4`));
  }
  return codes;
}

const scriptsDir = join(repoRoot, 'scripts', 'ps');
const scripts = readdirSync(scriptsDir)
  .filter((name) => name.endsWith('.ps1'))
  .map((name) => join(scriptsDir, name));

describe.skipIf(skipWithoutPwsh)('Windows PowerShell 5.1 syntax', () => {
  const connect = connectCommands();
  const other = [
    ...manifests.map(importModuleCommand),
    disconnectCommand,
    connectionInformationCommand,
    forgetAccessTokensCommand,
    handOverScript,
  ];
  const commands = [...connect, ...other, ...requestCodes([...connect, ...other])];
  let findings: SyntaxFinding[] = [];

  beforeAll(async () => {
    findings = await checkWindowsPowerShellSyntax({ pwsh: testPwsh!, files: scripts, commands });
  }, 120_000);

  /** Findings with the command they are about, so a failure shows the offending text. */
  const explained = (list: SyntaxFinding[]) =>
    list.map((finding) => {
      const index = /^<command (\d+)>$/.exec(finding.file)?.[1];
      return index === undefined ? finding : { ...finding, command: commands[Number(index)] };
    });

  it('covers every cloud, sign-in and Exchange Online mode', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const cloud of ['gcchigh', 'dod', 'china', 'germany']) {
      expect(
        connect.some(
          (command) =>
            command.includes('-ConnectionUri') && command.includes(cloud === 'china' ? '.cn/' : 'powershell-liveid'),
        ),
      ).toBe(true);
    }
    for (const parameter of [
      '-CertificateThumbprint',
      '-CertificateFilePath',
      '-CertificatePassword (ConvertTo-SecureString -String $env:IPPS_CERT_PASSWORD',
      '-DisableWAM',
      '-UserPrincipalName',
      "-Prefix 'Ex'",
      '-ExchangeEnvironmentName O365USGovDoD',
      '-CommandName @(',
      '-ShowBanner:$false',
      '-ShowBanner:$true',
      '-DelegatedOrganization',
      '-EnableSearchOnlySession',
      '-AccessToken $env:IPPSCONNECT_ACCESS_TOKEN',
      '-AccessToken $env:IPPSCONNECT_EXO_ACCESS_TOKEN',
      '$Global:IsWindows = $true; Connect-IPPSSession',
    ]) {
      expect(
        connect.some((command) => command.includes(parameter)),
        parameter,
      ).toBe(true);
    }
  });

  it.each(scripts.map((path) => [path.slice(scriptsDir.length + 1), path]))('scripts/ps/%s', (_name, path) => {
    expect(findings.filter((finding) => finding.file === path)).toEqual([]);
  });

  it(`every generated command, as a request's code (${commands.length})`, () => {
    expect(explained(findings.filter((finding) => finding.file.startsWith('<command')))).toEqual([]);
  });

  it('the check itself notices 7-only syntax in a generated-looking line', async () => {
    const caught = await checkWindowsPowerShellSyntax({
      pwsh: testPwsh!,
      commands: ['Connect-IPPSSession -Organization ($org ?? "contoso.onmicrosoft.com")'],
    });
    expect(caught.map((finding) => finding.rule)).toEqual([
      testPwsh!.toLowerCase().endsWith('powershell.exe') ? 'parse-error' : 'null-coalescing',
    ]);
  });
});
