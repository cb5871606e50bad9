import { describe, expect, it } from 'vitest';
import type { AsciicastEvent } from '../../src/record/asciicast.js';
import { delayBefore, type ReplayOptions, replay } from '../../src/record/replay.js';

const events: AsciicastEvent[] = [
  { type: 'output', time: 0.5, data: 'a' },
  { type: 'input', time: 0.7, data: 'typed' },
  { type: 'output', time: 1.5, data: 'b' },
  { type: 'marker', time: 2, label: 'm' },
  { type: 'resize', time: 3, cols: 100, rows: 30 },
  { type: 'output', time: 11.5, data: 'c' },
];

/** Replays with a sleep that records each wait and returns at once; returns what happened, in order. */
async function replayWithFakeSleep(options: Omit<ReplayOptions, 'write' | 'sleep'>, from = events) {
  const log: string[] = [];
  await replay(from, {
    ...options,
    write: (data) => log.push(`write ${data}`),
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
    },
  });
  return log;
}

describe('replay', () => {
  it('waits the recorded gaps between outputs, then writes', async () => {
    expect(await replayWithFakeSleep({ speed: 1 })).toEqual([
      'sleep 500',
      'write a',
      'sleep 1000',
      'write b',
      'sleep 10000',
      'write c',
    ]);
  });

  it('scales waits by speed and cuts idle gaps to maxIdle', async () => {
    expect(await replayWithFakeSleep({ speed: 2, maxIdle: 2 })).toEqual([
      'sleep 250',
      'write a',
      'sleep 500',
      'write b',
      'sleep 1000',
      'write c',
    ]);
  });

  it.each([0, Number.POSITIVE_INFINITY])('does not wait at all at speed %s', async (speed) => {
    expect(await replayWithFakeSleep({ speed })).toEqual(['write a', 'write b', 'write c']);
  });

  it('plays events from an async source, and plays a backwards time at once', async () => {
    async function* source(): AsyncGenerator<AsciicastEvent> {
      yield { type: 'output', time: 2, data: 'x' };
      yield { type: 'output', time: 1, data: 'y' };
    }
    expect(await replayWithFakeSleep({}, [])).toEqual([]);
    const log: string[] = [];
    await replay(source(), { write: (data) => log.push(data), sleep: async (ms) => void log.push(`${ms}`) });
    expect(log).toEqual(['2000', 'x', 'y']);
  });

  it('stops when aborted, rejecting with the reason, with the real timer too', async () => {
    const controller = new AbortController();
    const written: string[] = [];
    const playing = replay(events, { write: (data) => written.push(data), signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(playing).rejects.toThrow('stop');
    expect(written).toEqual([]);
  });

  it('refuses a negative speed or a non-positive maxIdle', async () => {
    await expect(replay(events, { speed: -1, write: () => {} })).rejects.toThrow('speed must be a positive number');
    await expect(replay(events, { maxIdle: 0, write: () => {} })).rejects.toThrow('maxIdle must be a positive');
    expect(delayBefore(3, { speed: 1.5, maxIdle: 1.2 })).toBeCloseTo(800);
  });
});
