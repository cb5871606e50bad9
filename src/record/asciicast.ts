/**
 * The asciicast v2 format (https://docs.asciinema.org/manual/asciicast/v2/): newline-delimited JSON, a header
 * object on the first line, then one `[seconds since start, code, data]` array per event. Pure formatting
 * of single lines; asciicast-parse.ts reads them back, the writer and reader add the I/O.
 */

/** The header line. Only the fields ippsconnect writes or reads; others in a file are ignored. */
export interface AsciicastHeader {
  version: 2;
  /** Initial terminal size in columns and rows. */
  width: number;
  height: number;
  /** Unix time (seconds) when the recording began. */
  timestamp?: number;
  /** Whole duration in seconds, when known. */
  duration?: number;
  /** Gaps longer than this (seconds) were or should be shortened on replay. */
  idle_time_limit?: number;
  command?: string;
  title?: string;
  /** Captured environment, typically TERM and SHELL. */
  env?: Record<string, string>;
}

/** An event, with its time in seconds since the recording began. */
export type AsciicastEvent =
  | { type: 'output'; time: number; data: string }
  | { type: 'input'; time: number; data: string }
  | { type: 'resize'; time: number; cols: number; rows: number }
  | { type: 'marker'; time: number; label: string };

/** The one-letter code of each event type in the file; the mapped type makes a new event type add a code. */
export const codeOf = { output: 'o', input: 'i', resize: 'r', marker: 'm' } as const satisfies Record<
  AsciicastEvent['type'],
  string
>;

export function formatHeaderLine(header: AsciicastHeader): string {
  return JSON.stringify(header);
}

/** One event line. Times keep microseconds, as asciinema writes them. */
export function formatEventLine(event: AsciicastEvent): string {
  const data =
    event.type === 'resize' ? `${event.cols}x${event.rows}` : event.type === 'marker' ? event.label : event.data;
  return `[${event.time.toFixed(6)}, "${codeOf[event.type]}", ${JSON.stringify(data)}]`;
}

/** Sizes in the header and in resize events are whole, positive numbers of cells. */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
