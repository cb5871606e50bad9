/**
 * Where a recording's lines go. A recording is a by-product of a job, so a sink never throws into the caller:
 * a full disk or a missing directory must not fail the Connect-IPPSSession it was watching.
 */
import { createWriteStream } from 'node:fs';

export interface AsciicastSink {
  /** Takes one line, without its line break. Must not throw. */
  write(line: string): void;
  /** Flushes and releases the destination. Must not reject. */
  close(): Promise<void>;
}

export interface FileSink extends AsciicastSink {
  readonly path: string;
  /** The first error met opening or writing the file (ENOSPC, EACCES, ENOENT…); lines after it are dropped. */
  readonly error: NodeJS.ErrnoException | undefined;
}

export interface MemorySink extends AsciicastSink {
  readonly lines: readonly string[];
  readonly closed: boolean;
  /** The lines as a file would hold them. */
  text(): string;
}

/**
 * Writes lines to a file, creating it readable by its owner only (mode 0600: even redacted, a session
 * transcript names tenants and users). An existing file is truncated and keeps its mode.
 * Writes are buffered by the stream; recordings are small, so backpressure is not applied.
 */
export function fileSink(path: string): FileSink {
  let error: NodeJS.ErrnoException | undefined;
  const stream = createWriteStream(path, { mode: 0o600 });
  // The stream emits 'close' after it finished or after it failed (including failing to open).
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.on('error', (cause: NodeJS.ErrnoException) => {
    error ??= cause;
  });
  return {
    path,
    get error() {
      return error;
    },
    write(line) {
      if (error === undefined && stream.writable) stream.write(`${line}\n`);
    },
    close() {
      if (!stream.writableEnded && !stream.destroyed) stream.end();
      return closed;
    },
  };
}

/** Keeps lines in memory: for tests, and for callers that want the recording as a string. */
export function memorySink(): MemorySink {
  const lines: string[] = [];
  let closed = false;
  return {
    lines,
    get closed() {
      return closed;
    },
    write(line) {
      lines.push(line);
    },
    async close() {
      closed = true;
    },
    text: () => lines.map((line) => `${line}\n`).join(''),
  };
}
