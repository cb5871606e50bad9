import { describe, expect, it } from 'vitest';
import { createPosixPlatform } from '../../src/platform/posix.js';
import type { PlatformDeps } from '../../src/platform/types.js';
import { createWindowsPlatform } from '../../src/platform/windows.js';

const deps: PlatformDeps = {
  run: async () => ({ stdout: '', exitCode: 0 }),
  signal: () => {},
};

describe('Platform.commandChannelAddress', () => {
  it('POSIX: a Unix socket inside the private session folder, the same path for Node and .NET', () => {
    const address = createPosixPlatform(deps).commandChannelAddress('/tmp/ippsconnect-Ab12Cd', 'f00d');
    expect(address).toEqual({
      listen: '/tmp/ippsconnect-Ab12Cd/channel.sock',
      connect: '/tmp/ippsconnect-Ab12Cd/channel.sock',
    });
  });

  it('Windows: a named pipe with the random token; .NET gets the bare pipe name', () => {
    const address = createWindowsPlatform(deps).commandChannelAddress(
      'C:\\Users\\ada\\AppData\\Local\\Temp\\x',
      'f00d',
    );
    expect(address).toEqual({ listen: '\\\\.\\pipe\\ippsconnect-f00d', connect: 'ippsconnect-f00d' });
  });
});
