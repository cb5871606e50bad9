/**
 * The typed events ippsconnect reads out of a PowerShell terminal stream.
 * The transcript parser produces them from text; the session orchestrator adds its own lifecycle events.
 */

/** Stable error codes (exo-facts §5). Never renamed: scripts and dashboards match on them. */
export const errorCodes = [
  'MODULE_NOT_FOUND',
  'PARAMETER_NOT_SUPPORTED',
  'WINRM_BASIC_AUTH_DISABLED',
  'CONNECTION_LIMIT',
  'SHELL_NOT_FOUND',
  'ACCESS_DENIED',
  'REMOTE_POWERSHELL_DISABLED',
  'RPS_UNAVAILABLE',
  'MFA_REQUIRED',
  'INVALID_CREDENTIALS',
  'USER_NOT_FOUND',
  'CONDITIONAL_ACCESS_BLOCKED',
  'CONSENT_REQUIRED',
  'APP_NOT_FOUND',
  'INVALID_CLIENT_SECRET',
  'CERTIFICATE_REJECTED',
  'CERTIFICATE_UNUSABLE',
  'ROLE_NOT_SUPPORTED',
  'UNAUTHORIZED',
  'INVALID_ACCESS_TOKEN',
  'WAM_WINDOW_HANDLE',
  'WAM_NO_USER_SESSION',
  'WAM_BROKER_ERROR',
  'TLS_ERROR',
  'MODULE_BUILD_FAILED',
  'ASSEMBLY_CONFLICT',
  'MANAGED_IDENTITY_UNAVAILABLE',
  'INVALID_CONNECTION_URI',
  'INVALID_PREFIX',
  'EXECUTION_POLICY',
  'SEARCH_ONLY_SESSION_REQUIRED',
  'PROMPT_IN_UNATTENDED',
  'TIMEOUT',
  'UNKNOWN',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A Write-Progress record as the screen showed it; redraws of the same record collapse into one event. */
export interface ProgressEvent {
  type: 'progress';
  activity: string;
  status?: string;
  /** 0–100 when the record carried a percentage. */
  percent?: number;
}

/** The module's welcome banner (v3 REST banner, or the legacy V1 ClickOnce banner). */
export interface BannerEvent {
  type: 'banner';
  flavour: 'v3' | 'legacy';
  text: string;
}

/** Device-code sign-in instructions (Exchange Online only). */
export interface DeviceCodeEvent {
  type: 'device-code';
  url: string;
  code: string;
}

/** The session asked for input: Read-Host, a credential or confirmation prompt, or NonInteractive refusal. */
export interface PromptEvent {
  type: 'prompt';
  kind: 'read-host' | 'credential' | 'confirmation' | 'non-interactive';
  text: string;
}

/** A confirmed connection, from Get-ConnectionInformation (the reliable check, exo-facts §4). */
export interface ConnectedEvent {
  type: 'connected';
  /** `ExchangeOnlineProtection_1` for IPPS, `ExchangeOnline_1` for EXO. */
  name?: string;
  userPrincipalName?: string;
  connectionUri?: string;
  organization?: string;
  prefix?: string;
  tenantId?: string;
  isEopSession?: boolean;
}

/** One error record, classified. One record gives one event, whatever its wrapping. */
export interface ErrorEvent {
  type: 'error';
  code: ErrorCode;
  /** The record's message, unwrapped. */
  message: string;
  /** What the user should do about it. */
  fix: string;
  /** Whether trying again may succeed (exo-facts §5, "retry?"). */
  retryable: boolean;
  fullyQualifiedErrorId?: string;
  /** The text the catalog pattern matched (absent for UNKNOWN and for errors raised by the orchestrator). */
  matched?: string;
}

/** A line of ordinary output (command output, warnings, verbose lines, host text). */
export interface OutputEvent {
  type: 'output';
  text: string;
  /**
   * The line was longer than the parser holds (65,536 characters): this is a piece of it, and the next
   * `output` event continues it. Nothing is dropped; memory stays bounded however long a line is.
   */
  cut?: true;
}

/** A command finished (from the shell-integration markers, or the end of a recording). */
export interface ExitEvent {
  type: 'exit';
  /** `$?` of the last command. */
  success: boolean;
  /** `$LASTEXITCODE`, when a native command set it. */
  exitCode?: number;
}

export type TranscriptEvent =
  | ProgressEvent
  | BannerEvent
  | DeviceCodeEvent
  | PromptEvent
  | ConnectedEvent
  | ErrorEvent
  | OutputEvent
  | ExitEvent;

export type TranscriptEventType = TranscriptEvent['type'];
