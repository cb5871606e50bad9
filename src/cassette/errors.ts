/**
 * The cassette's failures, each an IppsConnectError with a stable code (exit 2 on the CLI), and every
 * message text in one place. Requests are quoted shortened: a cassette holds no secret, and neither
 * does a message built from it.
 */
import { IppsConnectError } from '../errors.js';
import type { RecordedError } from './format.js';

/** Longest piece of a request quoted in a message. */
const quotedChars = 300;

function quote(text: string): string {
  const short = text.length > quotedChars ? `${text.slice(0, quotedChars)}… (${text.length} characters)` : text;
  return JSON.stringify(short);
}

/** The code under test did something else than the cassette recorded at this point. */
export function mismatch(path: string, line: number | undefined, recorded: string, made: string): IppsConnectError {
  const where = line === undefined ? `the end of ${path}` : `${path} line ${line}`;
  return new IppsConnectError(
    `The session does not follow the cassette: ${where} recorded ${recorded}, but the session made ${made}.`,
    {
      code: 'CASSETTE_MISMATCH',
      fix: 'Record the cassette again (IPPSCONNECT_CASSETTE_MODE=record), or edit it so the requests match (docs/cassettes.md).',
      field: 'cassette',
    },
  );
}

export function describeRequest(method: string, code: string): string {
  return `${method} ${quote(code)}`;
}

/** The file cannot be read as a cassette: not asciicast, a step that is not what the format says, cut short. */
export function invalid(path: string, message: string, cause?: unknown): IppsConnectError {
  return new IppsConnectError(`${path} is not a usable cassette: ${message}`, {
    code: 'CASSETTE_INVALID',
    fix: 'Record it again, or repair it by hand following docs/cassettes.md (each request needs its done or failed step).',
    field: 'cassette',
    ...(cause === undefined ? {} : { cause }),
  });
}

export function invalidInput(message: string, fix: string, field = 'cassette'): IppsConnectError {
  return new IppsConnectError(message, { code: 'INVALID_INPUT', fix, field });
}

/** The recorded failure, as the code under test first saw it. */
export function replayedError(error: RecordedError): IppsConnectError {
  return new IppsConnectError(error.message, {
    code: error.code as IppsConnectError['code'],
    fix: error.fix,
    ...(error.retryable === undefined ? {} : { retryable: error.retryable }),
    ...(error.fullyQualifiedErrorId === undefined ? {} : { fullyQualifiedErrorId: error.fullyQualifiedErrorId }),
    ...(error.transcriptTail === undefined ? {} : { transcriptTail: error.transcriptTail }),
  });
}

/** What a failure looks like in a cassette; anything that is not an IppsConnectError is INTERNAL. */
export function recordError(error: unknown): RecordedError {
  if (error instanceof IppsConnectError) {
    return {
      code: error.code,
      message: error.message,
      fix: error.fix,
      retryable: error.retryable,
      ...(error.fullyQualifiedErrorId ? { fullyQualifiedErrorId: error.fullyQualifiedErrorId } : {}),
      ...(error.transcriptTail.length > 0 ? { transcriptTail: [...error.transcriptTail] } : {}),
    };
  }
  return {
    code: 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
    fix: 'This is a bug in ippsconnect; please report it.',
  };
}
