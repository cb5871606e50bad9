/**
 * --install for real and offline: the stand-in module published to a local PSResourceGet repository,
 * installed by a real pwsh into an isolated home.
 *
 * Where things go on Linux (PSResourceGet 1.2 in pwsh 7.6; .NET's LocalApplicationData is
 * $XDG_DATA_HOME, else ~/.local/share):
 *   repository list   <LocalApplicationData>/PSResourceGet/PSResourceRepository.xml
 *   CurrentUser       <LocalApplicationData>/powershell/Modules/<name>/<version>/
 *   PowerShellGet 2   $XDG_CACHE_HOME/powershell/PowerShellGet/PSRepositories.xml, same CurrentUser folder
 * Pitfall: .NET reports LocalApplicationData as '' while the folder does not exist, and PSResourceGet then
 * keeps its repository list in ./PSResourceGet under the current directory. The home is made first.
 *
 * Publish-PSResource needs Author and Description in the manifest (the stand-in's psd1 has both) and
 * packs the whole folder, dot-folders included, so the package carries its own copy of `.standin/`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { IppsConnectError } from '../../src/errors.js';
import { quotePowerShell } from '../../src/powershell/quote.js';
import { scriptPath } from '../../src/powershell/scripts.js';
import type { SessionEvent } from '../../src/session/events.js';
import { repoRoot, skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

const repositoryName = 'IppsConnectTest';
const emptyRepositoryName = 'IppsConnectEmpty';
const appOnly = {
  appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  organization: 'contoso.onmicrosoft.com',
  certificatePath: '/certs/job.pfx',
  // -NonInteractive: the install must not ask anything.
  unattended: true,
};

/** A home of its own for PowerShell: its repositories, its CurrentUser modules, its temp files. */
function isolatedHome(dir: string) {
  const home = join(dir, 'home');
  const dataHome = join(home, '.local', 'share');
  const env = {
    HOME: home,
    XDG_DATA_HOME: dataHome,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: join(dir, 'tmp'),
    PSModulePath: undefined,
  };
  for (const folder of [dataHome, env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME, env.TMPDIR]) {
    mkdirSync(folder, { recursive: true });
  }
  return { home, dataHome, env, modules: join(dataHome, 'powershell', 'Modules') };
}

type Home = ReturnType<typeof isolatedHome>;

/** Runs PowerShell code in the isolated home, from `cwd`, and fails the test with its output if it fails. */
async function pwshIn(home: Home, cwd: string, code: string) {
  const result = await execa(testPwsh!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', code], {
    env: { ...process.env, ...home.env },
    extendEnv: false,
    cwd,
    reject: false,
    timeout: 60_000,
  });
  return { ...result, text: `${String(result.stdout)}\n${String(result.stderr)}` };
}

/**
 * The 3.9.2 stand-in as one self-contained module folder: its psd1, a psm1 that dot-sources the
 * `.standin/` copied inside the package (the fixture's psm1 reaches two folders up for it).
 */
function buildPackage(dir: string): string {
  const folder = join(dir, 'package', 'ExchangeOnlineManagement');
  const version = join(standInModulesDir, 'ExchangeOnlineManagement', '3.9.2');
  mkdirSync(folder, { recursive: true });
  cpSync(join(version, 'ExchangeOnlineManagement.psd1'), join(folder, 'ExchangeOnlineManagement.psd1'));
  cpSync(join(standInModulesDir, '.standin'), join(folder, '.standin'), { recursive: true });
  const psm1 = readFileSync(join(version, 'ExchangeOnlineManagement.psm1'), 'utf8');
  const selfContained = psm1.replace("$PSScriptRoot, '..', '..', '.standin'", "$PSScriptRoot, '.standin'");
  if (selfContained === psm1) throw new Error('the stand-in psm1 no longer reaches ../../.standin: update this test');
  writeFileSync(join(folder, 'ExchangeOnlineManagement.psm1'), selfContained);
  return folder;
}

describe.skipIf(skipWithoutPwsh)('--install from a local PSResourceGet repository (real pwsh, offline)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipps-install-'));
  const repository = join(dir, 'repository');
  const emptyRepository = join(dir, 'empty-repository');
  let world: ReturnType<typeof standIn> | undefined;

  beforeAll(async () => {
    mkdirSync(repository);
    mkdirSync(emptyRepository);
    const publisher = isolatedHome(join(dir, 'publisher'));
    const published = await pwshIn(
      publisher,
      dir,
      [
        `Register-PSResourceRepository -Name ${repositoryName} -Uri ${quotePowerShell(repository)} -Trusted`,
        `Publish-PSResource -Path ${quotePowerShell(buildPackage(dir))} -Repository ${repositoryName}`,
      ].join('; '),
    );
    expect(published.exitCode, published.text).toBe(0);
    expect(existsSync(join(repository, 'ExchangeOnlineManagement.3.9.2.nupkg'))).toBe(true);
    // The repository list went to the isolated home, not to the current directory.
    expect(existsSync(join(publisher.dataHome, 'PSResourceGet', 'PSResourceRepository.xml'))).toBe(true);
    expect(existsSync(join(dir, 'PSResourceGet'))).toBe(false);
  });

  afterEach(() => world?.dispose());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh home with both repositories registered, and a --module-path folder without the module. */
  async function freshHome(name: string) {
    const home = isolatedHome(join(dir, name));
    const registered = await pwshIn(
      home,
      dir,
      [
        `Register-PSResourceRepository -Name ${repositoryName} -Uri ${quotePowerShell(repository)} -Trusted`,
        `Register-PSResourceRepository -Name ${emptyRepositoryName} -Uri ${quotePowerShell(emptyRepository)} -Trusted`,
      ].join('; '),
    );
    expect(registered.exitCode, registered.text).toBe(0);
    const noModules = join(dir, name, 'no-modules');
    mkdirSync(noModules);
    return { home, noModules };
  }

  async function session(options: Record<string, unknown>, home: Home) {
    world = standIn('success');
    const events: SessionEvent[] = [];
    const env = { ...world.env, ...home.env };
    const error = await runSession(
      { powershell: testPwsh!, ...appOnly, ...options },
      { env, onEvent: (event) => events.push(event) },
    ).then(
      () => undefined,
      (caught: unknown) => {
        if (caught instanceof IppsConnectError) return caught;
        throw caught;
      },
    );
    const phases = events.flatMap((event) => (event.type === 'phase' ? [event.phase] : []));
    return { events, error, phases, calls: world.calls() };
  }

  it('installs the module for the current user, then uses that install and connects', async () => {
    const { home, noModules } = await freshHome('installs');
    const { events, error, phases, calls } = await session(
      { modulePath: [noModules], installRepository: repositoryName },
      home,
    );
    expect(error).toBeUndefined();
    expect(phases.slice(0, 5)).toEqual([
      'starting',
      'locating-module',
      'installing-module',
      'importing-module',
      'connecting',
    ]);
    expect(events.find((event) => event.type === 'module')).toMatchObject({
      version: '3.9.2',
      manifestPath: join(home.modules, 'ExchangeOnlineManagement', '3.9.2', 'ExchangeOnlineManagement.psd1'),
      powershellEdition: 'Core',
    });
    expect(events.find((event) => event.type === 'connected')).toMatchObject({ isEopSession: true });
    expect(calls.find((call) => call.cmdlet === 'Connect-IPPSSession')).toMatchObject({ moduleVersion: '3.9.2' });
    expect(existsSync(join(repoRoot, 'PSResourceGet'))).toBe(false);
  });

  it.each([
    [
      emptyRepositoryName,
      "Package(s) 'ExchangeOnlineManagement' could not be installed from repository 'IppsConnectEmpty'.",
    ],
    ['IppsConnectUnregistered', 'Cannot resolve -Repository name.'],
  ])(
    'repository %s: ends with MODULE_NOT_FOUND, the installer’s text and the manual command; connects nothing',
    async (name, text) => {
      const { home, noModules } = await freshHome(`fails-${name}`);
      const started = Date.now();
      const { events, error, phases, calls } = await session(
        { modulePath: [noModules], installRepository: name },
        home,
      );
      expect(error).toMatchObject({
        code: 'MODULE_NOT_FOUND',
        message: expect.stringContaining(text),
        // 3.0.0: the oldest module ippsconnect supports (certificate sign-in alone would need 2.0.6).
        fix: expect.stringContaining(
          `Install-PSResource -Name ExchangeOnlineManagement -Scope CurrentUser -Version '[3.0.0,)' -Repository ${name}`,
        ),
      });
      // The transcript parser saw the installer's error record too.
      expect(events.some((event) => event.type === 'error' && event.message.includes(text))).toBe(true);
      expect(phases).toContain('installing-module');
      expect(phases).not.toContain('importing-module');
      expect(phases.at(-1)).toBe('closed');
      expect(calls).toEqual([]);
      expect(existsSync(join(home.modules, 'ExchangeOnlineManagement'))).toBe(false);
      expect(Date.now() - started).toBeLessThan(45_000);
    },
  );

  it('without --install: MODULE_NOT_FOUND that suggests --install, and nothing is installed', async () => {
    const { home, noModules } = await freshHome('no-install');
    const { error, phases } = await session({ modulePath: [noModules] }, home);
    expect(error).toMatchObject({ code: 'MODULE_NOT_FOUND', fix: expect.stringContaining('--install') });
    expect(phases).not.toContain('installing-module');
  });

  describe('the PowerShellGet fallback (Install-Module, as Windows PowerShell 5.1 has it)', () => {
    const install = (options: string) =>
      `& ${quotePowerShell(scriptPath('install-module.ps1'))} -Installer PowerShellGet -Repository IppsConnectV2 ${options}`;

    async function v2Home(name: string) {
      const home = isolatedHome(join(dir, name));
      const registered = await pwshIn(
        home,
        dir,
        `Register-PSRepository -Name IppsConnectV2 -SourceLocation ${quotePowerShell(repository)} -InstallationPolicy Trusted`,
      );
      expect(registered.exitCode, registered.text).toBe(0);
      expect(existsSync(join(home.env.XDG_CACHE_HOME, 'powershell', 'PowerShellGet', 'PSRepositories.xml'))).toBe(true);
      return home;
    }

    it('installs below the version this PowerShell cannot load (inclusive -MaximumVersion)', async () => {
      const home = await v2Home('v2-installs');
      const result = await pwshIn(
        home,
        dir,
        `${install("-MinimumVersion '3.0.0' -BelowVersion '3.10.0'")}; (Get-Module -ListAvailable ExchangeOnlineManagement).Path`,
      );
      expect(result.exitCode, result.text).toBe(0);
      expect(String(result.stdout).trim()).toBe(
        join(home.modules, 'ExchangeOnlineManagement', '3.9.2', 'ExchangeOnlineManagement.psd1'),
      );
    });

    it('stops with the installer’s error when no version fits', async () => {
      const home = await v2Home('v2-fails');
      const result = await pwshIn(home, dir, `${install("-MinimumVersion '3.9.3'")}; 'not reached'`);
      expect(result.exitCode).not.toBe(0);
      expect(result.text).toContain('No match was found for the specified search criteria');
      expect(String(result.stdout)).not.toContain('not reached');
    });
  });
});
