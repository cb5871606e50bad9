import { describe, expect, it } from 'vitest';
import { cloudNames } from '../../src/clouds.js';
import { connectIppsCommand } from '../../src/command.js';
import {
  legacyConnectExchangeOnlineCommand,
  legacyConnectionCheckCommand,
  legacyDisconnectCommand,
  legacyImportCommand,
  legacyRetiredWarning,
} from '../../src/module/legacy-commands.js';
import { type ConnectOptionsInput, resolveOptions } from '../../src/options.js';
import { checkWindowsPowerShellSyntax } from '../../src/powershell/syntax-check.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';

const legacy = (input: ConnectOptionsInput = {}) =>
  resolveOptions(
    { legacy: true, userPrincipalName: 'chris@contoso.com', unattended: false, exo: true, ...input },
    { platform: 'windows', interactiveTerminal: true },
  );

/** A ClickOnce folder with a quote and spaces in the profile name, which quoting must survive. */
const folder =
  "C:\\Users\\Ann O'Neil\\AppData\\Local\\Apps\\2.0\\TD1HV8YN.61O\\1EP3V7G6.KPP\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a";
const module = {
  scriptPath: `${folder}\\CreateExoPSSession.ps1`,
  dllPath: `${folder}\\Microsoft.Exchange.Management.ExoPowershellModule.dll`,
};
const quotedFolder = folder.replace("'", "''");

describe('legacyImportCommand', () => {
  it('imports the dll, then dot-sources the script with the current folder pushed and popped', () => {
    expect(legacyImportCommand(module)).toBe(
      `Import-Module -Name '${quotedFolder}\\Microsoft.Exchange.Management.ExoPowershellModule.dll' -ErrorAction Stop; ` +
        'Push-Location -StackName ippsconnect; ' +
        `try { . '${quotedFolder}\\CreateExoPSSession.ps1' } finally { Pop-Location -StackName ippsconnect }`,
    );
  });
});

describe('legacyConnectExchangeOnlineCommand', () => {
  it('commercial: New-ExoPSSession with the UPN, imported under -Prefix EXO by default', () => {
    expect(legacyConnectExchangeOnlineCommand(legacy())).toBe(
      "$EXOSession = New-ExoPSSession -UserPrincipalName 'chris@contoso.com' -ErrorAction Stop; " +
        "Import-PSSession -Session $EXOSession -Prefix 'EXO' -AllowClobber -ErrorAction Stop | Out-Null",
    );
  });

  it('--exo-prefix names the prefix; no UPN means none is passed', () => {
    expect(legacyConnectExchangeOnlineCommand(legacy({ userPrincipalName: undefined, exoPrefix: 'Exo2' }))).toBe(
      '$EXOSession = New-ExoPSSession -ErrorAction Stop; ' +
        "Import-PSSession -Session $EXOSession -Prefix 'Exo2' -AllowClobber -ErrorAction Stop | Out-Null",
    );
  });

  it.each([
    ['gcc', ''],
    [
      'gcchigh',
      "-ConnectionUri 'https://outlook.office365.us/powershell-liveid' -AzureADAuthorizationEndpointUri 'https://login.microsoftonline.us/organizations' ",
    ],
    [
      'dod',
      "-ConnectionUri 'https://webmail.apps.mil/powershell-liveid' -AzureADAuthorizationEndpointUri 'https://login.microsoftonline.us/organizations' ",
    ],
    [
      'china',
      "-ConnectionUri 'https://partner.outlook.cn/PowerShell-LiveID' -AzureADAuthorizationEndpointUri 'https://login.chinacloudapi.cn/organizations' ",
    ],
    [
      'germany',
      "-ConnectionUri 'https://outlook.office.de/PowerShell-LiveID' -AzureADAuthorizationEndpointUri 'https://login.microsoftonline.de/common' ",
    ],
  ] as const)('%s: the cloud’s Exchange Online endpoint and authority', (cloud, endpoints) => {
    expect(legacyConnectExchangeOnlineCommand(legacy({ cloud }))).toBe(
      `$EXOSession = New-ExoPSSession -UserPrincipalName 'chris@contoso.com' ${endpoints}-ErrorAction Stop; ` +
        "Import-PSSession -Session $EXOSession -Prefix 'EXO' -AllowClobber -ErrorAction Stop | Out-Null",
    );
  });

  it('--authority replaces the cloud’s authority', () => {
    const command = legacyConnectExchangeOnlineCommand(
      legacy({ cloud: 'gcchigh', authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us' }),
    );
    expect(command).toContain(
      "-AzureADAuthorizationEndpointUri 'https://login.microsoftonline.us/contoso.onmicrosoft.us'",
    );
  });
});

describe('the V1 Connect-IPPSSession line', () => {
  it('is the v3 command line, with only parameters V1 has', () => {
    expect(connectIppsCommand(legacy({ cloud: 'gcchigh', delegatedOrganization: 'fabrikam.onmicrosoft.com' }))).toBe(
      "Connect-IPPSSession -UserPrincipalName 'chris@contoso.com' " +
        "-ConnectionUri 'https://ps.compliance.protection.office365.us/powershell-liveid/' " +
        "-AzureADAuthorizationEndpointUri 'https://login.microsoftonline.us/organizations' " +
        "-DelegatedOrganization 'fabrikam.onmicrosoft.com'",
    );
  });
});

describe('the V1 connection check and disconnect', () => {
  it('reads the open Microsoft.Exchange PSSessions, IPPS being the compliance hosts', () => {
    expect(legacyConnectionCheckCommand).toBe(
      "Get-PSSession | Where-Object { $_.ConfigurationName -eq 'Microsoft.Exchange' -and $_.State -eq 'Opened' } | " +
        "Select-Object -Property Name, @{ Name = 'State'; Expression = { 'Connected' } }, " +
        "@{ Name = 'ConnectionUri'; Expression = { [string]$_.Runspace.ConnectionInfo.ConnectionUri } }, " +
        "@{ Name = 'IsEopSession'; Expression = { $_.ComputerName -like '*compliance*' } }",
    );
    expect(legacyDisconnectCommand).toBe(
      "Get-PSSession | Where-Object { $_.ConfigurationName -eq 'Microsoft.Exchange' } | Remove-PSSession",
    );
  });

  it('says the module is retired and what replaces it', () => {
    expect(legacyRetiredWarning).toMatch(
      /^The Exchange Online Remote PowerShell Module \(EXO V1\) was retired on 2022-12-31 .*; install ExchangeOnlineManagement v3/,
    );
  });
});

describe.skipIf(skipWithoutPwsh)('every legacy line is Windows PowerShell 5.1 syntax (real parser)', () => {
  it('import, EXO connect for every cloud, check, disconnect', async () => {
    const commands = [
      legacyImportCommand(module),
      ...cloudNames.map((cloud) => legacyConnectExchangeOnlineCommand(legacy({ cloud }))),
      legacyConnectExchangeOnlineCommand(legacy({ userPrincipalName: "o'neil@contoso.com", exoPrefix: 'X' })),
      legacyConnectionCheckCommand,
      legacyDisconnectCommand,
    ];
    const findings = await checkWindowsPowerShellSyntax({ pwsh: testPwsh!, commands });
    expect(findings).toEqual([]);
  });
});
