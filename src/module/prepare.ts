/**
 * The module part of a session: locate ExchangeOnlineManagement in the running PowerShell, choose a
 * version, install one first when allowed (--install), or find the retired EXO V1 module (--legacy).
 * The session injects how to run PowerShell, so this holds the decisions and nothing of the pty.
 */
import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Platform } from '../platform/index.js';
import { quotePowerShell } from '../powershell/quote.js';
import { scriptPath } from '../powershell/scripts.js';
import type { ErrorEvent } from '../transcript/events.js';
import {
  installFailedError,
  installModuleCommand,
  installTimeoutMs,
  isInstallable,
  planInstall,
  stillMissingError,
} from './install.js';
import { legacyRetiredWarning } from './legacy-commands.js';
import { type DirectoryReader, fileSystemReader, findLegacyModule, type LegacyModule } from './legacy-finder.js';
import { describeModuleSearch, moduleName, searchModuleFolders } from './module-paths.js';
import { type ChosenModule, chooseModule, type LocatedModule } from './select.js';

/** The events the module part reports; the session's own event type includes them. */
export type ModuleStepEvent =
  | { type: 'phase'; phase: 'locating-module' | 'installing-module' }
  | { type: 'warning'; message: string }
  | ({ type: 'module' } & ChosenModule);

/** What the module part needs from the session: run PowerShell, report events. */
export interface ModuleSteps {
  /** Runs a pipeline and returns its output objects. */
  evaluate<T>(code: string): Promise<T[]>;
  /** Runs generated code, its output parsed into events; never throws for what it printed. */
  run(code: string, options: { timeoutMs: number }): Promise<{ success: boolean; errors: ErrorEvent[] }>;
  emit(event: ModuleStepEvent): void;
  transcriptTail(): string[];
}

export interface PrepareModuleContext {
  options: ResolvedOptions;
  platform: Platform;
  /** The environment PowerShell was started with (for %LOCALAPPDATA%). */
  env: Readonly<Record<string, string | undefined>>;
  steps: ModuleSteps;
  /** How folders are read for the legacy finder (the real file system by default). */
  reader?: DirectoryReader;
}

/** The chosen module; `legacy` when it is the retired EXO V1 module. */
export interface PreparedModule {
  module: ChosenModule;
  legacy?: LegacyModule;
}

/** The line that lists the installed versions (scripts/ps/locate-module.ps1). */
export const locateModuleCommand = (): string => `& ${quotePowerShell(scriptPath('locate-module.ps1'))}`;

/** Locates and chooses (installing first with --install), or finds EXO V1 with --legacy; emits `module`. */
export async function prepareModule(context: PrepareModuleContext): Promise<PreparedModule> {
  const prepared = context.options.legacy ? await prepareLegacy(context) : await prepareV3(context);
  context.steps.emit({ type: 'module', ...prepared.module });
  return prepared;
}

async function prepareV3(context: PrepareModuleContext): Promise<PreparedModule> {
  const { options, steps } = context;
  steps.emit({ type: 'phase', phase: 'locating-module' });
  const located = await steps.evaluate<LocatedModule>(locateModuleCommand());
  try {
    return { module: chooseModule(located, options) };
  } catch (error) {
    if (!options.install || !isInstallable(error)) throw await withSearchReport(error, context, located);
  }
  const request = planInstall(options, powershellOf(located));
  steps.emit({ type: 'phase', phase: 'installing-module' });
  const { success, errors } = await steps.run(installModuleCommand(request), { timeoutMs: installTimeoutMs });
  if (!success || errors.length > 0) throw installFailedError(request, errors[0], steps.transcriptTail());
  const again = await steps.evaluate<LocatedModule>(locateModuleCommand());
  try {
    return { module: chooseModule(again, options) };
  } catch (error) {
    throw stillMissingError(request, error);
  }
}

async function prepareLegacy({ platform, env, steps, reader }: PrepareModuleContext): Promise<PreparedModule> {
  steps.emit({ type: 'warning', message: legacyRetiredWarning });
  steps.emit({ type: 'phase', phase: 'locating-module' });
  const root = platform.legacyModuleRoot(env);
  const legacy = await findLegacyModule({ root, reader: reader ?? fileSystemReader, join: platform.joinPath });
  if (!legacy) throw legacyNotFoundError(root);
  const powershell = powershellOf(await steps.evaluate<LocatedModule>(locateModuleCommand()));
  assertLegacyRuns(powershell);
  return {
    legacy,
    module: {
      version: legacy.version,
      manifestPath: legacy.scriptPath,
      powershellVersion: powershell.version,
      powershellEdition: powershell.edition,
    },
  };
}

/** No EXO V1 module under the ClickOnce store: MODULE_NOT_FOUND, pointing at v3. */
export function legacyNotFoundError(root: string | undefined): IppsConnectError {
  return new IppsConnectError(
    `--legacy: no Exchange Online Remote PowerShell Module (EXO V1) found${root ? ` under ${root}` : ''}.`,
    {
      code: 'MODULE_NOT_FOUND',
      fix: `EXO V1 was retired on 2022-12-31: drop --legacy and use ${moduleName} v3 (Install-Module ${moduleName} -Scope CurrentUser, or run with --install).`,
    },
  );
}

/** EXO V1 is a Windows PowerShell 5.1 (.NET Framework) module: refuse it under PowerShell 7. */
export function assertLegacyRuns(powershell: { version: string; edition: string }): void {
  if (powershell.edition === 'Desktop') return;
  throw new IppsConnectError(
    `--legacy: the EXO V1 module runs only in Windows PowerShell 5.1; this is PowerShell ${powershell.version} (${powershell.edition}).`,
    {
      code: 'MODULE_TOO_OLD',
      fix: `Run with --pwsh powershell.exe (Windows PowerShell 5.1), or better, drop --legacy and use ${moduleName} v3.`,
    },
  );
}

/**
 * A module that was not found says where it was looked for: the usual folders of both editions,
 * PSModulePath and --module-path, with what each holds (a module installed for the other edition, or
 * in a Documents folder OneDrive has redirected, is the usual cause).
 */
async function withSearchReport(
  error: unknown,
  { platform, env, options, reader }: PrepareModuleContext,
  located: readonly LocatedModule[],
): Promise<unknown> {
  if (!(error instanceof IppsConnectError) || error.code !== 'MODULE_NOT_FOUND') return error;
  const edition = powershellOf(located).edition === 'Desktop' ? 'Desktop' : 'Core';
  try {
    const search = await searchModuleFolders({
      platform,
      env,
      modulePath: options.modulePath,
      ...(reader ? { reader } : {}),
    });
    return new IppsConnectError(`${error.message}\n${describeModuleSearch(search, edition).join('\n')}`, {
      code: error.code,
      fix: error.fix,
      transcriptTail: error.transcriptTail,
      cause: error,
    });
  } catch {
    // The report is a courtesy: the error stands without it.
    return error;
  }
}

function powershellOf(rows: readonly LocatedModule[]): { version: string; edition: string } {
  return { version: rows[0]?.PowerShellVersion ?? '0', edition: rows[0]?.PowerShellEdition ?? 'Core' };
}
