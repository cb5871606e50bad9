import type { JobConfig, JobSettings } from '../config/index.js';
import { runDefaultTimeouts } from '../options.js';

/** What one source (the job file, or the flags a person gave) says about a job. */
export interface JobSource {
  /** Connect options, keyed like the library's (`timeouts` as an object of its own). */
  connect: Readonly<Record<string, unknown>>;
  job: Readonly<JobSettings>;
}

export interface MergedJob {
  connect: Record<string, unknown>;
  job: JobSettings & { output: 'text' | 'json'; depth: number; maxSessions: number };
}

/** `run`'s settings when neither the job file nor a flag gives one. */
export const runDefaults = { output: 'text', depth: 4, maxSessions: 3 } as const;

/**
 * The one merge of a job, used by `run` and `schedule add`: a flag the person gave wins over the job
 * file, which wins over `run`'s defaults. `flags` must hold only flags actually given (commander's
 * `getOptionValueSource`), never a flag's default: a default `--cloud commercial` would silently send a
 * GCC High job to the commercial endpoints. `timeouts` merge key by key; `null` there means no limit.
 * `run` is unattended and has limits on the work unless told otherwise (`runDefaultTimeouts`).
 */
export function mergeJob(file: JobSource | undefined, flags: JobSource): MergedJob {
  const timeouts = {
    ...runDefaultTimeouts,
    ...(file?.connect.timeouts as object | undefined),
    ...(flags.connect.timeouts as object | undefined),
  };
  const connect: Record<string, unknown> = { unattended: true, ...file?.connect, ...flags.connect, timeouts };
  const job: Record<string, unknown> = { ...runDefaults };
  for (const source of [file?.job, flags.job]) {
    for (const [key, value] of Object.entries(source ?? {})) if (value !== undefined) job[key] = value;
  }
  return { connect, job: job as MergedJob['job'] };
}

/** A loaded job file as a merge source. */
export function fileSource(config: JobConfig | undefined): JobSource | undefined {
  return config && { connect: config.connect as Record<string, unknown>, job: config.job };
}
