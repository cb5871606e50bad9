import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from 'node-pty';
import { IppsConnectError } from '../errors.js';
import type { Platform } from '../platform/index.js';
import { quotePowerShell } from '../powershell/quote.js';
import { scriptPath } from '../powershell/scripts.js';
import { attachTerminal, type PersonTerminal } from './attach.js';
import { type Deadline, startDeadline } from './deadline.js';
import { forgetLiveProcess, trackLiveProcess } from './live-processes.js';
import { type Marker, markerOscIdentifier, parseMarker } from './markers.js';
import { Screen, type ScreenLine, type ScreenProgress, splitAtRedraws } from './screen.js';
import { defaultStartTimeoutMs, gracefulExitMs, killWaitMs, quietPromptCheckMs } from './timeouts.js';

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
  /** A wide terminal keeps PowerShell from wrapping tables and typed lines. */
  cols?: number;
  rows?: number;
  startTimeoutMs?: number;
  /** Keep PSReadLine loaded (for a session a person will take over). */
  keepPSReadLine?: boolean;
  /** Everything PowerShell wrote, raw, for recordings. */
  onOutput?: (data: string) => void;
  /** Everything typed into PowerShell, for recordings. */
  onInput?: (data: string) => void;
  signal?: AbortSignal;
}

export interface RunOptions {
  /**
   * Type the code itself at the prompt when it is one short line. Only for code ippsconnect generated:
   * an incomplete line (`foo {`) would leave PowerShell waiting for continuation lines, while the same
   * code from a script file fails with a parse error. Default: run it from a script file.
   */
  typed?: boolean;
  /** Total time the command may take. */
  timeoutMs?: number;
  /** Time the command may go without any output or progress. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Each finished line the command printed, as the screen shows it. */
  onLine?: (line: string, style: { errorColour: boolean }) => void;
  onProgress?: (progress: ScreenProgress) => void;
  /** The command printed nothing for a while; `line` is the unfinished row under the cursor (a prompt?). */
  onQuiet?: (line: string) => void;
}

export interface CommandResult {
  id: number;
  /** `$?` after the command. */
  success: boolean;
  /** `$LASTEXITCODE` when a native command set it. */
  exitCode?: number;
  /** The lines the command printed (the last 10,000 to 20,000 of a flood; see `droppedLines`). */
  output: string[];
  /** Early lines of a very long output not kept in `output` (they still went to `onLine`). */
  droppedLines?: number;
}

interface PendingCommand {
  id: number;
  started: boolean;
  output: string[];
  options: RunOptions;
  lastProgress: string;
  droppedLines: number;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

/** A wide terminal: PowerShell formats tables to the width, and typed lines must fit on one row. */
export const defaultHostSize = { cols: 160, rows: 50 } as const;
/** Backpressure thresholds, in characters waiting for the emulator. */
const pauseAboveChars = 4 * 1024 * 1024;
const resumeBelowChars = 512 * 1024;
/** A command's output kept for its result: the last lines; all of them still go to `onLine` as they come. */
const keptOutputLines = 10_000;

/** Room left on the typed line for the prompt (`PS> `) and the `__ippsBegin N; ` prefix. */
const typedLineReserve = 32;

/**
 * PowerShell in a pseudo-terminal with shell integration. The one place that owns the pty: it spawns,
 * types, knows when each command ends (OSC 633 markers through the emulator), enforces timeouts and
 * kills the whole process tree.
 */
export class PowerShellHost {
  readonly #pty: pty.IPty;
  readonly #screen: Screen;
  readonly #platform: Platform;
  readonly #nonce: string;
  readonly #workDir: string;
  readonly #options: PowerShellHostOptions;
  readonly #exited: Promise<{ exitCode: number; signal?: number }>;
  #hasExited = false;
  #ready = false;
  #readyWaiter: { resolve(): void; reject(error: unknown): void } | undefined;
  #pending: PendingCommand | undefined;
  #nextId = 1;
  #writes: Promise<void> = Promise.resolve();
  #recentLines: string[] = [];
  #quietTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** A typed command has not given the prompt back yet (even if its run() already timed out). */
  #busy = false;
  #promptWaiters: Array<() => void> = [];
  /** Characters received from the pty and not yet through the emulator. */
  #queued = 0;
  #paused = false;
  /** While a person has the terminal (`attach`), raw output goes to them as well. */
  #passthrough: ((data: string) => void) | undefined;

  private constructor(options: PowerShellHostOptions, workDir: string) {
    this.#options = options;
    this.#platform = options.platform;
    this.#workDir = workDir;
    this.#nonce = randomBytes(12).toString('hex');
    const cols = options.cols ?? defaultHostSize.cols;
    const rows = options.rows ?? defaultHostSize.rows;
    this.#screen = new Screen(cols, rows, (reply) => this.#ptyWrite(reply, false));
    this.#screen.onOsc(markerOscIdentifier, (payload) => this.#onMarker(parseMarker(payload, this.#nonce)));
    const args = ['-NoLogo', '-NoProfile', ...(options.unattended ? ['-NonInteractive'] : []), '-NoExit'];
    args.push('-Command', `. ${quotePowerShell(scriptPath('bootstrap.ps1'))}`);
    const env = this.#platform.ptyEnvironment(options.env ?? process.env, {
      ...options.extraEnv,
      IPPSCONNECT_NONCE: this.#nonce,
      ...(options.keepPSReadLine ? { IPPSCONNECT_KEEP_PSREADLINE: '1' } : {}),
    });
    this.#pty = pty.spawn(options.executable, args, {
      ...this.#platform.spawnOptions(cols, rows),
      cwd: options.cwd ?? process.cwd(),
      env,
    });
    this.#pty.onData((data) => this.#onData(data));
    trackLiveProcess({ pid: this.#pty.pid, workDir, platform: this.#platform });
    this.#exited = new Promise((resolve) => {
      this.#pty.onExit((exit) => {
        this.#hasExited = true;
        // Let the emulator finish what is queued, so the last lines reach the pending command first.
        void this.#writes.then(() => {
          this.#failAll(
            new IppsConnectError(`PowerShell exited (code ${exit.exitCode}) before the command finished.`, {
              code: 'POWERSHELL_EXITED',
              fix: 'See the transcript tail for what PowerShell printed last; if it was killed from outside, run again.',
              retryable: true,
              transcriptTail: this.transcriptTail(),
            }),
          );
          resolve(exit);
        });
      });
    });
  }

  /** Starts PowerShell and waits for the first prompt of the shell integration. */
  static async start(options: PowerShellHostOptions): Promise<PowerShellHost> {
    const workDir = await mkdtemp(join(tmpdir(), 'ippsconnect-'));
    let host: PowerShellHost;
    try {
      host = new PowerShellHost(options, workDir);
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      throw new IppsConnectError(`Could not start PowerShell (${options.executable}): ${String(error)}`, {
        code: 'POWERSHELL_NOT_FOUND',
        fix: 'Install PowerShell 7 (pwsh), or point --pwsh / IPPSCONNECT_PWSH at it.',
        cause: error,
      });
    }
    try {
      await host.#waitForFirstPrompt(options.startTimeoutMs ?? defaultStartTimeoutMs, options.signal);
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

  /** The last lines the screen showed, for error context. */
  transcriptTail(count = 20): string[] {
    return this.#recentLines.slice(-count);
  }

  /**
   * Runs PowerShell code and resolves when its prompt returns. Code goes through a script file in the
   * session's folder and a short dot-sourcing line, because a terminal line editor neither takes
   * kilobytes of input nor redraws lines wider than the terminal; short generated lines may be typed.
   */
  async run(code: string, options: RunOptions = {}): Promise<CommandResult> {
    if (this.#pending || this.#busy) throw new Error('PowerShellHost.run: a command is still running');
    if (this.#hasExited || this.#closed) {
      throw new IppsConnectError('PowerShell is no longer running.', {
        code: 'POWERSHELL_EXITED',
        fix: 'Start a new session.',
        transcriptTail: this.transcriptTail(),
      });
    }
    const id = this.#nextId++;
    const typed = await this.#typedLine(id, code, options.typed ?? false);
    const deadline = startDeadline({
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      signal: options.signal,
      onExpire: (error) => this.#pending?.reject(error),
      tail: () => this.transcriptTail(),
    });
    try {
      return await new Promise<CommandResult>((resolve, reject) => {
        this.#pending = { id, started: false, output: [], options, lastProgress: '', droppedLines: 0, resolve, reject };
        this.#currentDeadline = deadline;
        this.#busy = true;
        this.#type(`${typed}\r`);
      });
    } finally {
      deadline.stop();
      this.#currentDeadline = undefined;
      this.#pending = undefined;
      clearTimeout(this.#quietTimer);
    }
  }

  #currentDeadline: Deadline | undefined;

  /**
   * Runs a pipeline and returns what it outputs as parsed JSON, written to a file by `__ippsResult`,
   * so the result never depends on the console's width or code page.
   */
  async evaluate<T = unknown>(
    pipeline: string,
    options: RunOptions & { depth?: number } = {},
  ): Promise<{ value: T[]; result: CommandResult }> {
    const resultFile = join(this.#workDir, `result-${this.#nextId}.json`);
    const depth = options.depth === undefined ? '' : ` -Depth ${Math.trunc(options.depth)}`;
    const result = await this.run(`${pipeline} | __ippsResult -Path ${quotePowerShell(resultFile)}${depth}`, {
      typed: true,
      ...options,
    });
    return { value: await readResultFile<T>(resultFile), result };
  }

  /** Whether PowerShell is still running a command (for instance one whose run() timed out). */
  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Sends Ctrl+C, which stops the running pipeline, and waits for the prompt to come back.
   * Resolves false when it did not come back in time (the caller then kills the tree).
   */
  async interrupt(timeoutMs: number): Promise<boolean> {
    if (this.#hasExited) return false;
    if (!this.#busy) return true;
    const back = new Promise<boolean>((resolve) => this.#promptWaiters.push(() => resolve(true)));
    this.#ptyWrite('\x03', true);
    return Promise.race([back, this.#exited.then(() => false), delay(timeoutMs, false)]);
  }

  /**
   * Hands the terminal to a person until PowerShell exits (src/host/attach.ts); throws CANCELLED when
   * `signal` aborts or the terminal goes away. Their keystrokes are not recorded: one may be a password.
   */
  async attach(terminal: PersonTerminal, signal?: AbortSignal): Promise<number> {
    try {
      return await attachTerminal(
        terminal,
        {
          write: (data) => this.#ptyWrite(data, false),
          resize: (cols, rows) => this.resize(cols, rows),
          showOutput: (sink) => {
            this.#passthrough = sink;
            this.#screen.answersQueries = sink === undefined;
          },
          exited: this.#exited,
        },
        signal,
      );
    } finally {
      // The person may have left a half-typed line or a running command: Ctrl+C before typing anything.
      if (!this.#hasExited) this.#busy = true;
    }
  }

  /**
   * Types a person's answer to a prompt and Enter. A secret answer is not passed to `onInput`, so it
   * never reaches a recording.
   */
  answer(text: string, { secret }: { secret: boolean }): void {
    this.#ptyWrite(`${text}\r`, !secret);
  }

  /** Writes raw input (a person's keystrokes when the session is handed over). */
  write(data: string): void {
    this.#ptyWrite(data, true);
  }

  resize(cols: number, rows: number): void {
    if (this.#hasExited) return;
    this.#pty.resize(cols, rows);
    this.#screen.resize(cols, rows);
  }

  /** Asks PowerShell to exit, then ends the process tree if it has not gone within a grace period. */
  async close(): Promise<void> {
    if (this.#closed) return this.#cleanup();
    this.#closed = true;
    if (!this.#hasExited && !this.#busy) {
      this.#type('exit\r');
      const exitedInTime = await Promise.race([this.#exited.then(() => true), delay(gracefulExitMs, false)]);
      if (!exitedInTime) await this.#killTree();
    } else if (!this.#hasExited) {
      await this.#killTree();
    }
    await this.#cleanup();
  }

  /** Ends PowerShell and everything it started, at once. */
  async kill(): Promise<void> {
    this.#closed = true;
    await this.#killTree();
    await this.#cleanup();
  }

  async #killTree(): Promise<void> {
    if (this.#hasExited) return;
    await this.#platform.killTree(this.#pty.pid);
    await Promise.race([this.#exited, delay(killWaitMs, undefined)]);
  }

  async #cleanup(): Promise<void> {
    clearTimeout(this.#quietTimer);
    await this.#writes;
    this.#screen.dispose();
    await rm(this.#workDir, { recursive: true, force: true });
    forgetLiveProcess(this.#pty.pid);
  }

  async #typedLine(id: number, code: string, typed: boolean): Promise<string> {
    const begin = `__ippsBegin ${id}; `;
    const fits = !/[\r\n]/.test(code) && code.length <= this.#screen.cols - typedLineReserve;
    if (typed && fits) return `${begin}${code}`;
    const file = join(this.#workDir, `command-${id}.ps1`);
    // UTF-8 with BOM: Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page.
    await writeFile(file, `\uFEFF${code}\n`, { mode: 0o600 });
    return `${begin}. ${quotePowerShell(file)}`;
  }

  #type(text: string): void {
    this.#ptyWrite(text, true);
  }

  #ptyWrite(data: string, record: boolean): void {
    if (this.#hasExited) return;
    if (record) this.#options.onInput?.(data);
    this.#pty.write(data);
  }

  #onData(data: string): void {
    this.#options.onOutput?.(data);
    this.#passthrough?.(data);
    this.#currentDeadline?.activity();
    for (const frame of splitAtRedraws(data)) {
      this.#writes = new Promise((resolve) =>
        this.#screen.write(frame, () => {
          this.#afterWrite(frame.length);
          resolve();
        }),
      );
    }
    this.#queued += data.length;
    // Backpressure: a flood of output must not pile up in memory faster than the emulator reads it.
    // Pausing the pty stops reading, the kernel's buffer fills, and PowerShell waits on its writes.
    if (!this.#paused && this.#queued > pauseAboveChars) {
      this.#paused = true;
      this.#pty.pause();
    }
    this.#armQuietCheck();
  }

  #afterWrite(frameLength: number): void {
    this.#queued -= frameLength;
    if (this.#paused && this.#queued < resumeBelowChars && !this.#hasExited) {
      this.#paused = false;
      this.#pty.resume();
    }
    this.#deliverLines(this.#screen.takeFinishedLines());
    const pending = this.#pending;
    const progress = pending?.started ? this.#screen.progress() : undefined;
    if (pending && progress) {
      const key = JSON.stringify(progress);
      if (key !== pending.lastProgress) {
        pending.lastProgress = key;
        pending.options.onProgress?.(progress);
      }
    }
  }

  #deliverLines(lines: ScreenLine[]): void {
    if (lines.length === 0) return;
    this.#recentLines.push(...lines.map((line) => line.text));
    if (this.#recentLines.length > 200) this.#recentLines.splice(0, this.#recentLines.length - 100);
    const pending = this.#pending;
    if (!pending?.started) return;
    for (const line of lines) {
      pending.output.push(line.text);
      pending.options.onLine?.(line.text, { errorColour: line.errorColour });
    }
    if (pending.output.length > 2 * keptOutputLines) {
      pending.droppedLines += pending.output.length - keptOutputLines;
      pending.output.splice(0, pending.output.length - keptOutputLines);
    }
  }

  #onMarker(marker: Marker | undefined): void {
    if (!marker) return;
    const pending = this.#pending;
    switch (marker.kind) {
      case 'prompt-start':
        this.#screen.takeFinishedLines();
        this.#busy = false;
        for (const wake of this.#promptWaiters.splice(0)) wake();
        if (!this.#ready) {
          this.#ready = true;
          this.#readyWaiter?.resolve();
        }
        return;
      case 'command-start':
        // Lines finished before this marker are the echo of the typed line, not output.
        this.#deliverLines(this.#screen.takeFinishedLines());
        if (pending && marker.id === pending.id) pending.started = true;
        return;
      case 'command-done': {
        if (!pending) return;
        // Without a start marker the typed line itself failed to parse; its error lines are the output.
        if (!pending.started) pending.started = true;
        this.#deliverLines(this.#screen.takeFinishedLines());
        const ranOurs = marker.id === pending.id;
        pending.resolve({
          id: pending.id,
          success: ranOurs && marker.success,
          ...(ranOurs && marker.exitCode !== undefined ? { exitCode: marker.exitCode } : {}),
          output: pending.output,
          ...(pending.droppedLines > 0 ? { droppedLines: pending.droppedLines } : {}),
        });
        return;
      }
    }
  }

  #armQuietCheck(): void {
    clearTimeout(this.#quietTimer);
    const pending = this.#pending;
    if (!pending?.options.onQuiet) return;
    this.#quietTimer = setTimeout(() => {
      void this.#writes.then(() => {
        const line = this.#screen.currentLine();
        if (this.#pending === pending && pending.started && line.trim()) pending.options.onQuiet?.(line);
      });
    }, quietPromptCheckMs);
    this.#quietTimer.unref();
  }

  #waitForFirstPrompt(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const deadline = startDeadline({
        timeoutMs,
        signal,
        onExpire: reject,
        tail: () => this.transcriptTail(),
        what: 'PowerShell to start',
      });
      this.#readyWaiter = {
        resolve: () => {
          deadline.stop();
          resolve();
        },
        reject: (error) => {
          deadline.stop();
          reject(error);
        },
      };
    });
  }

  #failAll(error: IppsConnectError): void {
    this.#readyWaiter?.reject(error);
    this.#pending?.reject(error);
  }
}

/** Reads and removes a JSON result file written by `__ippsResult`; no file (the pipeline failed) is no value. */
async function readResultFile<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  await rm(path, { force: true });
  // Windows PowerShell writes a BOM with some encodings; JSON.parse rejects it.
  const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as T[] | T;
  return Array.isArray(parsed) ? parsed : [parsed];
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}
