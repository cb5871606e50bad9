/**
 * What counts as secret in a terminal stream, and where it is: pure functions over one piece of text.
 * The streaming redactor (redact.ts) decides how much of a stream is safe to judge; this file judges it.
 */
import { messages, RecordError } from './errors.js';

/** What replaces each secret. Only `[`, `]` and capitals, so it cannot complete a token or lowercase secret. */
export const REDACTION_MARKER = '[REDACTED]';

/** Shorter secrets would redact everyday words ("pwd", "123"), so they are refused. */
export const MIN_SECRET_LENGTH = 4;

/**
 * A JWT (access and ID tokens from Entra ID): base64url header starting `{"` (→ `eyJ`), payload, signature.
 * Segments are runs of the base64url alphabet, so every match is decided by the character after its last run.
 * The lookahead finds a match at every position, overlapping ones included, so a token glued to the end of
 * another is still found whole.
 */
const JWT_AT_EACH_POSITION = /(?=(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*))/g;

/**
 * `Authorization: Bearer <token>` (RFC 6750 b64token). Only the token is redacted. At least 16 characters so
 * prose such as "Bearer token expired" survives; real tokens are hundreds of characters.
 */
const BEARER_AT_EACH_POSITION = /(?=(Bearer[ \t]+)([A-Za-z0-9._~+/-]{16,}=*))/gi;
/** The word every bearer token follows, in any case. */
const BEARER_WORD = /bearer/i;

/**
 * Text at the very end of a buffer that could still become (or grow into) a JWT or a bearer token when more
 * arrives: each alternative is a prefix of a match. The leftmost such position is where judging must wait.
 */
const OPEN_JWT_AT_END =
  /(?:e|ey|eyJ[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)$/;
const OPEN_BEARER_AT_END = /B(?:e(?:a(?:r(?:e(?:r(?:[ \t]+[A-Za-z0-9._~+/-]*=*)?)?)?)?)?)?$/i;

/** A half-open range [start, end) of text to redact, found by a match that began at `matchStart`. */
export interface Span {
  start: number;
  end: number;
  /** Where the text that decided this span begins: before `start` for a bearer token (`Bearer ` is context). */
  matchStart: number;
}

/** Validates and deduplicates the secrets, longest first (`findOpenSecretStart` reads the longest's length). */
export function normalizeSecrets(secrets: readonly string[]): string[] {
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new RecordError('SECRET_TOO_SHORT', messages.secretTooShort(secret.length, MIN_SECRET_LENGTH));
    }
  }
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/**
 * Every span to redact in `text`, treating its end as the end of the stream: each occurrence of each secret
 * (overlapping ones too), each JWT, each bearer token. Overlapping spans are merged so that no part of any
 * secret survives; touching spans stay apart, which keeps the result independent of where a stream was cut.
 */
export function findSecretSpans(text: string, secrets: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
      spans.push({ start: at, end: at + secret.length, matchStart: at });
    }
  }
  // Each token pattern starts with a word its text must hold: without the word (most text) the lookahead
  // need not be tried at every position.
  const jwts = text.includes('eyJ') ? text.matchAll(JWT_AT_EACH_POSITION) : [];
  for (const match of jwts) {
    spans.push({ start: match.index, end: match.index + match[1]!.length, matchStart: match.index });
  }
  const bearers = BEARER_WORD.test(text) ? text.matchAll(BEARER_AT_EACH_POSITION) : [];
  for (const match of bearers) {
    const start = match.index + match[1]!.length;
    spans.push({ start, end: start + match[2]!.length, matchStart: match.index });
  }
  return mergeOverlapping(spans);
}

function mergeOverlapping(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.matchStart = Math.min(last.matchStart, span.matchStart);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/** `text` with each span (sorted, disjoint, within the text) replaced by the marker. */
export function replaceSpans(text: string, spans: readonly Span[]): string {
  let result = '';
  let from = 0;
  for (const span of spans) {
    result += text.slice(from, span.start) + REDACTION_MARKER;
    from = span.end;
  }
  return result + text.slice(from);
}

/** Where a JWT or bearer token may be still arriving at the end of `text`; `text.length` when none is. */
export function findOpenTokenStart(text: string): number {
  return Math.min(leftmostMatch(OPEN_JWT_AT_END, text), leftmostMatch(OPEN_BEARER_AT_END, text));
}

function leftmostMatch(pattern: RegExp, text: string): number {
  const at = text.search(pattern);
  return at === -1 ? text.length : at;
}

/** Where a secret may be still arriving at the end of `text` (a proper prefix of one); `text.length` when none is. */
export function findOpenSecretStart(text: string, secrets: readonly string[]): number {
  const longest = secrets[0]?.length ?? 0;
  for (let at = Math.max(0, text.length - longest + 1); at < text.length; at++) {
    const tail = text.length - at;
    if (secrets.some((secret) => secret.length > tail && startsWithTail(secret, text, at))) return at;
  }
  return text.length;
}

function startsWithTail(secret: string, text: string, at: number): boolean {
  for (let i = 0; at + i < text.length; i++) if (secret.charCodeAt(i) !== text.charCodeAt(at + i)) return false;
  return true;
}
