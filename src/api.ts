import { sessionCassette } from './cassette/session-seam.js';
import {
  connectExchangeOnlineCommand,
  connectIppsCommand,
  disconnectCommand,
  forgetAccessTokensCommand,
} from './command.js';
import { assertInputPathsUsable } from './config/check-files.js';
import { asIppsConnectError } from './errors.js';
import { legacyConnectExchangeOnlineCommand, legacyDisconnectCommand } from './module/legacy-commands.js';
import { type ConnectOptionsInput, type ResolvedOptions, resolveOptions } from './options.js';
import { currentPlatform, type Platform } from './platform/index.js';
import { quotePowerShell } from './powershell/quote.js';
import { type AttemptOutcome, runAttempt } from './session/attempt.js';
import { connectOrder } from './session/connection-check.js';
import { Session, type SessionHooks, type Terminal } from './session/session.js';
import { acquireSessionTokens } from './session/tokens.js';

export type SessionOutcome = AttemptOutcome;

function resolveForHere(options: ConnectOptionsInput, platform: Platform): ResolvedOptions {
  return resolveOptions(options, { platform: platform.name, interactiveTerminal: Boolean(process.stdin.isTTY) });
}

/** Checks options as a session here would (INVALID_INPUT naming the field), starting nothing. */
export function checkOptions(options: ConnectOptionsInput): void {
  resolveForHere(options, currentPlatform());
}

/** resolveForHere, and the files the session will read checked too: what a run needs before it starts. */
function resolveToRun(options: ConnectOptionsInput, platform: Platform): ResolvedOptions {
  const resolved = resolveForHere(options, platform);
  assertInputPathsUsable(resolved);
  return resolved;
}

/**
 * Connects and returns the live session; the caller runs work on it and must `close()` it (which
 * disconnects). Throws IppsConnectError (INVALID_INPUT before anything starts).
 */
export async function connect(options: ConnectOptionsInput, hooks: SessionHooks = {}): Promise<Session> {
  return typedFailures(async () => {
    const platform = currentPlatform();
    const resolved = resolveToRun(options, platform);
    const cassette = sessionCassette(resolved, hooks);
    const tokens = await cassette.tokens(() => acquireSessionTokens(resolved, hooks));
    return Session.open(resolved, platform, cassette.hooks(hooks), tokens);
  });
}

/**
 * Connects, runs the options' command or script (or, without one, hands `extra.handOver`'s terminal the
 * connected prompt), and always disconnects and ends PowerShell.
 * Throws SCRIPT_FAILED when the work printed errors or failed.
 */
export async function runSession(
  options: ConnectOptionsInput,
  hooks: SessionHooks = {},
  extra: { handOver?: Terminal } = {},
): Promise<SessionOutcome> {
  return typedFailures(async () => {
    const platform = currentPlatform();
    return runAttempt(resolveToRun(options, platform), platform, hooks, extra);
  });
}

/** The library's promise: whatever fails reaches the caller as an IppsConnectError (INTERNAL if unexpected). */
async function typedFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asIppsConnectError(error);
  }
}

/**
 * The PowerShell a session would run, without running anything: runnable as it is, with secrets as
 * references to the environment variables they come from.
 */
export function dryRun(options: ConnectOptionsInput): string {
  const resolved = resolveForHere(options, currentPlatform());
  const lines: string[] = [];
  if (resolved.install) {
    lines.push(
      '# --install: a missing or too old module is first installed for the current user (scripts/ps/install-module.ps1)',
    );
  }
  if (resolved.legacy) {
    lines.push(
      '# --legacy: the newest EXO V1 ClickOnce module under %LOCALAPPDATA%\\Apps\\2.0 is imported (retired 2022-12-31)',
      connectIppsCommand(resolved),
    );
    if (resolved.exo) lines.push(legacyConnectExchangeOnlineCommand(resolved));
  } else {
    lines.push('Import-Module -Name ExchangeOnlineManagement -ErrorAction Stop');
    for (const service of connectOrder(resolved)) {
      lines.push(service === 'ipps' ? connectIppsCommand(resolved) : connectExchangeOnlineCommand(resolved));
    }
    if (resolved.signIn.kind === 'access-token') lines.push(forgetAccessTokensCommand);
  }
  if (resolved.work?.kind === 'command') lines.push(resolved.work.code);
  if (resolved.work?.kind === 'script') lines.push(`& ${quotePowerShell(resolved.work.path)}`);
  lines.push(resolved.legacy ? legacyDisconnectCommand : disconnectCommand);
  return `${lines.join('\n')}\n`;
}
