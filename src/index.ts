/**
 * ippsconnect: connect to Security & Compliance PowerShell (and Exchange Online) reliably.
 * The public API; importing it has no side effects.
 */
export { connect, dryRun, runSession, type SessionOutcome } from './api.js';
export { type Cloud, type CloudName, cloudNames, clouds } from './clouds.js';
export { type FailureCode, failureCodes, IppsConnectError, isIppsConnectError } from './errors.js';
export type { CommandResult, RunOptions } from './host/powershell-host.js';
export { readTranscriptSource } from './inputs/transcript-source.js';
export { runJobFromOptions as runJob } from './job/index.js';
export { type ConnectOptionsInput, connectOptionsSchema } from './options.js';
export { quotePowerShell } from './powershell/quote.js';
export { createAsciicastWriter, fileSink, readAsciicast, readAsciicastFile, replay } from './record/index.js';
export type { Phase, SessionEvent } from './session/events.js';
export type { Session, SessionHooks, WorkResult } from './session/session.js';
export * from './transcript/events.js';
export { classifyError, createTranscriptParser, parseTranscript, type TranscriptParser } from './transcript/index.js';
