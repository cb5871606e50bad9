import { describe, expect, it } from 'vitest';
import { connect, runSession } from '../../src/api.js';
import { IppsConnectError } from '../../src/errors.js';

// Options whose every property read throws: no check of ours expects that, so whatever breaks is unexpected.
const hostile = () =>
  new Proxy(
    {},
    {
      get() {
        throw new TypeError('boom from a getter');
      },
      ownKeys() {
        throw new TypeError('boom from ownKeys');
      },
    },
  );

describe('the library boundary', () => {
  it.each([
    ['runSession', () => runSession(hostile() as never)],
    ['connect', () => connect(hostile() as never)],
  ])('%s: an unexpected failure reaches the caller as an IppsConnectError with a code and a fix', async (_, call) => {
    const failure = await call().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(IppsConnectError);
    expect(failure).toMatchObject({ code: expect.any(String), fix: expect.any(String), retryable: false });
  });
});
