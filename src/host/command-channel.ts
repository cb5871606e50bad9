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
  /**
   * The `count` lines request `id` sent back (bootstrap.ps1 `__ippsReply`, in order, without the id), once
   * all have come; its done marker says how many. Lines of earlier requests still held are dropped.
   */
  replies(id: number, count: number): Promise<string[]>;
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

/** An empty line: wakes the loop's blocking read, so that it notices a Ctrl+C (bootstrap.ps1). */
export const wakeLine = '\n';

/** A request that ends the loop and leaves PowerShell at its interactive prompt. */
export function encodeLeaveRequest(id: number): string {
  return `${id} leave\n`;
}

export async function openCommandChannel(listenPath: string, nonce: string): Promise<CommandChannel> {
  let client: Socket | undefined;
  const received = createReplyBox();
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
      socket.on('data', (data: Buffer) => received.push(data));
      received.push(Buffer.from(hello.slice(end + 1), 'utf8'));
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
    replies(id, count) {
      return received.take(id, count);
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

/** How long the lines a done marker announced may take to arrive: they were flushed before it was written. */
export const replyGraceMs = 10_000;

/**
 * Lines from PowerShell (`<id> <text>`), held by request id until taken. The done marker comes on the
 * console, the lines on the channel: two streams, so the marker may be read first, and `take` waits.
 */
function createReplyBox(): { push(data: Buffer): void; take(id: number, count: number): Promise<string[]> } {
  const byRequest = new Map<number, string[]>();
  // Bytes, not text, until a line ends: a character's UTF-8 bytes may be split across two reads.
  let partial: Buffer[] = [];
  let waiter: { id: number; count: number; resolve: (lines: string[]) => void } | undefined;
  const settleWaiter = (): void => {
    if (!waiter) return;
    const lines = byRequest.get(waiter.id) ?? [];
    if (lines.length < waiter.count) return;
    byRequest.delete(waiter.id);
    const { resolve } = waiter;
    waiter = undefined;
    resolve(lines);
  };
  const addLine = (line: string): void => {
    const space = line.indexOf(' ');
    const id = Number(line.slice(0, space));
    if (space < 1 || !Number.isSafeInteger(id)) return;
    const lines = byRequest.get(id) ?? [];
    lines.push(line.slice(space + 1));
    byRequest.set(id, lines);
  };
  return {
    push(data) {
      let from = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, from)) {
        addLine(Buffer.concat([...partial, data.subarray(from, end)]).toString('utf8'));
        partial = [];
        from = end + 1;
      }
      if (from < data.length) partial.push(data.subarray(from));
      settleWaiter();
    },
    take(id, count) {
      for (const held of byRequest.keys()) if (held < id) byRequest.delete(held);
      if (count === 0) {
        byRequest.delete(id);
        return Promise.resolve([]);
      }
      return new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(
            new IppsConnectError(
              `PowerShell announced ${count} result line(s) for request ${id} on the command channel; ` +
                `${byRequest.get(id)?.length ?? 0} came within ${replyGraceMs / 1000} s.`,
              { code: 'INTERNAL', fix: 'Run again; if it keeps happening, report it with the log.', retryable: true },
            ),
          );
        }, replyGraceMs);
        waiter = {
          id,
          count,
          resolve: (lines) => {
            clearTimeout(timer);
            resolve(lines);
          },
        };
        settleWaiter();
      });
    },
  };
}
