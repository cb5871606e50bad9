import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { flagOf, toConnectOptions } from '../../src/cli/flags.js';
import { runCli } from '../../src/cli/program.js';
import { type ConnectOptionsInput, resolveOptions } from '../../src/options.js';

const attended = { userPrincipalName: 'chris@contoso.com', unattended: false };
const on = (platform: 'windows' | 'posix', input: ConnectOptionsInput) =>
  resolveOptions({ ...attended, ...input }, { platform, interactiveTerminal: true });
const failure = (platform: 'windows' | 'posix', input: ConnectOptionsInput) => {
  try {
    on(platform, input);
  } catch (error) {
    return error;
  }
  throw new Error('expected resolveOptions to refuse');
};

describe('--install and --install-repository', () => {
  it('are off by default', () => {
    const options = on('posix', {});
    expect(options.install).toBe(false);
    expect(options.installRepository).toBeUndefined();
    expect(options.legacy).toBe(false);
  });

  it('--install-repository implies --install', () => {
    expect(on('posix', { install: true })).toMatchObject({ install: true });
    expect(on('posix', { installRepository: 'Corp.Feed_1-x' })).toMatchObject({
      install: true,
      installRepository: 'Corp.Feed_1-x',
    });
  });

  it('refuses an empty repository name as every empty option is refused', () => {
    expect(failure('posix', { install: true, installRepository: '' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'installRepository',
      fix: expect.stringContaining('leave the option out'),
    });
  });

  it.each(['PS Gallery', "x'; Remove-Item", 'a/b', 'ü'])('refuses the repository name %j', (name) => {
    expect(failure('posix', { install: true, installRepository: name })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'installRepository',
      fix: expect.stringContaining('Get-PSResourceRepository'),
    });
  });
});

describe('--legacy', () => {
  it('is accepted on Windows with interactive sign-in', () => {
    expect(on('windows', { legacy: true, exo: true })).toMatchObject({ legacy: true, install: false });
  });

  it('is refused up front off Windows, naming --legacy and pointing at v3', () => {
    const error = failure('posix', { legacy: true });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'legacy' });
    expect((error as Error).message).toContain('--legacy');
    expect((error as { fix: string }).fix).toMatch(/ExchangeOnlineManagement v3/);
  });

  it('cannot be combined with --install, which installs v3', () => {
    expect(failure('windows', { legacy: true, install: true })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'legacy',
    });
  });

  it('takes interactive sign-in only', () => {
    const appOnly = {
      userPrincipalName: undefined,
      appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      organization: 'contoso.onmicrosoft.com',
      certificateThumbprint: 'A909502DD82AE41433E6F83886B00D4277A32A7B',
    };
    expect(failure('windows', { legacy: true, ...appOnly })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'legacy',
      message: expect.stringContaining('interactive sign-in only'),
    });
  });

  it.each<[ConnectOptionsInput, string, string]>([
    [{ prefix: 'Cc' }, 'prefix', '--prefix'],
    [{ commandName: ['Get-Label'] }, 'commandName', '--command-name'],
    [{ showBanner: false }, 'showBanner', '--show-banner'],
    [{ disableWam: true }, 'disableWam', '--disable-wam'],
    [{ enableSearchOnlySession: true }, 'enableSearchOnlySession', '--enable-search-only-session'],
  ])('refuses %j: V1 has no such parameter', (input, field, flag) => {
    expect(failure('windows', { legacy: true, ...input })).toMatchObject({
      code: 'INVALID_INPUT',
      field,
      message: expect.stringContaining(flag),
    });
  });

  it('lets switches that are off through', () => {
    expect(on('windows', { legacy: true, disableWam: false, enableSearchOnlySession: false }).legacy).toBe(true);
  });
});

describe('flags', () => {
  it('map to the options and back to their names', () => {
    expect(toConnectOptions({ install: true, installRepository: 'Corp', legacy: true })).toEqual({
      install: true,
      installRepository: 'Corp',
      legacy: true,
    });
    expect(flagOf.install).toBe('--install');
    expect(flagOf.installRepository).toBe('--install-repository');
    expect(flagOf.legacy).toBe('--legacy');
  });

  async function cli(args: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk) => {
      err += chunk;
    });
    const exitCode = await runCli(args, { stdout, stderr });
    return { exitCode, err };
  }

  it.skipIf(process.platform === 'win32')('the CLI refuses --legacy here with exit 2, naming the flag', async () => {
    const { exitCode, err } = await cli(['connect', '--attended', '--upn', 'a@contoso.com', '--legacy', '--dry-run']);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/--legacy/);
    expect(err).toMatch(/Fix: .*v3/);
  });

  it('the CLI refuses a bad --install-repository with exit 2, naming the flag', async () => {
    const { exitCode, err } = await cli([
      'connect',
      '--attended',
      '--upn',
      'a@contoso.com',
      '--install-repository',
      'my repo',
      '--dry-run',
    ]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/--install-repository/);
  });
});
