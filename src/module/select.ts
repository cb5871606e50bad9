import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { canLoad, compareVersions, featureVersions, minimumPowerShellFor, supportedModuleFloor } from './versions.js';

/** One row of scripts/ps/locate-module.ps1. */
export interface LocatedModule {
  PowerShellVersion: string;
  PowerShellEdition: string;
  ModuleVersion: string | null;
  Prerelease?: string;
  ManifestPath: string | null;
}

export interface ChosenModule {
  version: string;
  manifestPath: string;
  powershellVersion: string;
  powershellEdition: string;
}

/** Which options need which module version, so a too-old module is named before connecting. */
export function requiredFeatures(options: ResolvedOptions): Array<{ option: string; version: string }> {
  const needs: Array<{ option: string; version: string }> = [];
  if (options.signIn.kind === 'access-token') {
    needs.push({ option: 'access-token sign-in (-AccessToken)', version: featureVersions.accessToken });
  } else if (options.signIn.kind !== 'interactive') {
    needs.push({ option: 'certificate sign-in', version: featureVersions.certificate });
  }
  if (options.signIn.kind === 'interactive' && options.signIn.disableWam) {
    needs.push({ option: '--disable-wam', version: featureVersions.disableWam });
  }
  if (options.showBanner !== undefined) needs.push({ option: '--show-banner', version: featureVersions.showBanner });
  if (options.enableSearchOnlySession) {
    needs.push({ option: '--enable-search-only-session', version: featureVersions.enableSearchOnlySession });
  }
  return needs;
}

/**
 * Picks the newest installed version this PowerShell can load, then checks it has what the options
 * need. Throws MODULE_NOT_FOUND or MODULE_TOO_OLD with the fix.
 */
export function chooseModule(rows: readonly LocatedModule[], options: ResolvedOptions): ChosenModule {
  const installed = rows.filter((row): row is LocatedModule & { ModuleVersion: string; ManifestPath: string } =>
    Boolean(row.ModuleVersion && row.ManifestPath),
  );
  const powershell = { version: rows[0]?.PowerShellVersion ?? '0', edition: rows[0]?.PowerShellEdition ?? 'Core' };
  if (installed.length === 0) {
    throw new IppsConnectError('The ExchangeOnlineManagement module is not installed for this PowerShell.', {
      code: 'MODULE_NOT_FOUND',
      fix: 'Install it: Install-Module ExchangeOnlineManagement -Scope CurrentUser (or run ippsconnect with --install).',
    });
  }
  const supported = installed.filter((row) => compareVersions(row.ModuleVersion, supportedModuleFloor) >= 0);
  if (supported.length === 0) {
    const newest = installed.map((row) => row.ModuleVersion).sort((a, b) => compareVersions(b, a))[0]!;
    throw new IppsConnectError(
      `ExchangeOnlineManagement ${newest} is older than ${supportedModuleFloor}, the oldest version ippsconnect supports (it confirms a connection with Get-ConnectionInformation, or the remote PowerShell session of 3.0.x/3.1.x).`,
      {
        code: 'MODULE_TOO_OLD',
        fix: `Update it: Update-Module ExchangeOnlineManagement, or Install-Module ExchangeOnlineManagement -Scope CurrentUser -MinimumVersion ${supportedModuleFloor} (or run ippsconnect with --install).`,
      },
    );
  }
  const loadable = supported
    .filter((row) => canLoad(row.ModuleVersion, powershell))
    .sort((a, b) => compareVersions(b.ModuleVersion, a.ModuleVersion));
  const best = loadable[0];
  if (!best) {
    const newest = supported.map((row) => row.ModuleVersion).sort((a, b) => compareVersions(b, a))[0]!;
    throw new IppsConnectError(
      `ExchangeOnlineManagement ${newest} needs PowerShell ${minimumPowerShellFor(newest)} or later; this is PowerShell ${powershell.version}.`,
      { code: 'MODULE_TOO_OLD', fix: 'Update PowerShell 7, or install a module version this PowerShell can load.' },
    );
  }
  for (const need of requiredFeatures(options)) {
    if (compareVersions(best.ModuleVersion, need.version) < 0) {
      throw new IppsConnectError(
        `${need.option} needs ExchangeOnlineManagement ${need.version} or later; the newest usable here is ${best.ModuleVersion}.`,
        { code: 'MODULE_TOO_OLD', fix: 'Update-Module ExchangeOnlineManagement (or run ippsconnect with --install).' },
      );
    }
  }
  return {
    version: best.ModuleVersion,
    manifestPath: best.ManifestPath,
    powershellVersion: powershell.version,
    powershellEdition: powershell.edition,
  };
}
