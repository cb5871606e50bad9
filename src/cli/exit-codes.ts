import type { FailureCode } from '../errors.js';

/** Exit codes, one per class of failure (README, "Exit codes"). */
export const exitCodes = {
  ok: 0,
  /** `parse` found error records in the transcripts it read (a failed script or command is 7, scriptFailed). */
  errorsFound: 1,
  badInput: 2,
  signIn: 3,
  /** This machine cannot run the session: PowerShell or the module missing or too old, an unsafe lock folder. */
  module: 4,
  service: 5,
  timeout: 6,
  scriptFailed: 7,
  internal: 8,
  /** Interrupted by Ctrl+C / SIGTERM, as shells report it (128 + SIGINT). */
  cancelled: 130,
} as const;

const classOf: Record<FailureCode, keyof typeof exitCodes> = {
  INVALID_INPUT: 'badInput',
  INVALID_CONNECTION_URI: 'badInput',
  INVALID_PREFIX: 'badInput',
  POWERSHELL_NOT_FOUND: 'module',
  MODULE_NOT_FOUND: 'module',
  MODULE_TOO_OLD: 'module',
  MODULE_IMPORT_FAILED: 'module',
  PARAMETER_NOT_SUPPORTED: 'module',
  ASSEMBLY_CONFLICT: 'module',
  EXECUTION_POLICY: 'module',
  UNSAFE_LOCK_DIRECTORY: 'module',
  MFA_REQUIRED: 'signIn',
  INVALID_CREDENTIALS: 'signIn',
  USER_NOT_FOUND: 'signIn',
  CONDITIONAL_ACCESS_BLOCKED: 'signIn',
  CONSENT_REQUIRED: 'signIn',
  APP_NOT_FOUND: 'signIn',
  INVALID_CLIENT_SECRET: 'signIn',
  CERTIFICATE_REJECTED: 'signIn',
  CERTIFICATE_UNUSABLE: 'signIn',
  ROLE_NOT_SUPPORTED: 'signIn',
  UNAUTHORIZED: 'signIn',
  INVALID_ACCESS_TOKEN: 'signIn',
  ACCESS_DENIED: 'signIn',
  WAM_WINDOW_HANDLE: 'signIn',
  WAM_NO_USER_SESSION: 'signIn',
  WAM_BROKER_ERROR: 'signIn',
  MANAGED_IDENTITY_UNAVAILABLE: 'signIn',
  PROMPT_IN_UNATTENDED: 'signIn',
  CONNECTION_LIMIT: 'service',
  SHELL_NOT_FOUND: 'service',
  WINRM_BASIC_AUTH_DISABLED: 'service',
  REMOTE_POWERSHELL_DISABLED: 'service',
  RPS_UNAVAILABLE: 'service',
  TLS_ERROR: 'service',
  MODULE_BUILD_FAILED: 'service',
  SEARCH_ONLY_SESSION_REQUIRED: 'service',
  NOT_CONNECTED: 'service',
  POWERSHELL_EXITED: 'service',
  UNKNOWN: 'service',
  TIMEOUT: 'timeout',
  SCRIPT_FAILED: 'scriptFailed',
  CANCELLED: 'cancelled',
  INTERNAL: 'internal',
  CASSETTE_MISMATCH: 'badInput',
  CASSETTE_INVALID: 'badInput',
};

export function exitCodeFor(code: FailureCode): number {
  return exitCodes[classOf[code]];
}
