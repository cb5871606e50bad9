import type { ResolvedOptions } from '../options.js';
import { knownSecrets } from '../session/recording.js';
import type { SessionHooks } from '../session/session.js';
import { acquireSessionTokens, type SessionTokens } from '../session/tokens.js';
import { cassetteFor } from './cassette.js';

/**
 * What a session starts with: its access tokens, and hooks that start its host. With a cassette, the
 * tokens are acquired and recorded, or replayed without asking anyone; and the host is recorded, or
 * replayed without PowerShell. Without one, this is `acquireSessionTokens` and the hooks as given.
 */
export async function prepareSession(
  resolved: ResolvedOptions,
  hooks: SessionHooks,
): Promise<{ hooks: SessionHooks; tokens: SessionTokens | undefined }> {
  const env = hooks.env ?? process.env;
  const cassette = cassetteFor(resolved.cassette, env);
  if (!cassette) return { hooks, tokens: await acquireSessionTokens(resolved, hooks) };
  cassette.addSecrets(knownSecrets(resolved, env));
  const tokens = await cassette.tokens(resolved.signIn.kind === 'access-token', () =>
    acquireSessionTokens(resolved, hooks),
  );
  return { hooks: { ...hooks, startHost: cassette.startHost }, tokens };
}
