/**
 * Version facts of ExchangeOnlineManagement (exo-facts §1). Pure: no I/O.
 */

/** A dotted version compared numerically, e.g. "3.9.2" > "3.10.0" is false. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/**
 * The lowest PowerShell 7 each module line needs (exo-facts §1). Windows PowerShell 5.1 loads every
 * version. Ordered newest first: the first entry whose module version is ≤ the candidate applies.
 */
const powershell7Minimums: ReadonlyArray<readonly [moduleVersion: string, powershellVersion: string]> = [
  ['3.10.0', '7.6.0'],
  ['3.5.0', '7.4.0'],
  ['3.0.0', '7.2.0'],
  ['2.0.4', '7.0.3'],
];

/** Whether this PowerShell can load that module version. */
export function canLoad(moduleVersion: string, powershell: { version: string; edition: string }): boolean {
  if (powershell.edition === 'Desktop') return true;
  const rule = powershell7Minimums.find(([since]) => compareVersions(moduleVersion, since) >= 0);
  if (!rule) return false;
  return compareVersions(powershell.version, rule[1]) >= 0;
}

/** The PowerShell 7 version a module version needs, for messages. */
export function minimumPowerShellFor(moduleVersion: string): string | undefined {
  return powershell7Minimums.find(([since]) => compareVersions(moduleVersion, since) >= 0)?.[1];
}

/** Module versions that introduced what an option needs (exo-facts §1). */
export const featureVersions = {
  certificate: '2.0.6',
  showBanner: '3.2.0',
  disableWam: '3.7.2',
  accessToken: '3.8.0',
  enableSearchOnlySession: '3.9.0',
} as const;

/**
 * The oldest module version ippsconnect supports. A connection is confirmed by what the module shows:
 * Get-ConnectionInformation exists from 3.0.0 (REST connections), and IPPS in remote-PowerShell mode
 * (before 3.2.0) by its PSSession (session/connection-check.ts). 2.0.x has neither check that ippsconnect
 * has been tested against, so it is refused with MODULE_TOO_OLD.
 */
export const supportedModuleFloor = '3.0.0';

function newer(a: string, b: string): string {
  return compareVersions(a, b) >= 0 ? a : b;
}

/**
 * The supported versions this PowerShell can load, as a range for an install: from `lowest` up to, not
 * including, `below` (no bound when every newer version loads). Undefined when it loads none.
 */
export function loadableRange(powershell: {
  version: string;
  edition: string;
}): { lowest: string; below?: string } | undefined {
  if (powershell.edition === 'Desktop') return { lowest: supportedModuleFloor };
  const oldestFirst = [...powershell7Minimums].reverse();
  const loadable = oldestFirst.filter(([, needs]) => compareVersions(powershell.version, needs) >= 0);
  const oldest = loadable[0];
  if (!oldest) return undefined;
  const firstTooNew = oldestFirst.find(([, needs]) => compareVersions(powershell.version, needs) < 0);
  const lowest = newer(oldest[0], supportedModuleFloor);
  if (firstTooNew && compareVersions(lowest, firstTooNew[0]) >= 0) return undefined;
  return { lowest, ...(firstTooNew ? { below: firstTooNew[0] } : {}) };
}
