/** Where the benchmarks find the built code, PowerShell and the stand-in module (never the current directory). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The build under test: dist/, or another build to compare (IPPSCONNECT_BENCH_DIST, e.g. a patched copy). */
export const distDir = process.env.IPPSCONNECT_BENCH_DIST ?? join(repoRoot, 'dist');
export const standInModulesDir = join(repoRoot, 'fixtures', 'modules');
export const standInManifest = join(
  standInModulesDir,
  'ExchangeOnlineManagement',
  '3.9.2',
  'ExchangeOnlineManagement.psd1',
);
export const transcriptsDir = join(repoRoot, 'fixtures', 'transcripts');
export const resultsDir = join(repoRoot, 'bench', 'results');

/** The PowerShell every benchmark runs: IPPSCONNECT_PWSH, else the pinned one `npm run pwsh:setup` links. */
export function benchPwsh() {
  const fromEnv = process.env.IPPSCONNECT_PWSH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const linked = join(repoRoot, '.tools', 'bin', process.platform === 'win32' ? 'pwsh.cmd' : 'pwsh');
  if (existsSync(linked)) return linked;
  throw new Error('No PowerShell: run `npm run pwsh:setup` (or set IPPSCONNECT_PWSH).');
}

/** Imports a module of the built package (dist/), failing with the fix when it was not built. */
export async function importDist(relative) {
  const path = join(distDir, relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: \`npm run build\` first (npm run bench does).`);
  return import(pathToFileURL(path).href);
}

/**
 * The environment for a stand-in session with no artificial delay: the scenario is `success`, and every
 * IPPSCONNECT_STANDIN_* knob that could slow it down or write files is removed.
 */
export function standInEnvironment(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('IPPSCONNECT_STANDIN_')) delete env[key];
  return { ...env, IPPSCONNECT_STANDIN_SCENARIO: 'success', ...extra };
}
