/**
 * Plays a recording's output back with its original timing, scaled and with long idle gaps shortened (like
 * `asciinema play --speed --idle-time-limit`). The timing is the pure `delayBefore`; `replay` only waits and
 * writes.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { AsciicastEvent } from './asciicast.js';
import { messages, RecordError } from './errors.js';

export interface ReplayTiming {
  /** How many times faster than recorded (default 1). `Infinity` or `0` means no waits at all. */
  speed?: number;
  /** Longest gap, in recorded seconds, between two outputs; longer pauses are cut to it. */
  maxIdle?: number;
}

export interface ReplayOptions extends ReplayTiming {
  write: (data: string) => void;
  /** Waits `ms` milliseconds, rejecting if `signal` aborts; injectable for tests (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops the replay; `replay` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Milliseconds to wait before an output recorded `gap` seconds after the previous one (or the start). */
export function delayBefore(gap: number, { speed = 1, maxIdle }: ReplayTiming): number {
  if (speed === 0 || speed === Number.POSITIVE_INFINITY) return 0;
  const shortened = maxIdle === undefined ? gap : Math.min(gap, maxIdle);
  // A recording's clock never runs backwards, but a hand-edited file might: play such events at once.
  return (Math.max(0, shortened) * 1000) / speed;
}

/** Writes each output event's data after its (scaled, shortened) delay. Other events are not played. */
export async function replay(
  events: Iterable<AsciicastEvent> | AsyncIterable<AsciicastEvent>,
  options: ReplayOptions,
): Promise<void> {
  checkTiming(options);
  const { write, signal, sleep = defaultSleep } = options;
  let previousTime = 0;
  for await (const event of events) {
    signal?.throwIfAborted();
    if (event.type !== 'output') continue;
    const delay = delayBefore(event.time - previousTime, options);
    previousTime = event.time;
    if (delay > 0) await sleep(delay, signal).catch((error) => rethrowAbortReason(error, signal));
    signal?.throwIfAborted();
    write(event.data);
  }
}

/** Timers reject with their own AbortError; callers match on the reason they gave `abort()`. */
function rethrowAbortReason(error: unknown, signal: AbortSignal | undefined): never {
  signal?.throwIfAborted();
  throw error;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal });

function checkTiming({ speed = 1, maxIdle }: ReplayTiming): void {
  if (!(speed >= 0)) throw new RecordError('INVALID_ARGUMENT', messages.replaySpeed(speed));
  if (maxIdle !== undefined && !(maxIdle > 0)) throw new RecordError('INVALID_ARGUMENT', messages.maxIdle(maxIdle));
}
