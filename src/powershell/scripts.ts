/**
 * Where the package's PowerShell files live. They ship in `scripts/ps/` beside package.json; this module
 * runs from `src/powershell/` under the tests and from `dist/src/powershell/` (or `dist/powershell/`) when
 * built, so the root is found by walking up to package.json rather than by a fixed number of `..`.
 * Never the current directory: ippsconnect is run from anywhere.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/** The folder holding this package's package.json, found once from this module's own location. */
export function findPackageRoot(startDirectory = dirname(fileURLToPath(import.meta.url))): string {
  let directory = startDirectory;
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`ippsconnect: no package.json above ${startDirectory}`);
    directory = parent;
  }
}

/** Script file names are plain names like `check-syntax.ps1`: no folders, so no way out of scripts/ps. */
const SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ps1$/;

/** The absolute path of `<package root>/scripts/ps/<name>`. */
export function scriptPath(name: string): string {
  if (!SCRIPT_NAME.test(name)) throw new Error(`ippsconnect: not a script name: ${JSON.stringify(name)}`);
  packageRoot ??= findPackageRoot();
  return join(packageRoot, 'scripts', 'ps', name);
}
