import { type ErrorCode, errorCodes } from './transcript/events.js';

/** Failures that come from ippsconnect itself rather than from PowerShell's output. */
export const hostFailureCodes = [
  'INVALID_INPUT',
  /** A cassette's replay met a request other than the recorded one (src/cassette). */
  'CASSETTE_MISMATCH',
  /** A cassette file is cut short or not in the cassette format. */
  'CASSETTE_INVALID',
  'POWERSHELL_NOT_FOUND',
  'POWERSHELL_EXITED',
  'MODULE_TOO_OLD',
  'MODULE_IMPORT_FAILED',
  'NOT_CONNECTED',
  'SCRIPT_FAILED',
  'CANCELLED',
  /** The per-user lock folder in the shared temp dir is not private (another user may have planted it). */
  'UNSAFE_LOCK_DIRECTORY',
  'INTERNAL',
] as const;

export type FailureCode = ErrorCode | (typeof hostFailureCodes)[number];

export const failureCodes: readonly FailureCode[] = [...errorCodes, ...hostFailureCodes];

/**
 * Where in a job a failure happened. The retry decision reads it: a failure before `work` cannot have
 * changed anything in the tenant; one during `work` may have, so it is final unless the job opts in.
 */
export const failurePhases = ['input', 'slot', 'sign-in', 'connect', 'work', 'disconnect'] as const;
export type FailurePhase = (typeof failurePhases)[number];

export interface IppsConnectErrorDetails {
  code: FailureCode;
  /** What the user should do about it. */
  fix: string;
  retryable?: boolean;
  /** The option or field at fault, for bad input. */
  field?: string;
  /** Where the failure happened, when known (see `FailurePhase`). */
  phase?: FailurePhase;
  /**
   * The last lines PowerShell showed, for context. Secrets ippsconnect passes are never typed, but a
   * script can print anything: a session attempt redacts the secrets it knows from the tail and the
   * message (`redactError`), as it does in the recording and the log.
   */
  transcriptTail?: readonly string[];
  fullyQualifiedErrorId?: string;
  cause?: unknown;
}

/**
 * The one error class of ippsconnect. Every failure carries a stable `code` and a `fix`;
 * the CLI maps codes to exit codes in one place (cli/exit-codes.ts).
 */
export class IppsConnectError extends Error {
  readonly code: FailureCode;
  readonly fix: string;
  readonly retryable: boolean;
  readonly field: string | undefined;
  transcriptTail: readonly string[];
  readonly fullyQualifiedErrorId: string | undefined;
  /**
   * Where it happened. Set once, by whoever first knows (the session attempt marks what it sees fail in
   * each step); `inPhase` never overwrites it.
   */
  phase: FailurePhase | undefined;

  constructor(message: string, details: IppsConnectErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'IppsConnectError';
    this.code = details.code;
    this.fix = details.fix;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
    this.transcriptTail = details.transcriptTail ?? [];
    this.fullyQualifiedErrorId = details.fullyQualifiedErrorId;
    this.phase = details.phase;
  }
}

/** Marks where `error` happened, unless it already says; anything else than IppsConnectError is left as it is. */
export function inPhase(error: unknown, phase: FailurePhase): unknown {
  if (error instanceof IppsConnectError) error.phase ??= phase;
  return error;
}

export function isIppsConnectError(error: unknown): error is IppsConnectError {
  return error instanceof IppsConnectError;
}

/** Hides known secrets in an error's message and transcript tail (in place: the error keeps its identity). */
export function redactError(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof IppsConnectError)) return error;
  error.message = redact(error.message);
  error.transcriptTail = error.transcriptTail.map(redact);
  return error;
}

/**
 * Any failure as an IppsConnectError: ours pass through; anything else (a bug in ippsconnect or a library
 * it uses) becomes INTERNAL with the original as `cause`, so a caller always gets a code and a fix.
 */
export function asIppsConnectError(error: unknown): IppsConnectError {
  if (isIppsConnectError(error)) return error;
  return new IppsConnectError(`Internal error: ${error instanceof Error ? error.stack : String(error)}`, {
    code: 'INTERNAL',
    fix: 'This is a bug in ippsconnect; please report it with the output above.',
    cause: error,
  });
}
