import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, found from this file so tests never depend on the current directory. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The stand-in ExchangeOnlineManagement module (test equipment) lives under this folder. */
export const standInModulesDir = join(repoRoot, 'fixtures', 'modules');

/**
 * The PowerShell the tests drive: IPPSCONNECT_PWSH, else the pinned tool linked by `npm run pwsh:setup`.
 * Undefined when neither exists; `requirePwsh` turns that into a failure under CI.
 */
export function findTestPwsh(): string | undefined {
  const fromEnv = process.env.IPPSCONNECT_PWSH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const linked = join(repoRoot, '.tools', 'bin', process.platform === 'win32' ? 'pwsh.cmd' : 'pwsh');
  return existsSync(linked) ? linked : undefined;
}

export const testPwsh = findTestPwsh();

/** Integration tests may skip without pwsh on a user's machine, never in CI. */
export const skipWithoutPwsh = !testPwsh && process.env.CI !== 'true';

if (!testPwsh && process.env.CI === 'true') {
  throw new Error('CI=true but no PowerShell found: run `npm run pwsh:setup` (dotnet tool restore) first.');
}
