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
  'INTERNAL',
] as const;

export type FailureCode = ErrorCode | (typeof hostFailureCodes)[number];

export const failureCodes: readonly FailureCode[] = [...errorCodes, ...hostFailureCodes];

export interface IppsConnectErrorDetails {
  code: FailureCode;
  /** What the user should do about it. */
  fix: string;
  retryable?: boolean;
  /** The option or field at fault, for bad input. */
  field?: string;
  /** The last lines PowerShell showed, for context (never holds secrets: they never reach the screen). */
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
  readonly transcriptTail: readonly string[];
  readonly fullyQualifiedErrorId: string | undefined;

  constructor(message: string, details: IppsConnectErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'IppsConnectError';
    this.code = details.code;
    this.fix = details.fix;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
    this.transcriptTail = details.transcriptTail ?? [];
    this.fullyQualifiedErrorId = details.fullyQualifiedErrorId;
  }
}

export function isIppsConnectError(error: unknown): error is IppsConnectError {
  return error instanceof IppsConnectError;
}
