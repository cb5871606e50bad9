import { prepareSession } from '../cassette/session-seam.js';
import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Platform } from '../platform/index.js';
import { knownSecrets, type Recording, startRecording } from './recording.js';
import { Session, type SessionHooks, type Terminal, type WorkOptions, type WorkResult } from './session.js';
import type { SessionTokens } from './tokens.js';

export interface AttemptWork extends WorkOptions {
  /** Without work: leave this person's terminal at the connected prompt until they exit. */
  handOver?: Terminal;
}

export interface AttemptOutcome {
  /** The result of the command or script, when there was one. */
  work?: WorkResult;
}

/**
 * One session from start to close: connect, run the options' work, always disconnect, with the
 * recording the options ask for. Failures before the work starts keep their own code (and retryability);
 * a failed work is SCRIPT_FAILED, never retryable, since it may have changed things already.
 */
export async function runAttempt(
  resolved: ResolvedOptions,
  platform: Platform,
  hooks: SessionHooks,
  workOptions: AttemptWork = {},
): Promise<AttemptOutcome> {
  // A cassette (src/cassette) records or replays the tokens and the host; without one, as given.
  const { hooks: sessionHooks, tokens } = await prepareSession(resolved, hooks);
  const secrets = [...knownSecrets(resolved, hooks.env ?? process.env), ...(tokens?.values ?? [])];
  const recording = startRecording(resolved.recording, secrets);
  let failed = true;
  try {
    const outcome = await connectAndWork(
      resolved,
      platform,
      withRecording(sessionHooks, recording),
      workOptions,
      tokens,
    );
    failed = false;
    return outcome;
  } finally {
    const saved = await recording?.finish(failed);
    if (saved?.path) hooks.onEvent?.({ type: 'recorded', path: saved.path });
    if (saved?.error) {
      hooks.onEvent?.({ type: 'warning', message: `The recording could not be written: ${saved.error.message}` });
    }
  }
}

async function connectAndWork(
  resolved: ResolvedOptions,
  platform: Platform,
  hooks: SessionHooks,
  workOptions: AttemptWork,
  tokens: SessionTokens | undefined,
): Promise<AttemptOutcome> {
  const session = await Session.open(resolved, platform, hooks, tokens);
  try {
    if (!resolved.work) {
      if (workOptions.handOver) await session.handOver(workOptions.handOver);
      return {};
    }
    const work = await session.work(resolved.work, workOptions);
    if (!work.success) throw scriptFailed(work);
    return { work };
  } finally {
    await session.close();
  }
}

function scriptFailed(work: WorkResult): IppsConnectError {
  const first = work.errors[0];
  const exit = work.exitCode ? ` (exit code ${work.exitCode})` : '';
  return new IppsConnectError(first ? `The script failed: ${first.message}` : `The script failed${exit}.`, {
    code: 'SCRIPT_FAILED',
    fix: first?.fix ?? 'See the script output above.',
    transcriptTail: work.output.slice(-20),
  });
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
