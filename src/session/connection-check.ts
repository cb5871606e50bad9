/**
 * How a connection is confirmed, per module version (exo-real-interface §1.5, consequence 2), and in which
 * order the two services connect. Pure: the session runs what this returns.
 *
 * Get-ConnectionInformation describes REST connections only. Connect-IPPSSession uses remote PowerShell
 * (WinRM) before module 3.2.0 (3.0.0 forces `-UseRPSSession:$true`), so there the IPPS connection is the
 * PSSession the module opened: ConfigurationName `Microsoft.Exchange`, Name `ExchangeOnlineInternalSession*`.
 */
import { connectionInformationCommand } from '../command.js';
import { legacyConnectionCheckCommand } from '../module/legacy-commands.js';
import { compareVersions } from '../module/versions.js';
import type { ResolvedOptions } from '../options.js';

/** The first module version whose Connect-IPPSSession uses REST by default (exo-real-interface §1.2, §3). */
export const ippsRestSince = '3.2.0';

/** Whether Connect-IPPSSession of this module version connects through remote PowerShell. */
export function ippsUsesRemotePowerShell(moduleVersion: string): boolean {
  return compareVersions(moduleVersion, ippsRestSince) < 0;
}

/**
 * The IPPS remote-PowerShell session as the fields of Get-ConnectionInformation the session reads. Only
 * IPPS uses remote PowerShell here (ippsconnect never passes -UseRPSSession to Connect-ExchangeOnline).
 */
export const remotePowerShellIppsCheckCommand = [
  "Get-PSSession | Where-Object { $_.ConfigurationName -eq 'Microsoft.Exchange' -and $_.Name -like 'ExchangeOnlineInternalSession*' -and $_.State -eq 'Opened' }",
  "Select-Object -Property Name, @{ Name = 'State'; Expression = { 'Connected' } }, @{ Name = 'ConnectionUri'; Expression = { [string]$_.Runspace.ConnectionInfo.ConnectionUri } }, @{ Name = 'IsEopSession'; Expression = { $true } }",
].join(' | ');

export interface ConnectionCheckContext {
  service: 'ipps' | 'exo';
  /** The retired V1 module (--legacy): plain PSSessions for both services. */
  legacy: boolean;
  moduleVersion: string;
}

/** The command whose JSON output lists the connections, shaped like Get-ConnectionInformation's. */
export function connectionCheckCommand(context: ConnectionCheckContext): string {
  if (context.legacy) return legacyConnectionCheckCommand;
  if (context.service === 'ipps' && ippsUsesRemotePowerShell(context.moduleVersion)) {
    return remotePowerShellIppsCheckCommand;
  }
  return connectionInformationCommand;
}

/**
 * Which service connects first. Module 3.9.x keeps Connect-IPPSSession's -EnableSearchOnlySession in its
 * script scope, and every later Connect-ExchangeOnline in the process reads it (exo-real-interface §3):
 * with a search-only session, Exchange Online connects first so it can never inherit the flag.
 */
export function connectOrder(options: Pick<ResolvedOptions, 'exo' | 'enableSearchOnlySession'>): Array<'ipps' | 'exo'> {
  if (!options.exo) return ['ipps'];
  return options.enableSearchOnlySession ? ['exo', 'ipps'] : ['ipps', 'exo'];
}
