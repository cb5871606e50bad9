/**
 * Opening what `parse` and `replay` are given, as a stream of text (never a positioned read, so pipes and
 * standard input work). Decision (issue 16): regular files are read; standard input is read when named
 * explicitly (`-`, `/dev/stdin`) and is not a terminal; a pipe given by its descriptor path (`/dev/fd/N`,
 * `/proc/self/fd/N`, as `<(command)` gives) is read; every other kind — a folder, a named FIFO (which blocks
 * until someone writes to it), a device such as /dev/zero — is refused up front with a message saying what
 * to do instead. The bytes are decoded as UTF-8, or UTF-16 when a UTF-16 byte-order mark says so (Windows
 * PowerShell 5.1's `>` and Out-File write UTF-16LE); a byte-order mark is dropped.
 */
import { accessSync, closeSync, constants, createReadStream, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';

/** A file or stream that cannot be read as a transcript; the message says why and what to do. */
export class UnreadableInputError extends Error {
  override name = 'UnreadableInputError';
  /** The system error code when the system refused it (ENOENT, EACCES, …). */
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/** Names that mean standard input. */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);
/** A pipe passed by descriptor (`<(command)` in bash gives `/dev/fd/63`). */
const DESCRIPTOR_PATH = /^\/(?:dev|proc\/self)\/fd\/\d+$/;

export interface InputOptions {
  /** Standard input (default: process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Opens `path` (or standard input) for reading; refuses what cannot be read, before reading anything. */
export async function openInput(path: string, options: InputOptions = {}): Promise<AsyncIterable<string>> {
  if (STDIN_NAMES.has(path)) {
    const stdin = options.stdin ?? process.stdin;
    if (stdin.isTTY) {
      throw new UnreadableInputError(
        'standard input is a terminal: pipe a transcript in (… | ippsconnect parse -) or give a file',
      );
    }
    return decodeText(stdin as AsyncIterable<Buffer | string>);
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw refused(error);
  }
  if (info.isDirectory()) throw new UnreadableInputError('is a folder: give a transcript file');
  const pipe = info.isFIFO() || info.isSocket();
  if (!info.isFile() && !(pipe && DESCRIPTOR_PATH.test(path))) {
    const kind = info.isFIFO()
      ? 'a named pipe, which waits for a writer'
      : info.isCharacterDevice()
        ? 'a device'
        : info.isBlockDevice()
          ? 'a block device'
          : info.isSocket()
            ? 'a socket'
            : 'not a regular file';
    throw new UnreadableInputError(`is ${kind}: give a regular file, or pipe it in and name - for standard input`);
  }
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw refused(error);
  }
  return decodeText(pipe ? streamChunks(path) : fileChunks(path));
}

function refused(error: unknown): UnreadableInputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UnreadableInputError('no such file: check the path', code);
  if (code === 'EACCES') return new UnreadableInputError('permission denied: give a file you can read', code);
  return new UnreadableInputError(`cannot open it (${code ?? String(error)})`, code);
}

/** Bytes read per piece: smaller and larger pieces both parsed slower (bench, interleaved A/B). */
const READ_SIZE = 64 * 1024;

/**
 * A regular file's bytes, read synchronously piece by piece. Not a stream: every asynchronous read is a
 * round trip through libuv's thread pool, and the parser sat idle waiting for each one, about an eighth of a
 * plain-text parse (CPU profile, 25 MiB; reading ahead with FileHandle.read did not help). A read from the
 * page cache takes microseconds, so the event loop is held for less than the hand-off cost.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const piece = Buffer.allocUnsafe(READ_SIZE);
      const read = readSync(fd, piece, 0, READ_SIZE, null);
      if (read === 0) return;
      yield piece.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** A pipe's bytes (`<(command)`), as they come. */
function streamChunks(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: READ_SIZE });
}

/** Bytes → text, by byte-order mark (UTF-8 without one); the mark itself is dropped. */
export async function* decodeText(bytes: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  for await (const piece of bytes) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (!decoder) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) continue;
      decoder = new TextDecoder(encodingOf(head), { ignoreBOM: false });
      const text = decoder.decode(head, { stream: true });
      if (text !== '') yield text;
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  if (!decoder) {
    decoder = new TextDecoder(encodingOf(head), { ignoreBOM: false });
    const text = decoder.decode(head, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

function encodingOf(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Text → lines (without their line break; a CR before the LF dropped), none longer than `maxLength`:
 * a longer line is refused, naming its number, rather than held in memory whole.
 */
export async function* boundedLines(text: AsyncIterable<string>, maxLength: number): AsyncGenerator<string> {
  let pending = '';
  let lineNumber = 1;
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const line = pending + chunk.slice(start, end);
      pending = '';
      if (line.length > maxLength) throw tooLong(lineNumber, maxLength);
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      lineNumber++;
      start = end + 1;
    }
    pending += chunk.slice(start);
    if (pending.length > maxLength) throw tooLong(lineNumber, maxLength);
  }
  if (pending !== '') yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}

function tooLong(lineNumber: number, maxLength: number): UnreadableInputError {
  return new UnreadableInputError(
    `line ${lineNumber} is longer than ${Math.round(maxLength / 1024 / 1024)} MiB: not a recording ippsconnect can read`,
  );
}
