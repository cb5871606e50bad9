import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { IppsConnectError } from '../errors.js';
import type { Platform } from '../platform/index.js';

export interface FindPowerShellOptions {
  /** --pwsh / the `powershell` option: used as given, never second-guessed. */
  explicit?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  platform: Platform;
  /** Whether a file is an executable; injected for tests. */
  isExecutable?: (path: string) => boolean;
}

/**
 * Which PowerShell to run: the explicit option, else IPPSCONNECT_PWSH, else the platform's names on
 * PATH (pwsh; on Windows then powershell.exe). Throws POWERSHELL_NOT_FOUND with the fix.
 */
export function findPowerShell(options: FindPowerShellOptions): string {
  const isExecutable = options.isExecutable ?? isExecutableFile;
  const configured = options.explicit ?? options.env.IPPSCONNECT_PWSH;
  if (configured) {
    const found =
      isAbsolute(configured) || /[\\/]/.test(configured) ? configured : searchPath(configured, options, isExecutable);
    if (found && isExecutable(found)) return found;
    throw notFound(`PowerShell was configured as ${JSON.stringify(configured)}, but no executable is there.`);
  }
  for (const name of options.platform.powershellNames) {
    const found = searchPath(name, options, isExecutable);
    if (found) return found;
  }
  throw notFound(`No PowerShell found on PATH (looked for ${options.platform.powershellNames.join(', ')}).`);
}

function searchPath(
  name: string,
  options: FindPowerShellOptions,
  isExecutable: (path: string) => boolean,
): string | undefined {
  const path = options.env.PATH ?? options.env.Path ?? '';
  for (const directory of path.split(options.platform.pathDelimiter).filter(Boolean)) {
    for (const candidate of options.platform.executableNames(name, options.env)) {
      const full = options.platform.joinPath(directory, candidate);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function notFound(message: string): IppsConnectError {
  return new IppsConnectError(message, {
    code: 'POWERSHELL_NOT_FOUND',
    fix: 'Install PowerShell 7 (https://aka.ms/powershell), or pass --pwsh <path> / set IPPSCONNECT_PWSH.',
  });
}
