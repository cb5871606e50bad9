/**
 * A value that must not be typed into PowerShell as given: it fails a check in `validate.ts` or
 * `typeable.ts`. Thrown before anything reaches the terminal, so nothing half-typed is left behind.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  /** Stable, for callers that map errors to exit codes. */
  readonly code = 'INVALID_VALUE';
  /** The option or PowerShell parameter the value was meant for, e.g. `UserPrincipalName`. */
  readonly field: string;
  /** What the user should do instead, one sentence. */
  readonly fix: string;
  /** What is wrong, without the field and the fix (for callers that show the fix on its own). */
  readonly problem: string;

  constructor(field: string, problem: string, fix: string) {
    super(`Invalid ${field}: ${problem}. Fix: ${fix}`);
    this.field = field;
    this.fix = fix;
    this.problem = problem;
  }
}

const SHOWN_VALUE_LENGTH = 80;

/**
 * The value as it appears in a message: JSON-quoted so spaces and control characters are visible,
 * and cut short so a pasted blob cannot flood the console. Never use it for secrets.
 */
export function showValue(value: string): string {
  const cut = value.length > SHOWN_VALUE_LENGTH ? `${value.slice(0, SHOWN_VALUE_LENGTH)}…` : value;
  return JSON.stringify(cut);
}
