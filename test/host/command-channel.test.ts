import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeLeaveRequest, encodeRunRequest, openCommandChannel } from '../../src/host/command-channel.js';

describe('encodeRunRequest', () => {
  it('frames code of any length and any character as one line', () => {
    const code = 'a\tb\r\n\x03\x1b[6n\u00e9\u{1F600}' + 'x'.repeat(100_000);
    const line = encodeRunRequest(12, code);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    const [id, kind, body] = line.slice(0, -1).split(' ');
    expect([id, kind]).toEqual(['12', 'run']);
    expect(Buffer.from(body!, 'base64').toString('utf8')).toBe(code);
  });

  it('frames a leave request', () => {
    expect(encodeLeaveRequest(3)).toBe('3 leave\n');
  });
});

describe.skipIf(process.platform === 'win32')('openCommandChannel (a Unix socket here)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const client = (path: string) =>
    new Promise<{ socket: ReturnType<typeof connect>; received: () => string }>((resolve) => {
      let received = '';
      const socket = connect(path, () => resolve({ socket, received: () => received }));
      socket.on('data', (data) => {
        received += data.toString();
      });
      socket.on('error', () => {});
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('sends requests only to the client that said the nonce first; others are dropped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ipps-channel-'));
    const path = join(dir, 'channel.sock');
    const channel = await openCommandChannel(path, 'secret-nonce');
    const intruder = await client(path);
    intruder.socket.write('wrong-nonce\n');
    const powershell = await client(path);
    powershell.socket.write('secret-nonce\n');
    await channel.connected;
    channel.send(encodeRunRequest(1, 'Get-Date'));
    await settle();
    expect(powershell.received()).toBe(encodeRunRequest(1, 'Get-Date'));
    expect(intruder.received()).toBe('');
    expect(intruder.socket.destroyed || intruder.socket.readableEnded).toBe(true);
    powershell.socket.destroy();
    await channel.dispose();
  });

  it('refuses to send before PowerShell connected, with a typed error', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ipps-channel-'));
    const channel = await openCommandChannel(join(dir, 'channel.sock'), 'n');
    expect(() => channel.send('1 leave\n')).toThrow(expect.objectContaining({ code: 'POWERSHELL_EXITED' }));
    await channel.dispose();
  });

  it('gives the lines a request sent back, however they were cut, once the done marker counted them all', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ipps-channel-'));
    const path = join(dir, 'channel.sock');
    const channel = await openCommandChannel(path, 'n');
    const powershell = await client(path);
    // The hello and a line of an earlier request (its caller gave up on it) in one write.
    powershell.socket.write('n\n3 result [1]\n');
    await channel.connected;
    // The marker said request 4 sent two lines; they come after it is asked for, cut inside a character.
    const taken = channel.replies(4, 2);
    const bytes = Buffer.from('4 result ["\u00e9\u{1F600}"]\n4 note two\n', 'utf8');
    for (const cut of [11, 12, 13, 14]) {
      powershell.socket.write(bytes.subarray(cut - (cut === 11 ? 11 : 1), cut));
      await settle();
    }
    powershell.socket.write(bytes.subarray(14));
    expect(await taken).toEqual(['result ["\u00e9\u{1F600}"]', 'note two']);
    // A request that sent none gets none, at once.
    expect(await channel.replies(5, 0)).toEqual([]);
    powershell.socket.destroy();
    await channel.dispose();
  });
});
