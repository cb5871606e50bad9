import type { Environment } from '../config/expand-env.js';
import { loadJobConfig } from '../config/index.js';
import { IppsConnectError, isIppsConnectError } from '../errors.js';
import { fileSource, mergeJob } from '../job/merge.js';
import { type ResolvedOptions, resolveOptions } from '../options.js';

export interface ScheduledJobInput {
  /** The job file of `run --config`, absolute. */
  configFile?: string;
  /** Connect options given as flags on the `run` command line (only those given, not defaults). */
  flagOptions: Readonly<Record<string, unknown>>;
  env: Environment;
}

/**
 * Checks the job a task will run now, rather than at 2 a.m.: its job file loads and its options resolve
 * for an unattended session on Windows. Interactive sign-in is refused up front: under "run whether user
 * is logged on or not" there is no person and no desktop for a sign-in window or WAM.
 * Errors name `config.<key>` for values from the job file and the option key for flags (the CLI shows
 * that as the flag).
 */
export async function checkScheduledJob(input: ScheduledJobInput): Promise<ResolvedOptions> {
  const config = input.configFile === undefined ? undefined : await loadJobConfig(input.configFile, input.env);
  // The same merge as `run`, so the job checked here is the job the task will run.
  const options: Record<string, unknown> = {
    ...mergeJob(fileSource(config), { connect: input.flagOptions, job: {} }).connect,
    unattended: true,
  };
  const fieldOf = (key: string) => (config && !(key in input.flagOptions) ? `config.${key}` : key);
  if (
    options.appId === undefined &&
    options.certificateThumbprint === undefined &&
    options.certificatePath === undefined
  ) {
    const field = fieldOf('appId');
    throw new IppsConnectError(
      `Invalid ${field}: a scheduled task cannot sign in interactively (no person, no desktop)`,
      {
        code: 'INVALID_INPUT',
        field,
        fix: 'use app-only sign-in: appId, organization and certificatePath or certificateThumbprint, in the job file or as flags of run',
      },
    );
  }
  try {
    // The task runs on Windows even when the XML is only printed elsewhere, so thumbprints are fine.
    return resolveOptions(options, { platform: 'windows', interactiveTerminal: false });
  } catch (error) {
    if (!isIppsConnectError(error) || !error.field) throw error;
    const [key = '', ...rest] = error.field.split('.');
    const field = [fieldOf(key), ...rest].join('.');
    if (field === error.field) throw error;
    throw new IppsConnectError(error.message.replace(`Invalid ${error.field}`, `Invalid ${field}`), {
      code: error.code,
      fix: error.fix,
      field,
      cause: error,
    });
  }
}
