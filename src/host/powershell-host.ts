import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IppsConnectError } from '../errors.js';
import type { Platform } from '../platform/index.js';
import { quotePowerShell } from '../powershell/quote.js';
import { scriptPath } from '../powershell/scripts.js';
import { attachTerminal, type PersonTerminal } from './attach.js';
import {
  type CommandChannel,
  encodeLeaveRequest,
  encodeRunRequest,
  openCommandChannel,
  wakeLine,
} from './command-channel.js';
import { startDeadline } from './deadline.js';
import { forgetLiveProcess, trackLiveProcess } from './live-processes.js';
import { createMarkerScanner, type Marker } from './markers.js';
import { createLineCollector, type LineCollector } from './output-lines.js';
import { delay, PtyProcess } from './pty-process.js';
import { type CommandResult, Request, type RunOptions } from './request.js';
import { readResult } from './result.js';
import { ScreenFeed } from './screen-feed.js';
import { defaultStartTimeoutMs, gracefulExitMs, quietPromptCheckMs, wakeEveryMs } from './timeouts.js';

export type { CommandResult, RunOptions } from './request.js';

export interface PowerShellHostOptions {
  /** Path or name of pwsh / powershell.exe. */
  executable: string;
  platform: Platform;
  /** Adds -NonInteractive: any prompt fails at once instead of waiting for a person. */
  unattended: boolean;
  cwd?: string;
  /** Environment to start from (default: this process's). Undefined values are dropped. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Variables added for PowerShell, e.g. PSModulePath. */
  extraEnv?: Readonly<Record<string, string>>;
  /** A wide terminal keeps PowerShell from wrapping tables. */
  cols?: number;
  rows?: number;
  startTimeoutMs?: number;
  /** Everything PowerShell wrote, raw, for recordings. */
  onOutput?: (data: string) => void;
  /** Everything typed into PowerShell (answers, a person's keys), for recordings. */
  onInput?: (data: string) => void;
  signal?: AbortSignal;
}

/** A wide terminal: PowerShell formats tables to the width. */
export const defaultHostSize = { cols: 160, rows: 50 } as const;
/** Typed at a person's prompt after a hand-over, to take the session back into the request loop. */
const reenterLoop = '. __ippsLoop\r';

/** Where PowerShell is: reading requests (`loop`), at its own prompt, or handed to a person. */
type Mode = 'starting' | 'loop' | 'prompt' | 'attached';

/**
 * PowerShell in a pseudo-terminal, driven through a command channel. The pieces: the pty process
 * (pty-process.ts), the channel requests go on (command-channel.ts), the markers that end them on the
 * console (markers.ts), a request's deadline and lines (request.ts), and the screen kept for terminal
 * queries and the row under the cursor (screen.ts). See docs/architecture.md for one request's lifecycle.
 */
export class PowerShellHost {
  readonly #pty: PtyProcess;
  readonly #screenFeed: ScreenFeed;
  readonly #channel: CommandChannel;
  readonly #workDir: string;
  readonly #options: PowerShellHostOptions;
  readonly #scanner;
  readonly #lines: LineCollector;
  readonly #exited: Promise<{ exitCode: number; signal?: number }>;
  #mode: Mode = 'starting';
  #pending: Request | undefined;
  /** A request was sent and its done marker has not come (even if its run() already timed out). */
  #busy = false;
  #closed = false;
  /** A leave request was sent: the next prompt is PowerShell's real one, for a person. */
  #leaving = false;
  #nextId = 1;
  #recentLines: string[] = [];
  #modeWaiters: Array<{ mode: Mode; wake(): void }> = [];
  #quietTimer: NodeJS.Timeout | undefined;
  /** The request #quietTimer watches. */
  #quietRequest: Request | undefined;
  /** While a person has the terminal (`attach`), raw output goes to them as well. */
  #passthrough: ((data: string) => void) | undefined;

  private constructor(
    options: PowerShellHostOptions,
    workDir: string,
    channel: { channel: CommandChannel; connect: string },
    nonce: string,
  ) {
    this.#options = options;
    this.#workDir = workDir;
    this.#channel = channel.channel;
    this.#scanner = createMarkerScanner(nonce);
    this.#lines = createLineCollector((line, truncated) => this.#onLine(line, truncated));
    const cols = options.cols ?? defaultHostSize.cols;
    const rows = options.rows ?? defaultHostSize.rows;
    // The emulator (@xterm/headless, a large module) loads while PowerShell starts, not before it: its first
    // terminal query comes hundreds of milliseconds after the spawn, and until then output waits in the feed.
    const screen = import('./screen.js').then(
      ({ Screen }) => new Screen(cols, rows, (reply) => this.#ptyWrite(reply, false)),
    );
    this.#screenFeed = new ScreenFeed(screen, {
      pause: () => this.#pty.pause(),
      resume: () => this.#pty.resume(),
    });
    // No -NoExit: the loop runs at a nested prompt the bootstrap enters, and PowerShell does not import
    // PSReadLine at start (bootstrap.ps1 says why).
    const args = ['-NoLogo', '-NoProfile', ...(options.unattended ? ['-NonInteractive'] : [])];
    args.push('-Command', `. ${quotePowerShell(scriptPath('bootstrap.ps1'))}`);
    const env = options.platform.ptyEnvironment(options.env ?? process.env, {
      ...options.extraEnv,
      IPPSCONNECT_NONCE: nonce,
      IPPSCONNECT_CHANNEL: channel.connect,
    });
    this.#pty = new PtyProcess(
      {
        executable: options.executable,
        args,
        platform: options.platform,
        cols,
        rows,
        cwd: options.cwd ?? process.cwd(),
        env,
      },
      (data) => this.#onData(data),
    );
    trackLiveProcess({ pid: this.#pty.pid, workDir, platform: options.platform });
    this.#exited = this.#pty.exited.then((exit) => {
      this.#lines.flush();
      this.#pending?.fail(
        new IppsConnectError(`PowerShell exited (code ${exit.exitCode}) before the command finished.`, {
          code: 'POWERSHELL_EXITED',
          fix: 'See the transcript tail for what PowerShell printed last; if it was killed from outside, run again.',
          retryable: true,
          transcriptTail: this.transcriptTail(),
        }),
      );
      return exit;
    });
  }

  /** Starts PowerShell and waits until its request loop is connected and ready. */
  static async start(options: PowerShellHostOptions): Promise<PowerShellHost> {
    const workDir = await mkdtemp(join(tmpdir(), 'ippsconnect-'));
    const nonce = randomBytes(12).toString('hex');
    const address = options.platform.commandChannelAddress(workDir, randomBytes(16).toString('hex'));
    let channel: CommandChannel | undefined;
    let host: PowerShellHost;
    try {
      channel = await openCommandChannel(address.listen, nonce);
      host = new PowerShellHost(options, workDir, { channel, connect: address.connect }, nonce);
    } catch (error) {
      await channel?.dispose();
      await rm(workDir, { recursive: true, force: true });
      if (error instanceof IppsConnectError) throw error;
      throw new IppsConnectError(`Could not start PowerShell (${options.executable}): ${String(error)}`, {
        code: 'POWERSHELL_NOT_FOUND',
        fix: 'Install PowerShell 7 (pwsh), or point --pwsh / IPPSCONNECT_PWSH at it.',
        cause: error,
      });
    }
    try {
      await host.#waitUntil(
        Promise.all([host.#reach('loop'), channel.connected]).then(() => {}),
        options.startTimeoutMs ?? defaultStartTimeoutMs,
        options.signal,
        'PowerShell to start',
      );
    } catch (error) {
      await host.kill();
      throw error;
    }
    return host;
  }

  get pid(): number {
    return this.#pty.pid;
  }

  /** A folder only this session uses (mode 0700 from mkdtemp), removed on close. */
  get workDir(): string {
    return this.#workDir;
  }

  get exited(): Promise<{ exitCode: number; signal?: number }> {
    return this.#exited;
  }

  /** Whether PowerShell is still running a command (for instance one whose run() timed out). */
  get busy(): boolean {
    return this.#busy;
  }

  /** The last lines PowerShell printed, for error context. */
  transcriptTail(count = 20): string[] {
    return this.#recentLines.slice(-count);
  }

  /**
   * Runs PowerShell code of any length and content in the global scope and resolves when it is done.
   * The state is claimed before anything is awaited, so a second concurrent call fails at once.
   */
  run(code: string, options: RunOptions = {}): Promise<CommandResult> {
    try {
      return this.#send(code, options).finished;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs a pipeline and returns what it outputs as parsed JSON. `__ippsResult` sends it back on the
   * command channel, so the result never shows and never depends on the console's width or code page.
   */
  async evaluate<T = unknown>(
    pipeline: string,
    options: RunOptions & { depth?: number } = {},
  ): Promise<{ value: T[]; result: CommandResult }> {
    const depth = options.depth === undefined ? '' : ` -Depth ${Math.trunc(options.depth)}`;
    const { request, finished } = this.#send(`${pipeline} | __ippsResult${depth}`, options);
    const result = await finished;
    const lines = await this.#channel.replies(result.id, request.replies);
    return { value: readResult<T>(lines, () => this.transcriptTail()), result };
  }

  /** Claims the state and sends one request; `finished` settles with its done marker (or its failure). */
  #send(code: string, options: RunOptions): { request: Request; finished: Promise<CommandResult> } {
    this.#claim();
    const request = new Request(this.#nextId++, options, () => this.transcriptTail());
    this.#pending = request;
    try {
      this.#channel.send(encodeRunRequest(request.id, code));
    } catch (error) {
      request.fail(error);
    }
    const finished = request.done.finally(() => {
      if (this.#pending === request) this.#pending = undefined;
      clearTimeout(this.#quietTimer);
      this.#quietTimer = undefined;
    });
    return { request, finished };
  }

  /**
   * Sends Ctrl+C, which stops the running request (and the loop around it), and waits until the loop is
   * back. Resolves false when that did not happen in time (the caller then kills the tree).
   */
  async interrupt(timeoutMs: number): Promise<boolean> {
    if (this.#pty.hasExited) return false;
    if (!this.#busy) return true;
    if (!this.#leaving) {
      // The nested prompt shows (markers D and A) and its line reader goes straight back to the loop (R).
      const inLoop = this.#reach('loop');
      this.#ptyWrite('\x03', true);
      // The request may have just ended, leaving the loop blocked in its read, where Ctrl+C takes effect
      // only once the read returns: empty lines wake it until it is back (the signal may come after the first).
      const wake = () => {
        try {
          this.#channel.send(wakeLine);
        } catch {
          // The channel is gone: PowerShell exited, which #within sees.
        }
      };
      wake();
      const waking = setInterval(wake, wakeEveryMs);
      const back = this.#within(inLoop, timeoutMs);
      void back.finally(() => clearInterval(waking));
      return back;
    }
    // After a hand-over the prompt is a person's (PSReadLine reads its lines): the loop is typed there.
    const until = Date.now() + timeoutMs;
    const atPrompt = this.#reach('prompt');
    this.#ptyWrite('\x03', true);
    if (!(await this.#within(atPrompt, timeoutMs))) return false;
    const inLoop = this.#reach('loop');
    this.#ptyWrite(reenterLoop, true);
    return this.#within(inLoop, Math.max(0, until - Date.now()));
  }

  /** Ends the request loop: PowerShell shows its own prompt (with the markers), ready for a person. */
  async leaveLoop(timeoutMs: number): Promise<void> {
    this.#claim();
    this.#leaving = true;
    const atPrompt = this.#reach('prompt');
    this.#channel.send(encodeLeaveRequest(this.#nextId++));
    await this.#waitUntil(atPrompt, timeoutMs, undefined, 'the PowerShell prompt');
  }

  /**
   * Hands the terminal to a person until PowerShell exits (src/host/attach.ts); throws CANCELLED when
   * `signal` aborts or the terminal goes away. Their keystrokes are not recorded: one may be a password.
   */
  async attach(terminal: PersonTerminal, signal?: AbortSignal): Promise<number> {
    this.#mode = 'attached';
    try {
      return await attachTerminal(
        terminal,
        {
          write: (data) => this.#ptyWrite(data, false),
          resize: (cols, rows) => this.resize(cols, rows),
          showOutput: (sink) => {
            this.#passthrough = sink;
            this.#screenFeed.answersQueries = sink === undefined;
          },
          exited: this.#exited,
        },
        signal,
      );
    } finally {
      // The person may have left a half-typed line or a running command at the prompt: Ctrl+C before
      // anything else (interrupt), which also takes PowerShell back to the request loop.
      if (!this.#pty.hasExited) {
        this.#mode = 'prompt';
        this.#busy = true;
      }
    }
  }

  /** Types a person's answer to a prompt and Enter. A secret answer is not passed to `onInput`. */
  answer(text: string, { secret }: { secret: boolean }): void {
    this.#ptyWrite(`${text}\r`, !secret);
  }

  /** Writes raw input (a person's keystrokes when the session is handed over). */
  write(data: string): void {
    this.#ptyWrite(data, true);
  }

  resize(cols: number, rows: number): void {
    if (this.#pty.hasExited || !(cols > 0 && rows > 0)) return;
    this.#pty.resize(cols, rows);
    this.#screenFeed.resize(cols, rows);
  }

  /** Asks PowerShell to exit, then ends the process tree if it has not gone within a grace period. */
  async close(): Promise<void> {
    if (this.#closed) return this.#cleanup();
    this.#closed = true;
    if (!this.#pty.hasExited && !this.#busy && (this.#mode === 'loop' || this.#mode === 'prompt')) {
      // In the loop, end-of-channel makes it exit; at the prompt, `exit` does.
      if (this.#mode === 'loop') this.#channel.end();
      else this.#ptyWrite('exit\r', true);
      if (!(await this.#within(this.#exited, gracefulExitMs))) await this.#pty.killTree();
    } else {
      await this.#pty.killTree();
    }
    await this.#cleanup();
  }

  /** Ends PowerShell and everything it started, at once. */
  async kill(): Promise<void> {
    this.#closed = true;
    await this.#pty.killTree();
    await this.#cleanup();
  }

  /** Takes the request slot, synchronously: throws when another request runs or PowerShell cannot take one. */
  #claim(): void {
    if (this.#pty.hasExited || this.#closed) {
      throw new IppsConnectError('PowerShell is no longer running.', {
        code: 'POWERSHELL_EXITED',
        fix: 'Start a new session.',
        transcriptTail: this.transcriptTail(),
      });
    }
    if (this.#busy) {
      throw new IppsConnectError('A command is still running in this session.', {
        code: 'INVALID_INPUT',
        fix: 'Wait for the previous run() to finish (await it) before starting another; one session runs one command at a time.',
      });
    }
    if (this.#mode !== 'loop') {
      throw new IppsConnectError(`PowerShell is not taking requests (${this.#mode}).`, {
        code: 'INTERNAL',
        fix: 'Start a new session; a session handed to a person takes no more commands.',
      });
    }
    this.#busy = true;
  }

  async #cleanup(): Promise<void> {
    clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    await this.#screenFeed.close();
    await this.#channel.dispose();
    await rm(this.#workDir, { recursive: true, force: true });
    forgetLiveProcess(this.#pty.pid);
  }

  #ptyWrite(data: string, record: boolean): void {
    if (this.#pty.hasExited) return;
    if (record) this.#options.onInput?.(data);
    this.#pty.write(data);
  }

  #onData(data: string): void {
    this.#options.onOutput?.(data);
    this.#passthrough?.(data);
    this.#pending?.activity();
    this.#screenFeed.feed(data);
    for (const piece of this.#scanner.push(data)) {
      if ('marker' in piece) this.#onMarker(piece.marker);
      else {
        this.#lines.push(piece.text);
        if (this.#pending?.started) this.#pending.options.onOutput?.(piece.text);
      }
    }
    this.#armQuietCheck();
  }

  #onLine(line: string, truncated: boolean): void {
    this.#recentLines.push(line);
    if (this.#recentLines.length > 200) this.#recentLines.splice(0, this.#recentLines.length - 100);
    if (this.#pending?.started) this.#pending.addLine(line, truncated);
  }

  #onMarker(marker: Marker): void {
    const pending = this.#pending;
    switch (marker.kind) {
      case 'loop-ready':
        this.#enter('loop');
        return;
      case 'prompt-start':
        // After a leave request the prompt is the person's. Any other prompt is the loop's nested prompt
        // after Ctrl+C or an `exit`: its line reader goes straight back to the loop (bootstrap.ps1), so it is
        // a moment, not a mode, and a request sent meanwhile waits on the channel.
        if (this.#mode === 'attached' || !this.#leaving) return;
        this.#busy = false;
        this.#enter('prompt');
        return;
      case 'command-start':
        // Lines before the start belong to no request.
        this.#lines.flush();
        if (pending && marker.id === pending.id) pending.started = true;
        return;
      case 'command-done':
        this.#lines.flush();
        // The prompt repeats the last request's done marker; when another request is pending by then, that
        // one is still on the channel and has its own marker to come.
        if (pending && marker.id !== pending.id) return;
        this.#busy = false;
        pending?.finish(marker);
        return;
    }
  }

  #enter(mode: Mode): void {
    this.#mode = mode;
    const waiting = this.#modeWaiters;
    this.#modeWaiters = waiting.filter((waiter) => waiter.mode !== mode);
    for (const waiter of waiting) if (waiter.mode === mode) waiter.wake();
  }

  /** Resolves when PowerShell next reaches `mode`. */
  #reach(mode: Mode): Promise<void> {
    return new Promise((resolve) => this.#modeWaiters.push({ mode, wake: resolve }));
  }

  /** Whether `event` happened within `ms` (false also when PowerShell exited first). */
  #within(event: Promise<unknown>, ms: number): Promise<boolean> {
    return Promise.race([event.then(() => true), this.#exited.then(() => false), delay(ms).then(() => false)]);
  }

  /** Waits for `event` under a deadline: TIMEOUT, CANCELLED or POWERSHELL_EXITED otherwise. */
  #waitUntil(event: Promise<void>, timeoutMs: number, signal: AbortSignal | undefined, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const deadline = startDeadline({ timeoutMs, signal, onExpire: reject, tail: () => this.transcriptTail(), what });
      const settle = (fn: () => void) => () => {
        deadline.stop();
        fn();
      };
      void event.then(settle(resolve));
      void this.#exited.then((exit) =>
        settle(() =>
          reject(
            new IppsConnectError(`PowerShell exited (code ${exit.exitCode}) while waiting for ${what}.`, {
              code: 'POWERSHELL_EXITED',
              fix: 'See the transcript tail for what PowerShell printed last.',
              retryable: true,
              transcriptTail: this.transcriptTail(),
            }),
          ),
        )(),
      );
    });
  }

  #armQuietCheck(): void {
    const pending = this.#pending;
    // Output comes a few KiB at a time, thousands of times in a flood: the same request's timer restarts.
    if (this.#quietTimer && this.#quietRequest === pending) {
      this.#quietTimer.refresh();
      return;
    }
    clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    this.#quietRequest = pending;
    if (!pending?.options.onQuiet) return;
    this.#quietTimer = setTimeout(() => {
      void this.#screenFeed.applied().then(() => {
        const line = this.#screenFeed.currentLine();
        if (this.#pending === pending && pending.started && line.trim()) pending.options.onQuiet?.(line);
      });
    }, quietPromptCheckMs);
    this.#quietTimer.unref();
  }
}
