/**
 * The cassette format: an asciicast v2 file (src/record) whose markers carry the requests. Each marker
 * labelled `ipps:<kind> <JSON>` is one step of the session; `o` events between a request and its outcome
 * are that request's raw terminal output; every other event (plain markers, input) is a comment to the
 * replay. docs/cassettes.md describes it for people who edit cassettes by hand.
 */
import * as z from 'zod';
import { failureCodes } from '../errors.js';

/** Bumped when a cassette written by this version could not be replayed by an older one. */
export const cassetteVersion = 1;
/** Markers whose label starts with this are cassette steps; other markers are comments. */
export const stepPrefix = 'ipps:';

/** A failure as the code under test saw it: an IppsConnectError's fields. */
const recordedError = z
  .object({
    code: z.enum(failureCodes as [string, ...string[]]),
    message: z.string(),
    fix: z.string(),
    retryable: z.boolean().optional(),
    fullyQualifiedErrorId: z.string().optional(),
    transcriptTail: z.array(z.string()).optional(),
  })
  .strict();
export type RecordedError = z.infer<typeof recordedError>;

/** The payload of each kind of step; `output` comes from the `o` events, never from a marker. */
export const stepSchemas = {
  cassette: z.object({ version: z.literal(cassetteVersion) }).strict(),
  /** Access tokens were acquired: the names of the variables that carried them (values never kept). */
  tokens: z.object({ variables: z.array(z.string()) }).strict(),
  'tokens-failed': z.object({ error: recordedError }).strict(),
  /** A session's PowerShell started. */
  start: z.object({ unattended: z.boolean() }).strict(),
  'start-failed': z.object({ error: recordedError }).strict(),
  /** Code sent on the command channel; `evaluate` returns objects (with `depth`, as ConvertTo-Json). */
  request: z
    .object({ method: z.enum(['run', 'evaluate']), code: z.string(), depth: z.number().int().positive().optional() })
    .strict(),
  /** The request went quiet with this unfinished line under the cursor (a prompt, perhaps). */
  prompt: z.object({ line: z.string() }).strict(),
  /** The code under test answered a prompt; a secret answer has no text. */
  answer: z.object({ secret: z.boolean(), text: z.string().optional() }).strict(),
  /** The code under test sent Ctrl+C; `interrupted` tells whether PowerShell came back in time. */
  interrupt: z.object({}).strict(),
  interrupted: z.object({ ok: z.boolean() }).strict(),
  /** The request finished: `$?`, `$LASTEXITCODE`, and for `evaluate` the objects. */
  done: z
    .object({ success: z.boolean(), exitCode: z.number().int().optional(), value: z.array(z.unknown()).optional() })
    .strict(),
  /** The request failed in the host (timeout, cancel, PowerShell exited…); `busy` if it still ran. */
  failed: z.object({ error: recordedError, busy: z.boolean().optional() }).strict(),
  close: z.object({}).strict(),
  kill: z.object({}).strict(),
} as const;

export type StepKind = keyof typeof stepSchemas;
export type Step = {
  [K in StepKind]: { kind: K; time: number; line: number } & z.infer<(typeof stepSchemas)[K]>;
}[StepKind];
export type OutputStep = { kind: 'output'; time: number; line: number; data: string };
export type AnyStep = Step | OutputStep;

/** The marker label of a step: `ipps:request {"method":"run",...}`; empty payloads have no JSON. */
export function formatStepLabel(kind: StepKind, payload: object = {}): string {
  const json = JSON.stringify(payload);
  return json === '{}' ? `${stepPrefix}${kind}` : `${stepPrefix}${kind} ${json}`;
}

export function isStepKind(kind: string): kind is StepKind {
  return Object.hasOwn(stepSchemas, kind);
}
