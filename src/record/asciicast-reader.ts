/**
 * Reading asciicast v2: whole texts for fixtures, and files line by line so a long recording is never held in
 * memory at once. Blank lines are skipped and CRLF line breaks accepted (a file may have passed through Windows).
 */
import { boundedLines, type InputOptions, openInput } from '../inputs/open-input.js';
import type { AsciicastEvent, AsciicastHeader } from './asciicast.js';
import { parseEventLine, parseHeaderLine } from './asciicast-parse.js';
import { messages, RecordError } from './errors.js';

export interface Asciicast {
  header: AsciicastHeader;
  events: AsciicastEvent[];
}

export interface AsciicastStream {
  header: AsciicastHeader;
  /** The events after the header, read as they are iterated; iterate once (breaking out closes the source). */
  events: AsyncIterable<AsciicastEvent>;
}

/**
 * Parses a whole asciicast v2 text.
 * @throws RecordError `INVALID_ASCIICAST` naming the line, or `UNSUPPORTED_ASCIICAST_VERSION`.
 */
export function readAsciicast(text: string): Asciicast {
  let header: AsciicastHeader | undefined;
  const events: AsciicastEvent[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (isBlank(line)) continue;
    if (header === undefined) header = parseHeaderLine(line, index + 1);
    else events.push(parseEventLine(line, index + 1));
  }
  if (header === undefined) throw new RecordError('INVALID_ASCIICAST', messages.emptyAsciicast());
  return { header, events };
}

/**
 * Parses asciicast v2 from lines (without their line breaks) as they come: reads up to the header at once,
 * and the events as they are iterated. Errors name the line, as `readAsciicast` does.
 */
export async function parseAsciicastLines(lines: AsyncIterable<string> | Iterable<string>): Promise<AsciicastStream> {
  const source: AsyncIterator<string> | Iterator<string> =
    Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  let lineNumber = 0;
  const nextLine = async (): Promise<string | undefined> => {
    for (let result = await source.next(); result.done !== true; result = await source.next()) {
      lineNumber += 1;
      if (!isBlank(result.value)) return result.value;
    }
    return undefined;
  };

  let header: AsciicastHeader;
  try {
    const first = await nextLine();
    if (first === undefined) throw new RecordError('INVALID_ASCIICAST', messages.emptyAsciicast());
    header = parseHeaderLine(first, lineNumber);
  } catch (error) {
    await source.return?.();
    throw error;
  }

  async function* events(): AsyncGenerator<AsciicastEvent> {
    try {
      for (let line = await nextLine(); line !== undefined; line = await nextLine()) {
        yield parseEventLine(line, lineNumber);
      }
    } finally {
      await source.return?.();
    }
  }
  return { header, events: events() };
}

/** Longest line read from an asciicast file (one event); a longer one is refused, naming its number. */
export const MAX_ASCIICAST_LINE = 16 * 1024 * 1024;

/**
 * Opens an asciicast v2 file (or `-` for standard input): its header at once, its events line by line as they
 * are iterated. What cannot be read (a device, a named pipe, a folder) is refused before reading
 * (inputs/open-input.ts); a line longer than {@link MAX_ASCIICAST_LINE} is refused rather than held whole.
 */
export async function readAsciicastFile(path: string, options: InputOptions = {}): Promise<AsciicastStream> {
  return parseAsciicastLines(boundedLines(await openInput(path, options), MAX_ASCIICAST_LINE));
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}
