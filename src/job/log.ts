import { fileSink } from '../record/index.js';

/** One line of the job log; `time` and `elapsedMs` are added when it is written. */
export type JobLogEntry = { event: string; attempt?: number } & Record<string, unknown>;

export interface JobLog {
  write(entry: JobLogEntry): void;
  /** Resolves when everything is on disk; a log that could not be written reports its error here. */
  close(): Promise<Error | undefined>;
}

/**
 * A JSON-lines log (`--log file`): one object per line with an ISO timestamp and the time since the job
 * started. Writing never throws: a full disk or an unwritable path must not fail the job it describes.
 */
export function createJobLog(path: string | undefined, clock: () => number = Date.now): JobLog {
  if (!path) return { write: () => {}, close: async () => undefined };
  const sink = fileSink(path);
  const started = clock();
  return {
    write(entry) {
      const now = clock();
      sink.write(JSON.stringify({ time: new Date(now).toISOString(), elapsedMs: now - started, ...entry }));
    },
    async close() {
      await sink.close();
      return sink.error;
    },
  };
}
