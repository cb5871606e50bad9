import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standInModulesDir } from '../helpers/pwsh.js';

/** The stand-in versions in fixtures/modules, one per interface era (exo-real-interface.md columns). */
export const standInVersions = ['3.0.0', '3.2.0', '3.7.1', '3.9.2'] as const;
export type StandInVersion = (typeof standInVersions)[number];

const layouts = new Map<string, string>();

/**
 * A module folder that offers only this stand-in version (and the shared `.standin/` code it loads from
 * `../../.standin`), copied once per test process into a temporary folder. Pass it as `modulePath`.
 */
export function singleVersionModules(version: string): string {
  const known = layouts.get(version);
  if (known && existsSync(known)) return known;
  const root = mkdtempSync(join(tmpdir(), `ipps-standin-${version}-`));
  cpSync(join(standInModulesDir, '.standin'), join(root, '.standin'), { recursive: true });
  cpSync(
    join(standInModulesDir, 'ExchangeOnlineManagement', version),
    join(root, 'ExchangeOnlineManagement', version),
    { recursive: true },
  );
  layouts.set(version, root);
  return root;
}

/**
 * At most `limit` of the wrapped tasks run at once. Concurrent tests that each start pwsh use it, so a test
 * file never has more PowerShell processes than the machine's two cores can carry beside the other worker.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
