import pty from 'node-pty';
import type { Platform } from '../platform/index.js';
import { killWaitMs } from './timeouts.js';

export interface PtyProcessOptions {
  executable: string;
  args: string[];
  platform: Platform;
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

/**
 * The pseudo-terminal and the process in it, as node-pty gives them, plus what node-pty leaves to its
 * user: a single exit promise, writes that stop once the process is gone, flow control for a consumer
 * that falls behind, and the end of the whole process tree.
 */
export class PtyProcess {
  readonly #pty: pty.IPty;
  readonly #platform: Platform;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  #hasExited = false;
  #paused = false;

  constructor(options: PtyProcessOptions, onData: (data: string) => void) {
    this.#platform = options.platform;
    this.#pty = pty.spawn(options.executable, options.args, {
      ...options.platform.spawnOptions(options.cols, options.rows),
      cwd: options.cwd,
      env: options.env,
    });
    this.#pty.onData(onData);
    this.exited = new Promise((resolve) => {
      this.#pty.onExit((exit) => {
        this.#hasExited = true;
        resolve(exit);
      });
    });
  }

  get pid(): number {
    return this.#pty.pid;
  }

  get hasExited(): boolean {
    return this.#hasExited;
  }

  write(data: string): void {
    if (!this.#hasExited) this.#pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.#hasExited) this.#pty.resize(cols, rows);
  }

  /**
   * Stops reading while the consumer catches up: the kernel's buffer fills and PowerShell waits on its
   * writes, so a flood never piles up in memory.
   */
  pause(): void {
    if (this.#paused || this.#hasExited) return;
    this.#paused = true;
    this.#pty.pause();
  }

  resume(): void {
    if (!this.#paused || this.#hasExited) return;
    this.#paused = false;
    this.#pty.resume();
  }

  /** Ends PowerShell and everything it started, and waits (bounded) for the process to go. */
  async killTree(): Promise<void> {
    if (this.#hasExited) return;
    await this.#platform.killTree(this.#pty.pid);
    await Promise.race([this.exited, delay(killWaitMs)]);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
