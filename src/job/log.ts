import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of the job log; `time` and `elapsedMs` are added when it is written. */
export type JobLogEntry = { event: string; attempt?: number } & Record<string, unknown>;

export interface JobLog {
  write(entry: JobLogEntry): void;
  /** Resolves when everything is on disk; a log that could not be written reports its error here. */
  close(): Promise<Error | undefined>;
}

/**
 * A JSON-lines log (`--log file`): one object per line with an ISO timestamp and the time since the job
 * started, appended, so the file is the job's history (rotate it as any log). Its folder is created
 * (mode 0700) like the recording folder. Writing never throws: a full disk or an unwritable path must not
 * fail the job it describes. Entries come already redacted (session/attempt.ts): one redaction for every sink.
 */
export function createJobLog(path: string | undefined, clock: () => number = Date.now): JobLog {
  if (!path) return { write: () => {}, close: async () => undefined };
  let error: Error | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch {
    // Opening the file reports the failure.
  }
  const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.on('error', (cause: Error) => {
    error ??= cause;
  });
  const started = clock();
  return {
    write(entry) {
      if (error !== undefined || !stream.writable) return;
      const now = clock();
      stream.write(`${JSON.stringify({ time: new Date(now).toISOString(), elapsedMs: now - started, ...entry })}\n`);
    },
    async close() {
      if (!stream.writableEnded && !stream.destroyed) stream.end();
      await closed;
      return error;
    },
  };
}
