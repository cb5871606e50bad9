/**
 * The idle timeout of a wait: output restarts it (the same timer, thousands of times in a flood), and once
 * a wait has expired or stopped, later output cannot bring it back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IppsConnectError } from '../../src/errors.js';
import { startDeadline } from '../../src/host/deadline.js';

describe('startDeadline idle timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function idleDeadline(idleTimeoutMs: number) {
    const expired: IppsConnectError[] = [];
    const deadline = startDeadline({
      idleTimeoutMs,
      onExpire: (error) => expired.push(error),
      tail: () => [],
      what: 'the flood',
    });
    return { deadline, expired };
  }

  it('expires only after a full idle period without output', () => {
    const { deadline, expired } = idleDeadline(100);
    for (let step = 0; step < 50; step++) {
      vi.advanceTimersByTime(60);
      deadline.activity();
    }
    // 3 s of output every 60 ms: never 100 ms of silence.
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ code: 'TIMEOUT', message: 'No output or progress from the flood for 100 ms.' });
  });

  it('stays expired: output after the timeout neither restarts it nor reports twice', () => {
    const { deadline, expired } = idleDeadline(100);
    vi.advanceTimersByTime(100);
    deadline.activity();
    vi.advanceTimersByTime(500);
    expect(expired).toHaveLength(1);
  });

  it('a stopped wait never expires, whatever output follows', () => {
    const { deadline, expired } = idleDeadline(100);
    deadline.activity();
    deadline.stop();
    deadline.activity();
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
  });
});
