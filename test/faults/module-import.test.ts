import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import {
  expectAllGone,
  expectNoCrash,
  expectPromptExit,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
  type WatchedCliRun,
} from './helpers.js';

type World = ReturnType<typeof standIn>;
const upn = 'admin@contoso.onmicrosoft.com';
const version = '3.9.2';
const importFailure =
  'Could not load file or assembly Microsoft.Exchange.Management.RestApiClient (fault test: import fails)';

/**
 * A module folder with the stand-in's 3.9.2 manifest and a broken part: `psm1` throws when imported, or
 * `psd1` has a syntax error. PowerShell lists the first (only the manifest is read) but cannot import it;
 * the second it cannot even list.
 */
function brokenModule(kind: 'psm1-throws' | 'psd1-syntax'): string {
  const root = mkdtempSync(join(tmpdir(), 'ipps-broken-module-'));
  const dir = join(root, 'ExchangeOnlineManagement', version);
  mkdirSync(dir, { recursive: true });
  const manifest = join(standInModulesDir, 'ExchangeOnlineManagement', version, 'ExchangeOnlineManagement.psd1');
  if (kind === 'psm1-throws') {
    copyFileSync(manifest, join(dir, 'ExchangeOnlineManagement.psd1'));
    writeFileSync(join(dir, 'ExchangeOnlineManagement.psm1'), `throw '${importFailure}'\n`);
  } else {
    const text = readFileSync(manifest, 'utf8').replace(
      /ModuleVersion\s*=\s*'3\.9\.2'/,
      "ModuleVersion = '3.9.2'; @{ broken = ",
    );
    writeFileSync(join(dir, 'ExchangeOnlineManagement.psd1'), text);
    writeFileSync(join(dir, 'ExchangeOnlineManagement.psm1'), '\n');
  }
  return root;
}

describe.skipIf(skipWithoutPwsh || linuxOnly)('faults: a module folder that fails to import', () => {
  trackUnhandledRejections();
  let world: World | undefined;
  let moduleRoot: string | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
    if (moduleRoot) rmSync(moduleRoot, { recursive: true, force: true });
    moduleRoot = undefined;
  });

  async function connectWith(kind: 'psm1-throws' | 'psd1-syntax'): Promise<WatchedCliRun> {
    world = standIn('success');
    moduleRoot = brokenModule(kind);
    // Only the broken folder: PSModulePath must not offer the working stand-in or an installed module.
    const env = { ...world.env, PSModulePath: '' };
    return runCliWatched(
      ['connect', '--upn', upn, '--pwsh', testPwsh!, '--module-path', moduleRoot, '--attended', '--json'],
      { env, timeoutMs: 90_000 },
    );
  }

  const phases = (run: WatchedCliRun) =>
    run.events.filter((e) => e.event.type === 'phase').map((e) => String(e.event.phase));

  it('psm1 throws at import → MODULE_IMPORT_FAILED, exit 4, with the import error text and a reinstall fix', async () => {
    const run = await connectWith('psm1-throws');
    const errors = run.events.filter((e) => e.event.type === 'error').map((e) => e.event);
    // The error record PowerShell printed (as parsed: no catalog entry) and then the failure it ended in.
    for (const error of errors) expect(String(error.message)).toContain(importFailure);
    expect(run.codes().at(-1)).toBe('MODULE_IMPORT_FAILED');
    expect(String(errors.at(-1)?.message)).toContain(join(moduleRoot!, 'ExchangeOnlineManagement', version));
    expect(String(errors.at(-1)?.fix)).toMatch(/Install-Module ExchangeOnlineManagement/);
    expect(run.exitCode).toBe(4);
    expect(phases(run)).toEqual(['starting', 'locating-module', 'importing-module', 'closed']);
    expect(run.events.find((e) => e.event.type === 'module')?.event).toMatchObject({ version });
    expectPromptExit(run);
    expectNoCrash(run);
    await expectAllGone(run.pids);
  });

  it('psd1 with a syntax error: PowerShell cannot list it → MODULE_NOT_FOUND, exit 4, naming the folder', async () => {
    const run = await connectWith('psd1-syntax');
    expect(run.codes()).toEqual(['MODULE_NOT_FOUND']);
    expect(run.exitCode).toBe(4);
    expect(String(run.events.at(-1)?.event.message)).toContain(moduleRoot!);
    expect(phases(run)).toEqual(['starting', 'locating-module', 'closed']);
    expectPromptExit(run);
    expectNoCrash(run);
    await expectAllGone(run.pids);
  });
});
