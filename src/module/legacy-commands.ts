/**
 * The PowerShell of the retired Exchange Online Remote PowerShell module (EXO V1, ClickOnce, Windows
 * PowerShell 5.1 only; exo-facts §1 and §3), for `--legacy`. Pure: options and the found module → lines.
 *
 * The V1 flow: import the dll (New-ExoPSSession), dot-source CreateExoPSSession.ps1 (it defines
 * Connect-EXOPSSession and Connect-IPPSSession, changes to the user profile and prints a banner), connect
 * with its Connect-IPPSSession (the v3 command line: --legacy allows only the parameters V1 has), and for
 * Exchange Online `$EXOSession = New-ExoPSSession ...; Import-PSSession $EXOSession -Prefix EXO`. V1 has
 * no Get-ConnectionInformation or Disconnect-ExchangeOnline: its connections are plain PSSessions.
 */
import type { CloudName } from '../clouds.js';
import { clouds } from '../clouds.js';
import type { ResolvedOptions } from '../options.js';
import { quotePowerShell } from '../powershell/quote.js';
import type { LegacyModule } from './legacy-finder.js';

/** Said whenever --legacy is used. */
export const legacyRetiredWarning =
  'The Exchange Online Remote PowerShell Module (EXO V1) was retired on 2022-12-31 and its connections are refused since; install ExchangeOnlineManagement v3 (Install-Module ExchangeOnlineManagement -Scope CurrentUser, or ippsconnect --install) and drop --legacy.';

/** The prefix of the Exchange Online cmdlets when --exo-prefix is not given, as in Microsoft's V1 examples. */
export const legacyDefaultExoPrefix = 'EXO';

/**
 * Exchange Online's remote PowerShell endpoint per cloud, for New-ExoPSSession (V1 had no
 * -ExchangeEnvironmentName). Undefined: V1's default (https://outlook.office365.com/PowerShell-LiveId).
 */
export const legacyExoConnectionUris: Readonly<Record<CloudName, string | undefined>> = {
  commercial: undefined,
  gcc: undefined,
  gcchigh: 'https://outlook.office365.us/powershell-liveid',
  dod: 'https://webmail.apps.mil/powershell-liveid',
  china: 'https://partner.outlook.cn/PowerShell-LiveID',
  germany: 'https://outlook.office.de/PowerShell-LiveID',
};

/** The stack Push-Location keeps the caller's folder on while CreateExoPSSession.ps1 changes it. */
const locationStack = 'ippsconnect';

/**
 * Imports the dll and dot-sources the script at global scope, keeping the current folder: the script
 * `cd`s to the user profile.
 */
export function legacyImportCommand(module: Pick<LegacyModule, 'scriptPath' | 'dllPath'>): string {
  return [
    `Import-Module -Name ${quotePowerShell(module.dllPath)} -ErrorAction Stop`,
    `Push-Location -StackName ${locationStack}`,
    `try { . ${quotePowerShell(module.scriptPath)} } finally { Pop-Location -StackName ${locationStack} }`,
  ].join('; ');
}

/**
 * `$EXOSession = New-ExoPSSession ...; Import-PSSession ...`: the V1 Exchange Online connection, its
 * cmdlets under the --exo-prefix (default EXO) so they do not shadow the Security & Compliance ones.
 */
export function legacyConnectExchangeOnlineCommand(options: ResolvedOptions): string {
  const parameters: string[] = [];
  if (options.signIn.kind === 'interactive' && options.signIn.userPrincipalName) {
    parameters.push(`-UserPrincipalName ${quotePowerShell(options.signIn.userPrincipalName)}`);
  }
  const connectionUri = legacyExoConnectionUris[options.cloud];
  if (connectionUri) {
    parameters.push(`-ConnectionUri ${quotePowerShell(connectionUri)}`);
    const authority = options.authority ?? clouds[options.cloud].ippsAuthority;
    if (authority) parameters.push(`-AzureADAuthorizationEndpointUri ${quotePowerShell(authority)}`);
  }
  const prefix = options.exo?.prefix ?? legacyDefaultExoPrefix;
  return [
    ['$EXOSession = New-ExoPSSession', ...parameters, '-ErrorAction Stop'].join(' '),
    `Import-PSSession -Session $EXOSession -Prefix ${quotePowerShell(prefix)} -AllowClobber -ErrorAction Stop | Out-Null`,
  ].join('; ');
}

/**
 * The open V1 connections, with the fields of Get-ConnectionInformation the session reads: Security &
 * Compliance endpoints are the `*compliance*` hosts (ps.compliance.protection.outlook.com and its cloud
 * variants), Exchange Online's are not.
 */
export const legacyConnectionCheckCommand = [
  "Get-PSSession | Where-Object { $_.ConfigurationName -eq 'Microsoft.Exchange' -and $_.State -eq 'Opened' }",
  "Select-Object -Property Name, @{ Name = 'State'; Expression = { 'Connected' } }, @{ Name = 'ConnectionUri'; Expression = { [string]$_.Runspace.ConnectionInfo.ConnectionUri } }, @{ Name = 'IsEopSession'; Expression = { $_.ComputerName -like '*compliance*' } }",
].join(' | ');

/** Closes the V1 connections (the remote sessions count against the service's limit until closed). */
export const legacyDisconnectCommand =
  "Get-PSSession | Where-Object { $_.ConfigurationName -eq 'Microsoft.Exchange' } | Remove-PSSession";
