import { readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import * as z from 'zod';
import { IppsConnectError } from '../errors.js';
import { type ConnectOptionsInput, connectOptionsSchema, maxTimerMs } from '../options.js';
import { type Environment, expandEnvironment, referenceEnvironment } from './expand-env.js';
import { invalidConfig } from './field.js';
import { type PathApi, resolveConfigPaths } from './paths.js';
import { assertNoLiteralSecrets } from './secrets.js';

/** What a job adds to the connect options: the same settings `ippsconnect run` takes as flags. */
const jobFields = {
  /** Editors validate against a JSON schema named here; ippsconnect ignores it. */
  $schema: z.string().optional(),
  output: z.enum(['text', 'json']).optional(),
  /** ConvertTo-Json -Depth for `output: "json"` (PowerShell allows at most 100). */
  depth: z.number().int().min(1).max(100).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelayMs: z.number().int().positive().max(maxTimerMs).optional(),
  retryMaxTimeMs: z.number().int().positive().max(maxTimerMs).optional(),
  maxSessions: z.number().int().positive().optional(),
  slotWaitMs: z.number().int().positive().max(maxTimerMs).optional(),
  /** JSON-lines log file (appended to). */
  log: z.string().optional(),
  /** Retry failures after the work started too: only for idempotent scripts (`--retry-work`). */
  retryWork: z.boolean().optional(),
};

/** A job file: every connect option (one list, in options.ts) plus the job fields; unknown keys are errors. */
export const jobConfigSchema = connectOptionsSchema.extend(jobFields).strict();

export type JobSettings = { [K in Exclude<keyof typeof jobFields, '$schema'>]?: z.output<(typeof jobFields)[K]> };

export interface JobConfig {
  /** The job file, absolute. */
  file: string;
  /** Options for `resolveOptions`, paths made absolute and `${NAME}` expanded (in `command`: referenced). */
  connect: ConnectOptionsInput;
  job: JobSettings;
  /** The values `command` reads from the environment: hidden wherever the session's output goes. */
  redact: string[];
}

/** Far more than any job file needs (they are a few hundred bytes). */
const maxJobFileBytes = 1024 * 1024;

/** Deeper than any job file needs; checked without recursion, so a hostile file cannot overflow the stack. */
export const maxJobFileDepth = 32;

const knownKeys: ReadonlySet<string> = new Set(Object.keys(jobConfigSchema.shape));
const jobKeys = Object.keys(jobFields).filter((key) => key !== '$schema');

/** Reads a job file. Throws IppsConnectError INVALID_INPUT (field `config…`) for anything wrong in it. */
export async function loadJobConfig(file: string, env: Environment = process.env): Promise<JobConfig> {
  if (file.trim() === '') {
    throw invalidConfig([], 'the path is empty', 'pass the job file: --config path/to/job.json');
  }
  const absolute = nodePath.resolve(file);
  let text: string;
  try {
    // Judged before opening: reading a FIFO would wait for a writer forever, a device (/dev/zero) never ends.
    const info = await stat(absolute);
    if (!info.isFile()) {
      throw invalidConfig(
        [],
        `${absolute} is not a regular file`,
        'pass the job file itself: --config path/to/job.json',
      );
    }
    if (info.size > maxJobFileBytes) {
      throw invalidConfig(
        [],
        `${absolute} is ${info.size} bytes; a job file is at most ${maxJobFileBytes}`,
        'pass the job file itself: --config path/to/job.json',
      );
    }
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof IppsConnectError) throw error;
    throw invalidConfig(
      [],
      `cannot read ${absolute}: ${(error as Error).message}`,
      'check the path of --config',
      undefined,
      error,
    );
  }
  return parseJobConfig(text, { file: absolute, env });
}

/** The pure part of `loadJobConfig`: text in, checked job out. `path` defaults to this system's rules. */
export function parseJobConfig(text: string, context: { file: string; env: Environment; path?: PathApi }): JobConfig {
  const { file, env } = context;
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidConfig(
      [],
      `not valid JSON (${(error as Error).message})`,
      'fix the JSON syntax of the job file',
      file,
      error,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidConfig([], 'the job file must hold one JSON object', 'write the options as { "appId": "…", … }', file);
  }
  assertShallow(raw, file);
  // Secrets are judged before expansion: a value that came from the environment is exactly what is wanted.
  assertNoLiteralSecrets(raw, knownKeys, file);
  const { command, ...data } = raw as Record<string, unknown>;
  const referenced = typeof command === 'string' ? referenceEnvironment(command, env, file) : undefined;
  const expanded = expandEnvironment(data, env, file) as Record<string, unknown>;
  if (command !== undefined) expanded.command = referenced ? referenced.code : command;
  const parsed = jobConfigSchema.safeParse(expanded);
  if (!parsed.success) throw schemaError(parsed.error.issues[0]!, file);
  const { $schema: _ignored, ...options } = resolveConfigPaths(parsed.data, file, context.path ?? nodePath);
  const connect: Record<string, unknown> = {};
  const job: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) (jobKeys.includes(key) ? job : connect)[key] = value;
  return { file, connect: connect as ConnectOptionsInput, job: job as JobSettings, redact: referenced?.values ?? [] };
}

/** Refuses nesting deeper than `maxJobFileDepth`, walking with a stack of its own. */
function assertShallow(raw: unknown, file: string): void {
  const pending: Array<{ value: unknown; path: (string | number)[] }> = [{ value: raw, path: [] }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.path.length >= maxJobFileDepth) {
      throw invalidConfig(
        item.path.slice(0, 3),
        `nested deeper than ${maxJobFileDepth} levels`,
        'a job file is a flat object of options (timeouts is the only nested one): remove the nesting',
        file,
      );
    }
    for (const [key, child] of Object.entries(item.value)) {
      pending.push({ value: child, path: [...item.path, Array.isArray(item.value) ? Number(key) : key] });
    }
  }
}

function schemaError(issue: z.core.$ZodIssue, file: string): IppsConnectError {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    return invalidConfig(
      [...path, issue.keys[0]!],
      `unknown key "${issue.keys[0]}"`,
      'remove it or fix its spelling: keys are the library option names (appId, certificatePath, timeouts.connectMs, …) and the job fields output, depth, retries, log',
      file,
    );
  }
  return invalidConfig(path, issue.message, 'give the value the type the option takes (see the connect options)', file);
}
