/**
 * Choosing and opening a cassette for a run: the mode (option, then IPPSCONNECT_CASSETTE_MODE, then
 * `replay` under CI and `auto` elsewhere), the file, and the two seams a session takes it through: the
 * host it starts and the access tokens it acquires. One cassette serves every attempt of a job, in order.
 */
import { existsSync } from 'node:fs';
import { PowerShellHost } from '../host/powershell-host.js';
import type { StartHost } from '../session/session-host.js';
import type { SessionTokens } from '../session/tokens.js';
import { createCassetteWriter, readCassette } from './cassette-file.js';
import { invalidInput, mismatch, recordError, replayedError } from './errors.js';
import { createNormaliser, type Normaliser } from './normalise.js';
import { recordingStarter } from './recorder.js';
import { Cursor, describeStep, replayingStarter } from './replayer.js';

export const cassetteModes = ['record', 'replay', 'auto'] as const;
export type CassetteMode = (typeof cassetteModes)[number];

/** The `cassette` option: a path, or a path with its mode and replay speed. */
export interface CassetteSettings {
  path: string;
  /** Default: IPPSCONNECT_CASSETTE_MODE, else `replay` under CI=true, else `auto`. */
  mode?: CassetteMode;
  /** Replay pace: 0 (default, or IPPSCONNECT_CASSETTE_SPEED) at once, 1 as recorded, 2 twice as fast. */
  speed?: number;
}

export interface Cassette {
  readonly mode: 'record' | 'replay';
  readonly path: string;
  /** Starts each session's host: the live one recorded, or the cassette's replay. */
  readonly startHost: StartHost;
  /** Acquires (record) or replays the access tokens; `needed` is false for sign-ins without them. */
  tokens(needed: boolean, acquire: () => Promise<SessionTokens | undefined>): Promise<SessionTokens | undefined>;
  /** Secret values the session knows, redacted from everything recorded. */
  addSecrets(values: readonly string[]): void;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Which mode a run uses; refuses to record under CI, where a missing cassette is a mistake. */
export function resolveCassetteMode(settings: CassetteSettings, env: Env): 'record' | 'replay' {
  const ci = env.CI === 'true';
  const fromEnv = env.IPPSCONNECT_CASSETTE_MODE;
  if (fromEnv !== undefined && fromEnv !== '' && !(cassetteModes as readonly string[]).includes(fromEnv)) {
    throw invalidInput(
      `IPPSCONNECT_CASSETTE_MODE is ${JSON.stringify(fromEnv)}; expected record, replay or auto.`,
      'Set it to record, replay or auto, or unset it.',
      'IPPSCONNECT_CASSETTE_MODE',
    );
  }
  const mode = settings.mode ?? ((fromEnv || undefined) as CassetteMode | undefined) ?? (ci ? 'replay' : 'auto');
  const chosen = mode === 'auto' ? (existsSync(settings.path) ? 'replay' : 'record') : mode;
  if (chosen === 'record' && ci) {
    throw invalidInput(
      `Recording the cassette ${settings.path} is refused under CI=true: a test there must replay a cassette recorded before.`,
      'Record it where PowerShell and the module (or tenant) are (IPPSCONNECT_CASSETTE_MODE=record), and commit the file.',
    );
  }
  return chosen;
}

function replaySpeed(settings: CassetteSettings, env: Env): number {
  const raw = settings.speed ?? (env.IPPSCONNECT_CASSETTE_SPEED ? Number(env.IPPSCONNECT_CASSETTE_SPEED) : 0);
  if (!(raw >= 0) || !Number.isFinite(raw)) {
    throw invalidInput(
      `The cassette replay speed must be a number >= 0, got ${JSON.stringify(raw)}.`,
      'Use 0 (at once), 1 (the recorded pace) or another factor.',
      settings.speed === undefined ? 'IPPSCONNECT_CASSETTE_SPEED' : 'cassette.speed',
    );
  }
  return raw;
}

/** Opens the cassette a run asks for: reads and checks it (replay) or starts the file (record). */
export function openCassette(settings: CassetteSettings, env: Env, startLive?: StartHost): Cassette {
  const mode = resolveCassetteMode(settings, env);
  const normaliser = createNormaliser();
  return mode === 'record'
    ? recordingCassette(settings.path, normaliser, startLive ?? ((options) => PowerShellHost.start(options)))
    : replayingCassette(settings.path, normaliser, replaySpeed(settings, env));
}

function recordingCassette(path: string, normaliser: Normaliser, startLive: StartHost): Cassette {
  const writer = createCassetteWriter(path, normaliser);
  return {
    mode: 'record',
    path,
    startHost: recordingStarter(writer, normaliser, startLive),
    async tokens(_needed, acquire) {
      try {
        const tokens = await acquire();
        if (tokens) {
          normaliser.addSecrets(tokens.values);
          writer.step('tokens', { variables: Object.keys(tokens.environment) });
        }
        return tokens;
      } catch (error) {
        writer.step('tokens-failed', { error: normaliser.value(recordError(error)) });
        throw error;
      } finally {
        writer.release();
      }
    },
    addSecrets: (values) => normaliser.addSecrets(values),
  };
}

/** Stands for a token in a replay: never sent anywhere, since no PowerShell starts. */
const replayedToken = 'replayed-token';

function replayingCassette(path: string, normaliser: Normaliser, speed: number): Cassette {
  const cursor = new Cursor(readCassette(path));
  const timing = { speed };
  return {
    mode: 'replay',
    path,
    startHost: replayingStarter(cursor, normaliser, timing),
    async tokens(needed) {
      if (!needed) return undefined;
      const step = cursor.peek();
      if (step?.kind === 'tokens-failed') {
        await cursor.take(timing);
        throw replayedError(normaliser.expandValue(step.error));
      }
      if (step?.kind !== 'tokens') {
        throw mismatch(path, step?.line, step ? describeStep(step) : 'nothing more', 'an access-token sign-in');
      }
      await cursor.take(timing);
      return { environment: Object.fromEntries(step.variables.map((name) => [name, replayedToken])), values: [] };
    },
    addSecrets: (values) => normaliser.addSecrets(values),
  };
}

/**
 * The cassette of a run's settings: one per settings object, so the attempts of one job share it (the
 * job resolves its options once and passes the same object to each attempt).
 */
const opened = new WeakMap<CassetteSettings, Cassette>();

export function cassetteFor(settings: CassetteSettings | undefined, env: Env): Cassette | undefined {
  if (!settings) return undefined;
  let cassette = opened.get(settings);
  if (!cassette) {
    cassette = openCassette(settings, env);
    opened.set(settings, cassette);
  }
  return cassette;
}
