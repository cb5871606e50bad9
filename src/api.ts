import { connectExchangeOnlineCommand, connectIppsCommand, disconnectCommand } from './command.js';
import { IppsConnectError } from './errors.js';
import { type ConnectOptionsInput, type ResolvedOptions, resolveOptions } from './options.js';
import { currentPlatform, type Platform } from './platform/index.js';
import { quotePowerShell } from './powershell/quote.js';
import { knownSecrets, type Recording, startRecording } from './session/recording.js';
import { Session, type SessionHooks, type WorkResult } from './session/session.js';

export interface SessionOutcome {
  /** The result of --command / --script, when there was one. */
  work?: WorkResult;
}

function resolveForHere(options: ConnectOptionsInput, platform: Platform): ResolvedOptions {
  return resolveOptions(options, { platform: platform.name, interactiveTerminal: Boolean(process.stdin.isTTY) });
}

/**
 * Connects and returns the live session; the caller runs work on it and must `close()` it (which
 * disconnects). Throws IppsConnectError (INVALID_INPUT before anything starts).
 */
export async function connect(options: ConnectOptionsInput, hooks: SessionHooks = {}): Promise<Session> {
  const platform = currentPlatform();
  return Session.open(resolveForHere(options, platform), platform, hooks);
}

/**
 * Connects, runs the options' command or script, and always disconnects and ends PowerShell.
 * Throws SCRIPT_FAILED when the work printed errors or failed.
 */
export async function runSession(options: ConnectOptionsInput, hooks: SessionHooks = {}): Promise<SessionOutcome> {
  const platform = currentPlatform();
  const resolved = resolveForHere(options, platform);
  const recording = startRecording(resolved.recording, knownSecrets(resolved, hooks.env ?? process.env));
  let failed = true;
  try {
    const outcome = await connectAndWork(resolved, platform, withRecording(hooks, recording));
    failed = false;
    return outcome;
  } finally {
    const saved = await recording?.finish(failed);
    if (saved?.path) hooks.onEvent?.({ type: 'recorded', path: saved.path });
    if (saved?.error)
      hooks.onEvent?.({ type: 'warning', message: `The recording could not be written: ${saved.error.message}` });
  }
}

async function connectAndWork(
  resolved: ResolvedOptions,
  platform: Platform,
  hooks: SessionHooks,
): Promise<SessionOutcome> {
  const session = await Session.open(resolved, platform, hooks);
  try {
    if (!resolved.work) return {};
    const work = await session.work(resolved.work);
    if (!work.success) {
      throw new IppsConnectError(
        work.errors[0] ? `The script failed: ${work.errors[0].message}` : 'The script failed.',
        {
          code: 'SCRIPT_FAILED',
          fix: work.errors[0]?.fix ?? 'See the script output above.',
          transcriptTail: work.output.slice(-20),
        },
      );
    }
    return { work };
  } finally {
    await session.close();
  }
}

/** The caller's hooks, with the recording's hooks called first. */
function withRecording(hooks: SessionHooks, recording: Recording | undefined): SessionHooks {
  if (!recording) return hooks;
  return {
    ...hooks,
    onOutput: (data) => {
      recording.hooks.onOutput?.(data);
      hooks.onOutput?.(data);
    },
    onInput: (data) => {
      recording.hooks.onInput?.(data);
      hooks.onInput?.(data);
    },
    onEvent: (event) => {
      recording.hooks.onEvent(event);
      hooks.onEvent?.(event);
    },
  };
}

/**
 * The PowerShell a session would run, without running anything: runnable as it is, with secrets as
 * references to the environment variables they come from.
 */
export function dryRun(options: ConnectOptionsInput): string {
  const resolved = resolveForHere(options, currentPlatform());
  const lines = ['Import-Module -Name ExchangeOnlineManagement -ErrorAction Stop', connectIppsCommand(resolved)];
  if (resolved.exo) lines.push(connectExchangeOnlineCommand(resolved));
  if (resolved.work?.kind === 'command') lines.push(resolved.work.code);
  if (resolved.work?.kind === 'script') lines.push(`& ${quotePowerShell(resolved.work.path)}`);
  lines.push(disconnectCommand);
  return `${lines.join('\n')}\n`;
}
