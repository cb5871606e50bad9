import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { IppsConnectError } from '../errors.js';

/**
 * The private channel requests travel on: ippsconnect listens (a Unix socket in the session's 0700 folder,
 * or a named pipe on Windows, see Platform.commandChannelAddress), PowerShell's bootstrap connects with
 * NamedPipeClientStream and reads one request per line. The first line a client sends must be the session's
 * nonce (it reaches PowerShell only through its environment); any other client is dropped, so a local user
 * who can open the pipe still cannot read or inject requests.
 */
export interface CommandChannel {
  /** Resolves once PowerShell has connected and proved the nonce. */
  readonly connected: Promise<void>;
  /** Sends one framed request line (see encodeRunRequest). */
  send(line: string): void;
  /** Ends the channel: the loop reads end-of-stream and PowerShell exits. */
  end(): void;
  /** Frees the socket and its file (after PowerShell is gone). */
  dispose(): Promise<void>;
}

/** The longest hello a client may send before it is dropped. */
const maxHelloBytes = 256;

/** A request to run code: `<id> run <base64 of UTF-8>`; base64 carries any length and any character. */
export function encodeRunRequest(id: number, code: string): string {
  return `${id} run ${Buffer.from(code, 'utf8').toString('base64')}\n`;
}

/** A request that ends the loop and leaves PowerShell at its interactive prompt. */
export function encodeLeaveRequest(id: number): string {
  return `${id} leave\n`;
}

export async function openCommandChannel(listenPath: string, nonce: string): Promise<CommandChannel> {
  let client: Socket | undefined;
  let markConnected!: () => void;
  const connected = new Promise<void>((resolve) => {
    markConnected = resolve;
  });
  const server: Server = createServer((socket) => {
    if (client) {
      socket.destroy();
      return;
    }
    let hello = '';
    const onData = (data: Buffer) => {
      hello += data.toString('utf8');
      const end = hello.indexOf('\n');
      if (end === -1 && hello.length < maxHelloBytes) return;
      socket.off('data', onData);
      if (client || hello.slice(0, end).trim() !== nonce) {
        socket.destroy();
        return;
      }
      client = socket;
      // Nothing more should come from PowerShell; drain so the socket never stalls.
      socket.on('data', () => {});
      markConnected();
      // Only one client ever: stop accepting.
      server.close();
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPath, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw new IppsConnectError(`Could not open the command channel ${listenPath}: ${String(error)}`, {
      code: 'INTERNAL',
      fix: 'Check that the temporary folder is writable (TMPDIR / TEMP), then run again.',
      cause: error,
    });
  });
  server.on('error', () => {});
  return {
    connected,
    send(line) {
      if (!client || client.destroyed) {
        throw new IppsConnectError('The command channel to PowerShell is closed.', {
          code: 'POWERSHELL_EXITED',
          fix: 'Start a new session.',
          retryable: true,
        });
      }
      client.write(line);
    },
    end() {
      server.close();
      client?.end();
    },
    async dispose() {
      server.close();
      client?.destroy();
      // A Unix socket leaves a file behind; the session folder is removed anyway, but not a named pipe's.
      if (!listenPath.startsWith('\\\\')) await rm(listenPath, { force: true });
    },
  };
}
