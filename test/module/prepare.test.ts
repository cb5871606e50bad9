import { describe, expect, it } from 'vitest';
import { installModuleCommand } from '../../src/module/install.js';
import { legacyDllName, legacyScriptName } from '../../src/module/legacy-finder.js';
import {
  locateModuleCommand,
  type ModuleStepEvent,
  type ModuleSteps,
  prepareModule,
} from '../../src/module/prepare.js';
import type { LocatedModule } from '../../src/module/select.js';
import { type ConnectOptionsInput, resolveOptions } from '../../src/options.js';
import { createPosixPlatform } from '../../src/platform/posix.js';
import type { PlatformDeps } from '../../src/platform/types.js';
import { createWindowsPlatform } from '../../src/platform/windows.js';
import type { ErrorEvent } from '../../src/transcript/events.js';
import { fakeTree } from '../windows/fake-tree.js';

/** Platform deps that must not be needed: finding modules never runs a program or signals one. */
const noDeps: PlatformDeps = {
  run: () => Promise.reject(new Error('not expected to run anything')),
  signal: () => {
    throw new Error('not expected to signal');
  },
};
const posix = createPosixPlatform(noDeps);
const windows = createWindowsPlatform(noDeps, { systemRoot: 'C:\\Windows' });

const row = (version: string | null, ps = '7.6.9', edition = 'Core'): LocatedModule => ({
  PowerShellVersion: ps,
  PowerShellEdition: edition,
  ModuleVersion: version,
  ManifestPath: version
    ? `/home/u/.local/share/powershell/Modules/ExchangeOnlineManagement/${version}/ExchangeOnlineManagement.psd1`
    : null,
});

/** Steps that answer each locate with the next list of rows and each run with the next result. */
function fakeSteps(
  locates: LocatedModule[][],
  runs: Array<{ success: boolean; errors: ErrorEvent[] }> = [],
): ModuleSteps & { events: ModuleStepEvent[]; evaluated: string[]; ran: Array<[string, number]> } {
  const events: ModuleStepEvent[] = [];
  const evaluated: string[] = [];
  const ran: Array<[string, number]> = [];
  return {
    events,
    evaluated,
    ran,
    async evaluate<T>(code: string) {
      evaluated.push(code);
      const next = locates.shift();
      if (!next) throw new Error('unexpected locate');
      return next as T[];
    },
    async run(code, options) {
      ran.push([code, options.timeoutMs]);
      const next = runs.shift();
      if (!next) throw new Error('unexpected run');
      return next;
    },
    emit: (event) => events.push(event),
    transcriptTail: () => ['PS> install'],
  };
}

const options = (input: ConnectOptionsInput = {}, platform: 'windows' | 'posix' = 'posix') =>
  resolveOptions(
    { userPrincipalName: 'chris@contoso.com', unattended: false, ...input },
    { platform, interactiveTerminal: true },
  );

const installError: ErrorEvent = {
  type: 'error',
  code: 'UNKNOWN',
  message: "Package(s) 'ExchangeOnlineManagement' could not be installed from repository 'Corp'.",
  fix: 'See the error text.',
  retryable: false,
};

describe('prepareModule (v3)', () => {
  it('locates and chooses without installing when a usable version is there', async () => {
    const steps = fakeSteps([[row('3.9.2')]]);
    const prepared = await prepareModule({ options: options({ install: true }), platform: posix, env: {}, steps });
    expect(prepared.legacy).toBeUndefined();
    expect(prepared.module.version).toBe('3.9.2');
    expect(steps.evaluated).toEqual([locateModuleCommand()]);
    expect(steps.ran).toEqual([]);
    expect(steps.events.map((event) => (event.type === 'phase' ? event.phase : event.type))).toEqual([
      'locating-module',
      'module',
    ]);
  });

  it('without --install, MODULE_NOT_FOUND still tells the user about --install', async () => {
    const steps = fakeSteps([[row(null)]]);
    await expect(prepareModule({ options: options(), platform: posix, env: {}, steps })).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
      fix: expect.stringContaining('--install'),
    });
    expect(steps.ran).toEqual([]);
  });

  it('with --install: installs the versions the options need, locates again and reports the new module', async () => {
    const steps = fakeSteps([[row(null)], [row('3.9.2')]], [{ success: true, errors: [] }]);
    const resolved = options({ installRepository: 'Corp', enableSearchOnlySession: true });
    const prepared = await prepareModule({ options: resolved, platform: posix, env: {}, steps });
    expect(steps.ran).toEqual([[installModuleCommand({ minimumVersion: '3.9.0', repository: 'Corp' }), 600_000]]);
    expect(steps.evaluated).toEqual([locateModuleCommand(), locateModuleCommand()]);
    expect(prepared.module.version).toBe('3.9.2');
    expect(steps.events).toEqual([
      { type: 'phase', phase: 'locating-module' },
      { type: 'phase', phase: 'installing-module' },
      { type: 'module', ...prepared.module },
    ]);
  });

  it('installs when the installed version is too old for an option (MODULE_TOO_OLD)', async () => {
    const steps = fakeSteps([[row('3.0.0')], [row('3.0.0'), row('3.9.2')]], [{ success: true, errors: [] }]);
    const prepared = await prepareModule({
      options: options({ install: true, enableSearchOnlySession: true }),
      platform: posix,
      env: {},
      steps,
    });
    expect(prepared.module.version).toBe('3.9.2');
  });

  it('installs below the first version this PowerShell cannot load when only that one is there', async () => {
    const steps = fakeSteps(
      [[row('3.10.0', '7.4.6')], [row('3.10.0', '7.4.6'), row('3.9.2', '7.4.6')]],
      [{ success: true, errors: [] }],
    );
    await prepareModule({ options: options({ install: true }), platform: posix, env: {}, steps });
    expect(steps.ran[0]![0]).toBe(installModuleCommand({ minimumVersion: '3.0.0', belowVersion: '3.10.0' }));
  });

  it('an install error ends as MODULE_NOT_FOUND with its text and the manual command', async () => {
    const steps = fakeSteps([[row(null)]], [{ success: false, errors: [installError] }]);
    await expect(
      prepareModule({ options: options({ installRepository: 'Corp' }), platform: posix, env: {}, steps }),
    ).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
      message: expect.stringContaining(installError.message),
      fix: expect.stringContaining(
        "Install-PSResource -Name ExchangeOnlineManagement -Scope CurrentUser -Version '[3.0.0,)' -Repository Corp",
      ),
      transcriptTail: ['PS> install'],
    });
  });

  it('an error record fails the install even when PowerShell reports success', async () => {
    const steps = fakeSteps([[row(null)]], [{ success: true, errors: [installError] }]);
    await expect(
      prepareModule({ options: options({ install: true }), platform: posix, env: {}, steps }),
    ).rejects.toMatchObject({ code: 'MODULE_NOT_FOUND', message: expect.stringContaining('could not be installed') });
  });

  it('an install that leaves nothing usable says so', async () => {
    const steps = fakeSteps([[row(null)], [row(null)]], [{ success: true, errors: [] }]);
    await expect(
      prepareModule({ options: options({ install: true }), platform: posix, env: {}, steps }),
    ).rejects.toMatchObject({ code: 'MODULE_NOT_FOUND', message: expect.stringMatching(/^Installed .* but still: /) });
  });

  it('does not install when no version could help: MODULE_TOO_OLD to update PowerShell', async () => {
    const steps = fakeSteps([[row('3.0.0', '7.2.18')]]);
    await expect(
      prepareModule({
        options: options({ install: true, enableSearchOnlySession: true }),
        platform: posix,
        env: {},
        steps,
      }),
    ).rejects.toMatchObject({ code: 'MODULE_TOO_OLD', fix: expect.stringContaining('Update PowerShell') });
    expect(steps.ran).toEqual([]);
  });
});

describe('prepareModule (--legacy), the ClickOnce store faked through the Windows platform', () => {
  const env = { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local', USERPROFILE: 'C:\\Users\\ada' };
  const store = `${env.LOCALAPPDATA}\\Apps\\2.0\\TD1HV8YN.61O\\1EP3V7G6.KPP`;
  const app = `${store}\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a`;
  const tree = () =>
    fakeTree([
      `${app}\\${legacyScriptName}`,
      `${app}\\${legacyDllName}`,
      // A component-store copy of the dll: skipped.
      `${store}\\micr..dule_31bf3856ad364e35_0010.0000_none_e092d310eab729ab\\${legacyDllName}`,
    ]);
  const legacyOptions = options({ legacy: true }, 'windows');

  it('under Windows PowerShell 5.1: warns that V1 is retired, and uses the newest V1 found', async () => {
    const steps = fakeSteps([[row(null, '5.1.19041.5247', 'Desktop')]]);
    const { reader } = tree();
    const prepared = await prepareModule({ options: legacyOptions, platform: windows, env, steps, reader });
    expect(prepared.legacy).toEqual({
      scriptPath: `${app}\\CreateExoPSSession.ps1`,
      dllPath: `${app}\\Microsoft.Exchange.Management.ExoPowershellModule.dll`,
      version: '16.0',
      folder: app,
    });
    expect(steps.events).toEqual([
      {
        type: 'warning',
        message: expect.stringMatching(
          /^The Exchange Online Remote PowerShell Module \(EXO V1\) was retired on 2022-12-31 /,
        ),
      },
      { type: 'phase', phase: 'locating-module' },
      {
        type: 'module',
        version: '16.0',
        manifestPath: `${app}\\CreateExoPSSession.ps1`,
        powershellVersion: '5.1.19041.5247',
        powershellEdition: 'Desktop',
      },
    ]);
  });

  it('under PowerShell 7: refused, MODULE_TOO_OLD with --pwsh powershell.exe as the fix', async () => {
    const steps = fakeSteps([[row('3.9.2', '7.4.6', 'Core')]]);
    const { reader } = tree();
    await expect(
      prepareModule({ options: legacyOptions, platform: windows, env, steps, reader }),
    ).rejects.toMatchObject({
      code: 'MODULE_TOO_OLD',
      message: expect.stringContaining('only in Windows PowerShell 5.1; this is PowerShell 7.4.6'),
      fix: expect.stringContaining('--pwsh powershell.exe'),
    });
  });

  it('nothing in the store: MODULE_NOT_FOUND naming the folder, pointing at v3, before asking PowerShell', async () => {
    const steps = fakeSteps([]);
    const { reader, listed } = fakeTree([`${env.LOCALAPPDATA}\\Apps\\2.0\\`]);
    await expect(
      prepareModule({ options: legacyOptions, platform: windows, env, steps, reader }),
    ).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
      message:
        '--legacy: no Exchange Online Remote PowerShell Module (EXO V1) found under C:\\Users\\ada\\AppData\\Local\\Apps\\2.0.',
      fix: expect.stringContaining('ExchangeOnlineManagement v3'),
    });
    expect(listed).toEqual(['C:\\Users\\ada\\AppData\\Local\\Apps\\2.0']);
    expect(steps.evaluated).toEqual([]);
  });

  it('the root comes from the profile when LOCALAPPDATA is unset', async () => {
    const steps = fakeSteps([[row(null, '5.1.19041.5247', 'Desktop')]]);
    const { reader } = tree();
    const prepared = await prepareModule({
      options: legacyOptions,
      platform: windows,
      env: { USERPROFILE: 'C:\\Users\\ada' },
      steps,
      reader,
    });
    expect(prepared.module.version).toBe('16.0');
  });
});
