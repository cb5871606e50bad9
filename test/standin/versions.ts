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
