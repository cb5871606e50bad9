import type { IppsConnectError } from '../errors.js';
import { type Deadline, startDeadline } from './deadline.js';

export interface RunOptions {
  /** Ignored: nothing is typed any more (every request goes through the command channel). Kept for callers. */
  typed?: boolean;
  /** Total time the command may take. */
  timeoutMs?: number;
  /** Time the command may go without any output. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The command's terminal output, raw (escapes, colours, redraws), in order, between its start and done
   * markers: what the transcript parser reads, exactly as a recording holds it.
   */
  onOutput?: (data: string) => void;
  /** The command printed nothing for a while; `line` is the unfinished row under the cursor (a prompt?). */
  onQuiet?: (line: string) => void;
}

export interface CommandResult {
  id: number;
  /** `$?` after the command's last statement (false when it threw or did not parse). */
  success: boolean;
  /** `$LASTEXITCODE` when a native command set it. */
  exitCode?: number;
  /** The plain lines the command printed (the last 10,000 to 20,000 of a flood; see `droppedLines`). */
  output: string[];
  /** Early lines of a very long output not kept in `output` (they still went to `onOutput`). */
  droppedLines?: number;
  /** Lines longer than the collector's bound (host/output-lines.ts), kept cut. */
  truncatedLines?: number;
}

/** A command's output kept for its result: the last lines; all of them still go to `onOutput` as they come. */
const keptOutputLines = 10_000;

/** One request from run() to its done marker: its options, deadline, collected lines and promise. */
export class Request {
  readonly id: number;
  readonly options: RunOptions;
  readonly done: Promise<CommandResult>;
  /** The start marker came: what follows on the console is this request's output. */
  started = false;
  /** Lines the request sent back on the command channel, as its done marker counts them. */
  replies = 0;
  #output: string[] = [];
  #dropped = 0;
  #truncated = 0;
  #settled = false;
  #deadline: Deadline;
  #resolve!: (result: CommandResult) => void;
  #reject!: (error: unknown) => void;

  constructor(id: number, options: RunOptions, tail: () => string[]) {
    this.id = id;
    this.options = options;
    this.done = new Promise<CommandResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#deadline = startDeadline({
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      signal: options.signal,
      onExpire: (error) => this.fail(error),
      tail,
    });
  }

  get settled(): boolean {
    return this.#settled;
  }

  activity(): void {
    this.#deadline.activity();
  }

  addLine(line: string, truncated: boolean): void {
    this.#output.push(line);
    if (truncated) this.#truncated++;
    if (this.#output.length > 2 * keptOutputLines) {
      this.#dropped += this.#output.length - keptOutputLines;
      this.#output.splice(0, this.#output.length - keptOutputLines);
    }
  }

  /** Its done marker came. */
  finish(marker: { success: boolean; exitCode?: number; replies?: number }): void {
    if (this.#settled) return;
    this.#settle();
    this.replies = marker.replies ?? 0;
    this.#resolve({
      id: this.id,
      success: marker.success,
      ...(marker.exitCode !== undefined ? { exitCode: marker.exitCode } : {}),
      output: this.#output,
      ...(this.#dropped > 0 ? { droppedLines: this.#dropped } : {}),
      ...(this.#truncated > 0 ? { truncatedLines: this.#truncated } : {}),
    });
  }

  fail(error: IppsConnectError | unknown): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(error);
  }

  #settle(): void {
    this.#settled = true;
    this.#deadline.stop();
  }
}
