import { describe, expect, it } from 'vitest';
import { IppsConnectError } from '../../src/errors.js';
import { backoffDelay, type RetryPolicy, withRetries } from '../../src/job/retry.js';

const policy: RetryPolicy = { attempts: 4, initialDelayMs: 1_000, maxDelayMs: 3_000, maxTotalMs: 60_000 };
const retryable = () => new IppsConnectError('limit', { code: 'CONNECTION_LIMIT', fix: 'wait', retryable: true });

describe('backoffDelay', () => {
  it('doubles, caps, and jitters within the upper half of each step', () => {
    expect(backoffDelay(policy, 2, () => 0)).toBe(500);
    expect(backoffDelay(policy, 2, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(2_000);
    expect(backoffDelay(policy, 4, () => 1)).toBe(3_000);
    expect(backoffDelay(policy, 9, () => 1)).toBe(3_000);
  });
});

describe('withRetries', () => {
  it('retries a retryable error and returns the later success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      policy,
      async () => {
        calls++;
        if (calls < 3) throw retryable();
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('gives up after the attempt count and throws the last error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        policy,
        async () => {
          calls++;
          throw retryable();
        },
        { sleep: async () => {} },
      ),
    ).rejects.toMatchObject({ code: 'CONNECTION_LIMIT' });
    expect(calls).toBe(4);
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    await expect(
      withRetries(
        policy,
        async () => {
          calls++;
          throw new IppsConnectError('mfa', { code: 'MFA_REQUIRED', fix: 'x' });
        },
        { sleep: async () => {} },
      ),
    ).rejects.toMatchObject({ code: 'MFA_REQUIRED' });
    expect(calls).toBe(1);
  });

  it('stops when the next wait would pass the total time', async () => {
    let clock = 0;
    let calls = 0;
    await expect(
      withRetries(
        { ...policy, maxTotalMs: 2_500 },
        async () => {
          calls++;
          throw retryable();
        },
        {
          now: () => clock,
          sleep: async (ms) => {
            clock += ms;
          },
          random: () => 1,
        },
      ),
    ).rejects.toMatchObject({ code: 'CONNECTION_LIMIT' });
    expect(calls).toBe(2);
  });
});
