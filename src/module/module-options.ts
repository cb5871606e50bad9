/**
 * Checks of the options that choose the module: --install, --install-repository, --legacy. Pure; called
 * by resolveOptions, so a bad combination is refused before anything starts.
 */
import { ValidationError } from '../powershell/errors.js';

/** A registered repository name as PSResourceGet and PowerShellGet accept it, kept simple to type. */
const repositoryName = /^[A-Za-z0-9._-]{1,100}$/;

export interface ModuleOptionsInput {
  install?: boolean | undefined;
  installRepository?: string | undefined;
  legacy?: boolean | undefined;
  prefix?: string | undefined;
  commandName?: readonly string[] | undefined;
  exoCommandName?: readonly string[] | undefined;
  showBanner?: boolean | undefined;
  disableWam?: boolean | undefined;
  enableSearchOnlySession?: boolean | undefined;
}

export interface ModuleOptions {
  install: boolean;
  installRepository?: string;
  legacy: boolean;
}

/**
 * What the retired V1 Connect-IPPSSession lacks; each is refused with --legacy when it would put the
 * parameter on the command line (any --show-banner / --no-show-banner; the switches only when on).
 */
const notInLegacy: ReadonlyArray<[field: keyof ModuleOptionsInput, flag: string]> = [
  ['prefix', '--prefix'],
  ['commandName', '--command-name'],
  ['exoCommandName', '--exo-command-name'],
  ['showBanner', '--show-banner'],
  ['disableWam', '--disable-wam'],
  ['enableSearchOnlySession', '--enable-search-only-session'],
];
const switches: ReadonlySet<keyof ModuleOptionsInput> = new Set(['disableWam', 'enableSearchOnlySession']);

/**
 * `--install-repository` implies `--install`. `--legacy` is Windows-only, interactive sign-in only, and
 * takes none of the v3 parameters; it cannot be combined with --install, which installs v3.
 */
export function resolveModuleOptions(
  input: ModuleOptionsInput,
  context: { platform: 'windows' | 'posix'; interactiveSignIn: boolean },
): ModuleOptions {
  const resolved: ModuleOptions = {
    install: input.install === true || input.installRepository !== undefined,
    legacy: input.legacy ?? false,
  };
  if (input.installRepository !== undefined) {
    if (!repositoryName.test(input.installRepository)) {
      throw new ValidationError(
        'installRepository',
        `${JSON.stringify(input.installRepository)} is not a repository name (letters, digits, '.', '_', '-')`,
        'pass the name of a registered repository, as Get-PSResourceRepository lists it',
      );
    }
    resolved.installRepository = input.installRepository;
  }
  if (!resolved.legacy) return resolved;
  if (context.platform !== 'windows') {
    throw new ValidationError(
      'legacy',
      'the retired EXO V1 module (--legacy) existed only on Windows',
      'use the ExchangeOnlineManagement v3 module: drop --legacy (add --install to install it)',
    );
  }
  if (resolved.install) {
    throw new ValidationError(
      'legacy',
      '--legacy and --install were both given, and --install installs the v3 module',
      'drop --legacy: ExchangeOnlineManagement v3 replaces the retired EXO V1 module',
    );
  }
  if (!context.interactiveSignIn) {
    throw new ValidationError(
      'legacy',
      '--legacy supports interactive sign-in only; app-only and access-token sign-in need ExchangeOnlineManagement v3',
      'drop --legacy and use the v3 module',
    );
  }
  for (const [field, flag] of notInLegacy) {
    const value = input[field];
    if (value !== undefined && !(switches.has(field) && value === false)) {
      throw new ValidationError(
        field,
        `${flag} is a parameter of ExchangeOnlineManagement v3; the retired EXO V1 module (--legacy) has no such parameter`,
        `drop ${flag}, or drop --legacy and use the v3 module`,
      );
    }
  }
  return resolved;
}
