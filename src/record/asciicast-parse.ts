/**
 * Parsing of single asciicast v2 lines, with errors that name the line and say what was expected there.
 */
import { type AsciicastEvent, type AsciicastHeader, codeOf, isPositiveInteger } from './asciicast.js';
import { messages, RecordError } from './errors.js';

const typeOf = new Map<unknown, AsciicastEvent['type']>(
  Object.entries(codeOf).map(([type, code]) => [code, type as AsciicastEvent['type']]),
);

/** Parses the header line; `lineNumber` only labels errors. */
export function parseHeaderLine(line: string, lineNumber = 1): AsciicastHeader {
  const header = parseJson(line.replace(/^\uFEFF/, ''), 'a header object', lineNumber);
  const fail = (message: string) => new RecordError('INVALID_ASCIICAST', message, { line: lineNumber });
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw fail(messages.headerNotObject());
  const fields = header as Record<string, unknown>;
  if (fields.version !== 2) {
    throw new RecordError('UNSUPPORTED_ASCIICAST_VERSION', messages.unsupportedVersion(fields.version), {
      line: lineNumber,
    });
  }
  for (const name of ['width', 'height'] as const) {
    if (!isPositiveInteger(fields[name])) throw fail(messages.headerField(name, 'a positive integer'));
  }
  for (const name of ['timestamp', 'duration', 'idle_time_limit'] as const) {
    if (fields[name] !== undefined && !isNonNegative(fields[name])) throw fail(messages.headerField(name, 'a number'));
  }
  for (const name of ['command', 'title'] as const) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string')
      throw fail(messages.headerField(name, 'a string'));
  }
  if (fields.env !== undefined && !isStringRecord(fields.env)) {
    throw fail(messages.headerField('env', 'an object of strings'));
  }
  const known = ['version', 'width', 'height', 'timestamp', 'duration', 'idle_time_limit', 'command', 'title', 'env'];
  return Object.fromEntries(
    known.filter((name) => fields[name] !== undefined).map((name) => [name, fields[name]]),
  ) as unknown as AsciicastHeader;
}

/** Parses one event line; `lineNumber` only labels errors. */
export function parseEventLine(line: string, lineNumber: number): AsciicastEvent {
  const fail = (message: string) => new RecordError('INVALID_ASCIICAST', message, { line: lineNumber });
  const event = parseJson(line, '[time, code, data]', lineNumber);
  if (!Array.isArray(event) || event.length !== 3) throw fail(messages.eventShape());
  const [time, code, data] = event as [unknown, unknown, unknown];
  if (!isNonNegative(time)) throw fail(messages.eventTime());
  const type = typeOf.get(code);
  if (type === undefined) throw fail(messages.eventCode(code));
  if (typeof data !== 'string') throw fail(messages.eventData());
  if (type === 'marker') return { type, time, label: data };
  if (type !== 'resize') return { type, time, data };
  const size = /^(\d+)x(\d+)$/.exec(data);
  if (size === null || !isPositiveInteger(Number(size[1])) || !isPositiveInteger(Number(size[2]))) {
    throw fail(messages.resizeData(data));
  }
  return { type, time, cols: Number(size[1]), rows: Number(size[2]) };
}

function parseJson(line: string, what: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (cause) {
    throw new RecordError('INVALID_ASCIICAST', messages.notJson(what), { line: lineNumber, cause });
  }
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
