/**
 * msal's logger, off unless the caller asks for a log. Messages msal flags as containing personal data are
 * dropped (not merely masked), PII logging stays disabled, and every other line is sanitized anyway.
 */
import { LogLevel, type NodeSystemOptions } from '@azure/msal-node';
import { sanitize } from './sanitize.js';

export type AuthLogLevel = 'error' | 'warning' | 'info' | 'verbose';
/** Receives msal's diagnostic lines, already free of personal data and secrets. */
export type AuthLog = (level: AuthLogLevel, message: string) => void;

type LoggerOptions = NonNullable<NodeSystemOptions['loggerOptions']>;

const levelNames: Readonly<Record<LogLevel, AuthLogLevel>> = {
  [LogLevel.Error]: 'error',
  [LogLevel.Warning]: 'warning',
  [LogLevel.Info]: 'info',
  [LogLevel.Verbose]: 'verbose',
  [LogLevel.Trace]: 'verbose',
};

export function loggerOptions(log: AuthLog | undefined, secrets: readonly string[]): LoggerOptions {
  if (!log) return { loggerCallback: () => {}, piiLoggingEnabled: false, logLevel: LogLevel.Error };
  return {
    piiLoggingEnabled: false,
    logLevel: LogLevel.Info,
    loggerCallback(level, message, containsPii) {
      if (containsPii) return;
      log(levelNames[level], sanitize(message, secrets));
    },
  };
}
