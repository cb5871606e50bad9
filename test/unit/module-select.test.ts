import { describe, expect, it } from 'vitest';
import { chooseModule, type LocatedModule } from '../../src/module/select.js';
import { canLoad, compareVersions } from '../../src/module/versions.js';
import { resolveOptions } from '../../src/options.js';

const options = resolveOptions(
  { userPrincipalName: 'chris@contoso.com' },
  { platform: 'posix', interactiveTerminal: true },
);
const row = (version: string | null, ps = '7.4.6', edition = 'Core'): LocatedModule => ({
  PowerShellVersion: ps,
  PowerShellEdition: edition,
  ModuleVersion: version,
  ManifestPath: version ? `/m/ExchangeOnlineManagement/${version}/ExchangeOnlineManagement.psd1` : null,
});

describe('module versions', () => {
  it('compares numerically', () => {
    expect(compareVersions('3.10.0', '3.9.2')).toBe(1);
    expect(compareVersions('3.9.2', '3.9.2')).toBe(0);
    expect(compareVersions('2.0.6', '3.0.0')).toBe(-1);
  });

  it('knows which PowerShell 7 loads which module line', () => {
    expect(canLoad('3.10.0', { version: '7.4.6', edition: 'Core' })).toBe(false);
    expect(canLoad('3.10.0', { version: '7.6.0', edition: 'Core' })).toBe(true);
    expect(canLoad('3.9.2', { version: '7.4.0', edition: 'Core' })).toBe(true);
    expect(canLoad('3.9.2', { version: '7.2.18', edition: 'Core' })).toBe(false);
    expect(canLoad('3.10.0', { version: '5.1.19041.1', edition: 'Desktop' })).toBe(true);
  });
});

describe('chooseModule', () => {
  it('takes the newest version this PowerShell can load', () => {
    const chosen = chooseModule([row('3.0.0'), row('3.10.0'), row('3.9.2')], options);
    expect(chosen.version).toBe('3.9.2');
    expect(chosen.manifestPath).toContain('/3.9.2/');
  });

  it('says MODULE_NOT_FOUND with the install command when nothing is installed', () => {
    expect(() => chooseModule([row(null)], options)).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
  });

  it('says which PowerShell a too-new module needs', () => {
    expect(() => chooseModule([row('3.10.0', '7.2.0')], options)).toThrow(/needs PowerShell 7\.6\.0/);
  });

  it('names the option that needs a newer module', () => {
    const search = resolveOptions(
      { userPrincipalName: 'chris@contoso.com', enableSearchOnlySession: true },
      { platform: 'posix', interactiveTerminal: true },
    );
    expect(() => chooseModule([row('3.7.0')], search)).toThrow(
      expect.objectContaining({
        code: 'MODULE_TOO_OLD',
        message: expect.stringMatching(/--enable-search-only-session needs .* 3\.9\.0/),
      }),
    );
  });
});

describe('the supported floor (3.0.0: what the connection check can see)', () => {
  it.each(['2.0.5', '2.0.6', '0.4368.1'])(
    'refuses %s alone with MODULE_TOO_OLD naming 3.0.0 and --install',
    (version) => {
      expect(() => chooseModule([row(version)], options)).toThrow(
        expect.objectContaining({
          code: 'MODULE_TOO_OLD',
          message: expect.stringContaining('3.0.0'),
          fix: expect.stringContaining('--install'),
        }),
      );
    },
  );

  it('skips an older version installed beside a supported one', () => {
    expect(chooseModule([row('2.0.5'), row('3.0.0')], options).version).toBe('3.0.0');
  });
});
