import { describe, expect, it } from 'vitest';
import {
  installFailedError,
  installModuleCommand,
  isInstallable,
  manualInstallCommands,
  planInstall,
  stillMissingError,
} from '../../src/module/install.js';
import { chooseModule } from '../../src/module/select.js';
import { loadableRange } from '../../src/module/versions.js';
import { type ConnectOptionsInput, resolveOptions } from '../../src/options.js';
import { scriptPath } from '../../src/powershell/scripts.js';
import type { ErrorEvent } from '../../src/transcript/events.js';

const resolve = (input: ConnectOptionsInput = {}) =>
  resolveOptions(
    { userPrincipalName: 'chris@contoso.com', unattended: false, ...input },
    { platform: 'posix', interactiveTerminal: true },
  );
const pwsh = (version: string) => ({ version, edition: 'Core' });
const desktop = { version: '5.1.19041.5247', edition: 'Desktop' };

describe('loadableRange', () => {
  // ippsconnect supports module 3.0.0 and later (versions.ts supportedModuleFloor); 3.0–3.4 need 7.2,
  // 3.5–3.9 need 7.4, 3.10+ need 7.6 (exo-facts §1).
  it.each([
    ['7.6.9', { lowest: '3.0.0' }],
    ['7.6.0', { lowest: '3.0.0' }],
    ['7.5.4', { lowest: '3.0.0', below: '3.10.0' }],
    ['7.4.0', { lowest: '3.0.0', below: '3.10.0' }],
    ['7.2.18', { lowest: '3.0.0', below: '3.5.0' }],
  ])('PowerShell %s loads %j', (version, range) => {
    expect(loadableRange(pwsh(version))).toEqual(range);
  });

  it('PowerShell 7.0.3 loads only 2.x, which ippsconnect does not support: none', () => {
    expect(loadableRange(pwsh('7.0.3'))).toBeUndefined();
  });

  it('Windows PowerShell 5.1 loads every version: from the supported floor', () => {
    expect(loadableRange(desktop)).toEqual({ lowest: '3.0.0' });
  });

  it('PowerShell 6 loads none', () => {
    expect(loadableRange(pwsh('6.2.7'))).toBeUndefined();
  });
});

describe('planInstall', () => {
  it('asks for what this PowerShell loads when the options need nothing special', () => {
    expect(planInstall(resolve(), pwsh('7.6.9'))).toEqual({ minimumVersion: '3.0.0' });
    expect(planInstall(resolve(), desktop)).toEqual({ minimumVersion: '3.0.0' });
  });

  it('takes the highest version a requested feature needs', () => {
    const options = resolve({ disableWam: true, enableSearchOnlySession: true, showBanner: false });
    expect(planInstall(options, pwsh('7.6.9'))).toEqual({ minimumVersion: '3.9.0' });
    expect(planInstall(options, desktop)).toEqual({ minimumVersion: '3.9.0' });
  });

  it('stays below the first version this PowerShell cannot load', () => {
    expect(planInstall(resolve({ enableSearchOnlySession: true }), pwsh('7.4.6'))).toEqual({
      minimumVersion: '3.9.0',
      belowVersion: '3.10.0',
    });
  });

  it('carries --install-repository', () => {
    expect(planInstall(resolve({ installRepository: 'Corp.Feed_1' }), pwsh('7.6.9'))).toEqual({
      minimumVersion: '3.0.0',
      repository: 'Corp.Feed_1',
    });
  });

  it('refuses when the features need a module this PowerShell cannot load: MODULE_TOO_OLD, update PowerShell', () => {
    expect(() => planInstall(resolve({ enableSearchOnlySession: true }), pwsh('7.2.18'))).toThrow(
      expect.objectContaining({
        code: 'MODULE_TOO_OLD',
        message:
          '--enable-search-only-session needs ExchangeOnlineManagement 3.9.0 or later, which needs PowerShell 7.4.0 or later; this is PowerShell 7.2.18.',
        fix: expect.stringContaining('--pwsh powershell.exe'),
      }),
    );
  });

  it('refuses a PowerShell that loads no version at all', () => {
    expect(() => planInstall(resolve(), pwsh('6.2.7'))).toThrow(
      expect.objectContaining({ code: 'MODULE_TOO_OLD', message: expect.stringContaining('7.2.0') }),
    );
  });
});

describe('installModuleCommand', () => {
  const script = scriptPath('install-module.ps1').replaceAll("'", "''");

  it('runs scripts/ps/install-module.ps1 with every value quoted', () => {
    expect(installModuleCommand({ minimumVersion: '3.9.0' })).toBe(`& '${script}' -MinimumVersion '3.9.0'`);
    expect(installModuleCommand({ minimumVersion: '3.9.0', belowVersion: '3.10.0', repository: 'Corp.Feed_1' })).toBe(
      `& '${script}' -MinimumVersion '3.9.0' -BelowVersion '3.10.0' -Repository 'Corp.Feed_1'`,
    );
  });
});

describe('install failures', () => {
  const request = { minimumVersion: '3.9.0', belowVersion: '3.10.0', repository: 'Corp' };
  const printed: ErrorEvent = {
    type: 'error',
    code: 'UNKNOWN',
    message: "Package(s) 'ExchangeOnlineManagement' could not be installed from repository 'Corp'.",
    fix: '—',
    retryable: false,
    fullyQualifiedErrorId: 'InstallPackageFailure,Microsoft.PowerShell.PSResourceGet.Cmdlets.InstallPSResource',
  };

  it('names the manual commands for both installers', () => {
    expect(manualInstallCommands(request)).toEqual([
      "Install-PSResource -Name ExchangeOnlineManagement -Scope CurrentUser -Version '[3.9.0,3.10.0)' -Repository Corp",
      'Install-Module -Name ExchangeOnlineManagement -Scope CurrentUser -MinimumVersion 3.9.0 -MaximumVersion <a version below 3.10.0> -Repository Corp',
    ]);
    expect(manualInstallCommands({ minimumVersion: '2.0.4' })).toEqual([
      "Install-PSResource -Name ExchangeOnlineManagement -Scope CurrentUser -Version '[2.0.4,)'",
      'Install-Module -Name ExchangeOnlineManagement -Scope CurrentUser -MinimumVersion 2.0.4',
    ]);
  });

  it('ends as MODULE_NOT_FOUND with the installer’s text, its error id and the manual command', () => {
    const error = installFailedError(request, printed, ['tail']);
    expect(error).toMatchObject({
      code: 'MODULE_NOT_FOUND',
      message: `Installing ExchangeOnlineManagement (3.9.0 or later, below 3.10.0) failed: ${printed.message}`,
      fullyQualifiedErrorId: printed.fullyQualifiedErrorId,
      transcriptTail: ['tail'],
    });
    expect(error.fix).toContain(manualInstallCommands(request)[0]);
    expect(error.fix).toContain('Find-PSResource -Name ExchangeOnlineManagement -Repository Corp');
  });

  it('says so when the installer failed without an error record', () => {
    expect(installFailedError({ minimumVersion: '2.0.4' }, undefined, []).message).toBe(
      'Installing ExchangeOnlineManagement (2.0.4 or later) failed: the installer failed without an error record',
    );
  });

  it('keeps the reason when the installed module is still not usable', () => {
    let cause: unknown;
    try {
      chooseModule([], resolve());
    } catch (error) {
      cause = error;
    }
    expect(stillMissingError({ minimumVersion: '2.0.4' }, cause)).toMatchObject({
      code: 'MODULE_NOT_FOUND',
      message:
        'Installed ExchangeOnlineManagement (2.0.4 or later), but still: The ExchangeOnlineManagement module is not installed for this PowerShell.',
      fix: expect.stringContaining('PSModulePath'),
    });
  });

  it('installs for MODULE_NOT_FOUND and MODULE_TOO_OLD only', () => {
    let notFound: unknown;
    try {
      chooseModule([], resolve());
    } catch (error) {
      notFound = error;
    }
    expect(isInstallable(notFound)).toBe(true);
    expect(isInstallable(new Error('MODULE_NOT_FOUND'))).toBe(false);
  });
});
