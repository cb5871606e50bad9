/**
 * The one error class of the record module, and every message it builds (kept in one place so wording stays
 * consistent and no message ever echoes a secret: only lengths and line numbers are quoted).
 */

/** Stable codes: callers branch on these, never on message text. */
export type RecordErrorCode =
  /** A secret given to the redactor is too short to redact without mangling everyday text. */
  | 'SECRET_TOO_SHORT'
  /** A line of an asciicast file is not what the format requires. */
  | 'INVALID_ASCIICAST'
  /** The file is an asciicast of another version (v1 is one JSON document, v3 uses relative times). */
  | 'UNSUPPORTED_ASCIICAST_VERSION'
  /** A programming error: a size, speed or time limit out of range. */
  | 'INVALID_ARGUMENT';

export class RecordError extends Error {
  override readonly name = 'RecordError';
  readonly code: RecordErrorCode;
  /** 1-based line of the asciicast file the error is about, when there is one. */
  readonly line: number | undefined;

  constructor(code: RecordErrorCode, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(options.line === undefined ? message : `line ${options.line}: ${message}`, { cause: options.cause });
    this.code = code;
    this.line = options.line;
  }
}

export const messages = {
  secretTooShort: (length: number, minimum: number) =>
    `a secret of ${length} character(s) is too short to redact (minimum ${minimum}): it would redact everyday text`,
  emptyAsciicast: () => 'empty asciicast: expected a header line {"version": 2, "width": ..., "height": ...}',
  notJson: (what: string) => `expected ${what}, found text that is not JSON`,
  headerNotObject: () => 'expected the header to be a JSON object {"version": 2, ...}',
  unsupportedVersion: (version: unknown) =>
    `unsupported asciicast version ${JSON.stringify(version) ?? String(version)}: only version 2 can be read`,
  headerField: (field: string, expected: string) => `header field "${field}" must be ${expected}`,
  eventShape: () => 'expected [time, code, data]',
  eventTime: () => 'expected the event time to be a finite number of seconds >= 0',
  eventCode: (code: unknown) =>
    `unknown event code ${JSON.stringify(code) ?? String(code)}: expected "o", "i", "r" or "m"`,
  eventData: () => 'expected the event data to be a string',
  resizeData: (data: string) => `expected resize data "COLSxROWS", found ${JSON.stringify(data)}`,
  positiveInteger: (name: string, value: unknown) => `${name} must be a positive integer, got ${String(value)}`,
  atLeast: (name: string, minimum: number, value: unknown) =>
    `${name} must be at least ${minimum}, got ${String(value)}`,
  replaySpeed: (speed: number) => `speed must be a positive number, 0 or Infinity (no waits), got ${speed}`,
  maxIdle: (maxIdle: number) => `maxIdle must be a positive number of seconds, got ${maxIdle}`,
} as const;
