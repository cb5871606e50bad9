import type { ResolvedOptions } from '../options.js';
import { knownSecrets } from '../session/recording.js';
import type { SessionHooks } from '../session/session.js';
import type { SessionTokens } from '../session/tokens.js';
import { cassetteFor } from './cassette.js';

export interface SessionCassette {
  /** Acquires the access tokens (recording them), or replays them without asking anyone. */
  tokens(acquire: () => Promise<SessionTokens | undefined>): Promise<SessionTokens | undefined>;
  /**
   * The hooks, with the host the cassette starts (recorded live, or replayed without PowerShell); the
   * attempt's `secrets` are redacted from the cassette as from every other sink.
   */
  hooks(hooks: SessionHooks, secrets?: readonly string[]): SessionHooks;
}

const noCassette: SessionCassette = { tokens: (acquire) => acquire(), hooks: (hooks) => hooks };

/**
 * The two seams a session takes its cassette through (src/cassette): the tokens and the host. Without a
 * cassette, tokens are acquired and hooks are left as given. Throws before anything starts when the
 * cassette cannot be used (INVALID_INPUT, CASSETTE_INVALID).
 */
export function sessionCassette(resolved: ResolvedOptions, hooks: SessionHooks): SessionCassette {
  const env = hooks.env ?? process.env;
  const cassette = cassetteFor(resolved.cassette, env);
  if (!cassette) return noCassette;
  cassette.addSecrets(knownSecrets(resolved, env));
  return {
    tokens: (acquire) => cassette.tokens(resolved.signIn.kind === 'access-token', acquire),
    hooks: (given, secrets = []) => {
      cassette.addSecrets(secrets);
      return { ...given, startHost: cassette.startHost };
    },
  };
}
