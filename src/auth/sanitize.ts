/**
 * Removes secrets from text msal hands back (error messages, log lines). msal's errors can carry parts of
 * the request or response, so nothing it says is kept or shown before passing through here.
 */

const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words; secrets, keys and tokens are far longer. */
const MIN_SECRET_LENGTH = 4;

/** Anything shaped like a JWT (access, id and refresh tokens, client assertions): base64url `eyJ….….…`. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** PEM blocks: certificates are harmless, but a private key may sit in the same text. */
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
/** Form-encoded token request parameters whose values are credentials. */
const FORM_SECRET =
  /\b(client_secret|client_assertion|assertion|refresh_token|access_token|id_token|device_code|code|password)=[^&\s"']*/gi;
/** The same fields in JSON (token responses, serialized caches). */
const JSON_SECRET =
  /"(client_secret|client_assertion|refresh_token|access_token|id_token|device_code|secret|password)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;
/** `Bearer <token>` in a header someone logged. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/gi;

/** The text with every known secret and anything shaped like a credential replaced by `[redacted]`. */
export function sanitize(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(PEM_BLOCK, (block) => (block.startsWith('-----BEGIN CERTIFICATE-----') ? block : REDACTED))
    .replace(JWT, REDACTED)
    .replace(FORM_SECRET, (_match, name: string) => `${name}=${REDACTED}`)
    .replace(JSON_SECRET, (_match, name: string) => `"${name}":"${REDACTED}"`)
    .replace(BEARER, `Bearer ${REDACTED}`);
}
