/**
 * `--install`: what to install when ExchangeOnlineManagement is missing or too old, the line that runs
 * scripts/ps/install-module.ps1, and the failures it ends with. Pure: the session runs the line.
 */
import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { quotePowerShell } from '../powershell/quote.js';
import { scriptPath } from '../powershell/scripts.js';
import type { ErrorEvent } from '../transcript/events.js';
import { moduleName } from './module-paths.js';
import { requiredFeatures } from './select.js';
import { compareVersions, loadableRange, minimumPowerShellFor, supportedModuleFloor } from './versions.js';

/**
 * Time an install may take: the module is tens of megabytes from the PowerShell Gallery, with
 * dependencies, and the installer prints nothing while it downloads.
 */
export const installTimeoutMs = 600_000;

/** The PowerShell a session runs in, from scripts/ps/locate-module.ps1. */
export interface PowerShellInfo {
  version: string;
  edition: string;
}

export interface InstallRequest {
  /** The lowest version with everything the options need, and loadable here. */
  minimumVersion: string;
  /** The first version this PowerShell cannot load (exclusive); none when every newer one loads. */
  belowVersion?: string;
  /** A registered repository (--install-repository); the installer's default otherwise. */
  repository?: string;
}

/**
 * The versions to install: at least what every requested feature needs and what this PowerShell can
 * load, below the first version it cannot. Throws MODULE_TOO_OLD when no version fits, i.e. the features
 * need a module newer than this PowerShell loads.
 */
export function planInstall(options: ResolvedOptions, powershell: PowerShellInfo): InstallRequest {
  const range = loadableRange(powershell);
  if (!range) {
    throw new IppsConnectError(
      `PowerShell ${powershell.version} cannot load any supported version of ${moduleName} (${supportedModuleFloor} or later); it needs PowerShell ${minimumPowerShellFor(supportedModuleFloor)} or later.`,
      { code: 'MODULE_TOO_OLD', fix: updatePowerShellFix },
    );
  }
  let minimumVersion = range.lowest;
  for (const need of requiredFeatures(options)) {
    if (compareVersions(need.version, minimumVersion) > 0) minimumVersion = need.version;
  }
  const belowVersion = range.below;
  if (belowVersion && compareVersions(minimumVersion, belowVersion) >= 0) {
    const need = requiredFeatures(options).find((feature) => feature.version === minimumVersion);
    throw new IppsConnectError(
      `${need?.option ?? 'This session'} needs ${moduleName} ${minimumVersion} or later, which needs PowerShell ${minimumPowerShellFor(minimumVersion)} or later; this is PowerShell ${powershell.version}.`,
      { code: 'MODULE_TOO_OLD', fix: updatePowerShellFix },
    );
  }
  return {
    minimumVersion,
    ...(belowVersion ? { belowVersion } : {}),
    ...(options.installRepository ? { repository: options.installRepository } : {}),
  };
}

const updatePowerShellFix =
  'Update PowerShell 7 (https://aka.ms/powershell), or run under Windows PowerShell 5.1 (--pwsh powershell.exe), which loads every version.';

/** `& '<package>/scripts/ps/install-module.ps1' -MinimumVersion '3.9.0' ...`: every value quoted. */
export function installModuleCommand(request: InstallRequest): string {
  const parts = [`& ${quotePowerShell(scriptPath('install-module.ps1'))}`];
  parts.push(`-MinimumVersion ${quotePowerShell(request.minimumVersion)}`);
  if (request.belowVersion) parts.push(`-BelowVersion ${quotePowerShell(request.belowVersion)}`);
  if (request.repository) parts.push(`-Repository ${quotePowerShell(request.repository)}`);
  return parts.join(' ');
}

/** The commands a person runs to install the same versions by hand: PSResourceGet, else PowerShellGet. */
export function manualInstallCommands(request: InstallRequest): [psResourceGet: string, powerShellGet: string] {
  const repository = request.repository ? ` -Repository ${request.repository}` : '';
  const range = `[${request.minimumVersion},${request.belowVersion ?? ''})`;
  const maximum = request.belowVersion ? ` -MaximumVersion <a version below ${request.belowVersion}>` : '';
  return [
    `Install-PSResource -Name ${moduleName} -Scope CurrentUser -Version '${range}'${repository}`,
    `Install-Module -Name ${moduleName} -Scope CurrentUser -MinimumVersion ${request.minimumVersion}${maximum}${repository}`,
  ];
}

/** The install printed an error, or failed without one: MODULE_NOT_FOUND with its text and the manual commands. */
export function installFailedError(
  request: InstallRequest,
  error: ErrorEvent | undefined,
  transcriptTail: readonly string[],
): IppsConnectError {
  const [psResourceGet, powerShellGet] = manualInstallCommands(request);
  const reason = error ? error.message : 'the installer failed without an error record';
  return new IppsConnectError(`Installing ${moduleName} ${describeRange(request)} failed: ${reason}`, {
    code: 'MODULE_NOT_FOUND',
    fix: `Install it yourself and run again: ${psResourceGet} (PowerShell 7.4+), or ${powerShellGet}.${
      request.repository
        ? ` Check that the repository ${request.repository} is registered and has the module (Find-PSResource -Name ${moduleName} -Repository ${request.repository}).`
        : ''
    }`,
    transcriptTail,
    ...(error?.fullyQualifiedErrorId ? { fullyQualifiedErrorId: error.fullyQualifiedErrorId } : {}),
    ...(error ? { cause: error } : {}),
  });
}

/** The install finished, yet no usable version is found: MODULE_NOT_FOUND, keeping why. */
export function stillMissingError(request: InstallRequest, after: unknown): IppsConnectError {
  const reason = after instanceof Error ? after.message : String(after);
  return new IppsConnectError(`Installed ${moduleName} ${describeRange(request)}, but still: ${reason}`, {
    code: 'MODULE_NOT_FOUND',
    fix: `Check that the CurrentUser module folder is on PSModulePath (Get-PSResource -Name ${moduleName} -Scope CurrentUser shows where it went).`,
    cause: after,
  });
}

/** Whether --install can help: nothing installed, or nothing new enough or loadable here. */
export function isInstallable(error: unknown): error is IppsConnectError {
  return error instanceof IppsConnectError && (error.code === 'MODULE_NOT_FOUND' || error.code === 'MODULE_TOO_OLD');
}

function describeRange(request: InstallRequest): string {
  return request.belowVersion
    ? `(${request.minimumVersion} or later, below ${request.belowVersion})`
    : `(${request.minimumVersion} or later)`;
}
