import { sessionCassette } from '../cassette/session-seam.js';
import { type FailurePhase, IppsConnectError, inPhase, redactError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Platform } from '../platform/index.js';
import { createValueRedactor, redactText, redactValue } from '../record/redact.js';
import { MIN_SECRET_LENGTH } from '../record/redaction-rules.js';
import { answerReadsHidden } from './prompt-secrecy.js';
import { checkRecordingTarget, knownSecrets, type Recording, startRecording } from './recording.js';
import { Session, type SessionHooks, type Terminal, type WorkOptions, type WorkResult } from './session.js';
import { acquireSessionTokens, type SessionTokens } from './tokens.js';

export interface AttemptWork extends WorkOptions {
  /** Without work: leave this person's terminal at the connected prompt until they exit. */
  handOver?: Terminal;
  /**
   * More values to hide wherever this session's output goes (recording, events, errors, returned
   * objects): for example values a job file's `command` reads from the environment.
   */
  redact?: readonly string[];
}

export interface AttemptOutcome {
  /** The result of the command or script, when there was one. */
  work?: WorkResult;
}

/**
 * One session from start to close: sign in, connect, run the options' work, always disconnect, with the
 * recording the options ask for. Every failure leaves marked with the phase it happened in (`sign-in`,
 * `connect`, `work`, `disconnect`); a retry reads it (job/retry.ts). A failed work is SCRIPT_FAILED.
 *
 * One set of secrets serves every sink: the recording's redactor, the events (and so the job log and
 * `--json` output), the error's message and transcript tail, and the returned output and objects.
 */
export async function runAttempt(
  resolved: ResolvedOptions,
  platform: Platform,
  hooks: SessionHooks,
  workOptions: AttemptWork = {},
): Promise<AttemptOutcome> {
  checkRecordingTarget(resolved.recording);
  // A cassette (src/cassette) records or replays the tokens and the host; without one, as given.
  const cassette = sessionCassette(resolved, hooks);
  const early = (workOptions.redact ?? []).filter((value) => value.length >= MIN_SECRET_LENGTH);
  const acquire = () => acquireSessionTokens(resolved, redactingHooks(hooks, early));
  const tokens = await step('sign-in', () => cassette.tokens(acquire))().catch((error: unknown) => {
    throw redactError(error, (text) => redactText(text, early));
  });
  const secrets = [...knownSecrets(resolved, hooks.env ?? process.env), ...(tokens?.values ?? []), ...early].filter(
    (value) => value.length >= MIN_SECRET_LENGTH,
  );
  // The list grows with the answers typed at prompts; the recording's redactor reads it as it grows.
  const recording = startRecording(resolved.recording, secrets);
  let failed = true;
  try {
    const sessionHooks = hidingAnswers(
      redactingHooks(withRecording(cassette.hooks(hooks, secrets), recording), secrets),
      secrets,
    );
    const outcome = await connectAndWork(resolved, platform, sessionHooks, workOptions, tokens);
    failed = false;
    return outcome.work ? { work: redactValue(outcome.work, secrets) } : outcome;
  } catch (error) {
    throw redactError(error, (text) => redactText(text, secrets));
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
  let lastPhase: string | undefined;
  const watched: SessionHooks = {
    ...hooks,
    onEvent: (event) => {
      if (event.type === 'phase') lastPhase = event.phase;
      hooks.onEvent?.(event);
    },
  };
  const session = await step('connect', () =>
    Session.open(resolved, platform, watched, tokens).catch((error: unknown) => {
      throw lastPhase === 'starting' ? notAPowerShell(error, resolved) : error;
    }),
  )();
  let outcome: AttemptOutcome | undefined;
  try {
    const work = resolved.work;
    if (!work) {
      if (workOptions.handOver) {
        const terminal = workOptions.handOver;
        await step('work', () => session.handOver(terminal))();
      }
      outcome = {};
    } else {
      const result = await step('work', () => session.work(work, workOptions))();
      if (!result.success) throw inPhase(scriptFailed(result), 'work');
      outcome = { work: result };
    }
  } finally {
    // A failed disconnect after a failed work must not hide the work's failure.
    const closing = step('disconnect', () => session.close())();
    if (outcome) await closing;
    else await closing.catch(() => {});
  }
  return outcome;
}

/** Runs one step of the attempt; whatever it throws is marked as having happened in `phase`. */
function step<T>(phase: FailurePhase, run: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await run();
    } catch (error) {
      throw inPhase(error, phase);
    }
  };
}

/**
 * PowerShell that exits before it ever shows a prompt (`--pwsh /bin/false`, a broken install) is not a
 * working PowerShell: a problem of this machine (exit 4), which no retry clears.
 */
function notAPowerShell(error: unknown, resolved: ResolvedOptions): unknown {
  if (!(error instanceof IppsConnectError) || error.code !== 'POWERSHELL_EXITED') return error;
  const which = resolved.powershell ? `PowerShell at ${resolved.powershell}` : 'PowerShell';
  return new IppsConnectError(`${which} exited as it started: it is not a working PowerShell. ${error.message}`, {
    code: 'POWERSHELL_NOT_FOUND',
    fix: 'Point --pwsh (or IPPSCONNECT_PWSH) at a working pwsh 7 (or powershell.exe 5.1 on Windows); run it by hand to see why it exits.',
    phase: 'connect',
    transcriptTail: error.transcriptTail,
    cause: error,
  });
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

/** The caller's hooks, with every event's text redacted before anyone (log, output) sees it. */
function redactingHooks(hooks: SessionHooks, secrets: readonly string[]): SessionHooks {
  const onEvent = hooks.onEvent;
  if (!onEvent) return hooks;
  const redact = createValueRedactor(secrets);
  return { ...hooks, onEvent: (event) => onEvent(redact(event)) };
}

/**
 * The caller's hooks, with every answer a person gives at a prompt added to `secrets` before PowerShell
 * gets it, so its echo is hidden in the recording, the events and errors (prompt-secrecy.ts). A
 * confirmation letter is too short to be a secret, and is not one.
 */
function hidingAnswers(hooks: SessionHooks, secrets: string[]): SessionHooks {
  const answerPrompt = hooks.answerPrompt;
  if (!answerPrompt) return hooks;
  return {
    ...hooks,
    answerPrompt: async (prompt) => {
      const answer = await answerPrompt(prompt);
      if (answer !== undefined && answer.length >= MIN_SECRET_LENGTH && answerReadsHidden(prompt.text)) {
        secrets.push(answer);
      }
      return answer;
    },
  };
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
