/**
 * Redaction of a stream that arrives in pieces. A secret, JWT or bearer token may be cut anywhere by the pty,
 * so the end of each chunk that could still be the start of one is held back until the next chunk (or `end()`)
 * decides it. What `push` returns is final, and for any chunking the joined output equals `redactText` of the
 * whole, unless an unfinished token outgrows `maxTokenHoldBack` (then it is redacted whole, see below).
 */
import { messages, RecordError } from './errors.js';
import { createOverlongTokenSwallower } from './overlong-token.js';
import {
  findOpenSecretStart,
  findOpenTokenStart,
  findSecretSpans,
  normalizeSecrets,
  REDACTION_MARKER,
  replaceSpans,
  type Span,
} from './redaction-rules.js';

/** Longest unfinished JWT or bearer token held back; real access tokens are 1–4 KB. */
export const DEFAULT_MAX_TOKEN_HOLD_BACK = 16 * 1024;
/** Below this, `Bearer` and its spaces alone could outgrow the hold-back and everyday words would be swallowed. */
const MIN_TOKEN_HOLD_BACK = 64;

export interface RedactorOptions {
  /**
   * Exact values to hide (passwords, client secrets, tokens); each at least 4 characters. The list may
   * grow while the redactor is in use (answers typed at a session's prompts): it is read again whenever
   * its length changed, and a value added hides everything pushed after it.
   */
  secrets: readonly string[];
  /**
   * Longest unfinished JWT or bearer token to hold back (default 16 KiB, at least 64). A longer one is
   * redacted whole at once, and the rest of its run of token characters in later chunks is dropped with it.
   */
  maxTokenHoldBack?: number;
}

/** A streaming redactor: `push` returns the text that is safe to write now; `end` flushes what was held back. */
export interface Redactor {
  push(chunk: string): string;
  end(): string;
}

/**
 * Creates a streaming redactor. Each occurrence of each secret and anything shaped like a JWT
 * (`eyJ….….…`) or `Bearer <token of 16+ characters>` becomes `[REDACTED]` (for bearer tokens, only the token).
 * @throws RecordError `SECRET_TOO_SHORT` when a secret is shorter than 4 characters.
 */
export function createRedactor(options: RedactorOptions): Redactor {
  let secrets = normalizeSecrets(options.secrets);
  let secretCount = options.secrets.length;
  const maxTokenHoldBack = options.maxTokenHoldBack ?? DEFAULT_MAX_TOKEN_HOLD_BACK;
  if (!(maxTokenHoldBack >= MIN_TOKEN_HOLD_BACK)) {
    throw new RecordError(
      'INVALID_ARGUMENT',
      messages.atLeast('maxTokenHoldBack', MIN_TOKEN_HOLD_BACK, maxTokenHoldBack),
    );
  }
  let pending = '';
  const overlong = createOverlongTokenSwallower();

  return {
    push(chunk) {
      if (options.secrets.length !== secretCount) {
        secrets = normalizeSecrets(options.secrets);
        secretCount = options.secrets.length;
      }
      const text = pending + overlong.swallow(chunk);
      const spans = findSecretSpans(text, secrets);
      const tokenStart = findOpenTokenStart(text);
      if (text.length - tokenStart > maxTokenHoldBack) {
        pending = '';
        overlong.start(text.slice(tokenStart));
        return replaceSpans(text.slice(0, tokenStart), clipSpans(spans, tokenStart)) + REDACTION_MARKER;
      }
      const cut = safeCut(text, Math.min(tokenStart, findOpenSecretStart(text, secrets)), spans);
      pending = text.slice(cut);
      return replaceSpans(
        text.slice(0, cut),
        spans.filter((span) => span.end <= cut),
      );
    },
    end() {
      const text = pending;
      pending = '';
      overlong.start('');
      return replaceSpans(text, findSecretSpans(text, secrets));
    },
  };
}

/** Redacts one complete text, exactly as a redactor fed it in any pieces would. */
export function redactText(text: string, secrets: readonly string[]): string {
  return replaceSpans(text, findSecretSpans(text, normalizeSecrets(secrets)));
}

/**
 * Moves a cut back so it splits no surrogate pair and no match (from where the match began, its context such
 * as `Bearer ` included): the text after the cut is judged afresh and must find the same matches.
 */
function safeCut(text: string, cut: number, spans: readonly Span[]): number {
  const beforeCut = text.charCodeAt(cut - 1);
  if (beforeCut >= 0xd800 && beforeCut <= 0xdbff) cut -= 1;
  for (let split = findSplit(spans, cut); split !== undefined; split = findSplit(spans, cut)) cut = split.matchStart;
  return cut;
}

function findSplit(spans: readonly Span[], cut: number): Span | undefined {
  return spans.find((span) => span.matchStart < cut && cut < span.end);
}

function clipSpans(spans: readonly Span[], end: number): Span[] {
  return spans.filter((span) => span.start < end).map((span) => ({ ...span, end: Math.min(span.end, end) }));
}

/**
 * Redacts every string inside a JSON-like value (events, returned objects), keys kept: the same rules as a
 * recording, so the log and `--json` output hide what the recording hides. Other values pass unchanged.
 * The result is a copy: nothing a caller does to it reaches the value.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  return copyRedacted(value, normalizeSecrets(secrets)) as T;
}

/**
 * redactValue for a stream of values (a session's events), against `secrets`, which may grow (an answer
 * typed at a prompt is added): the secrets are normalized again only when their number changes, not for
 * each of the hundred thousand events a flood of output gives.
 */
export function createValueRedactor(secrets: readonly string[]): <T>(value: T) => T {
  let normalized = normalizeSecrets(secrets);
  let count = secrets.length;
  return <T>(value: T): T => {
    if (secrets.length !== count) {
      normalized = normalizeSecrets(secrets);
      count = secrets.length;
    }
    return copyRedacted(value, normalized) as T;
  };
}

function copyRedacted(item: unknown, secrets: readonly string[]): unknown {
  if (typeof item === 'string') {
    // Most text holds no secret: it is returned as it is, not rebuilt.
    const spans = findSecretSpans(item, secrets);
    return spans.length === 0 ? item : replaceSpans(item, spans);
  }
  if (Array.isArray(item)) return item.map((child) => copyRedacted(child, secrets));
  if (item === null || typeof item !== 'object') return item;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(item)) copy[key] = copyRedacted((item as Record<string, unknown>)[key], secrets);
  return copy;
}
