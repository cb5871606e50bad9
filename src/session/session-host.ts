import type { PersonTerminal } from '../host/attach.js';
import type { CommandResult, PowerShellHostOptions, RunOptions } from '../host/powershell-host.js';

/**
 * What a Session needs from the PowerShell it drives: the seam where a cassette (src/cassette) records a
 * live host or stands in for one. `PowerShellHost` is the live implementation.
 */
export interface SessionHost {
  /** The PowerShell process id (NaN when no process runs, in a cassette's replay). */
  readonly pid: number;
  /** A request was sent and has not finished (for instance one whose run() timed out). */
  readonly busy: boolean;
  run(code: string, options?: RunOptions): Promise<CommandResult>;
  evaluate<T = unknown>(
    pipeline: string,
    options?: RunOptions & { depth?: number },
  ): Promise<{ value: T[]; result: CommandResult }>;
  /** Types a person's answer to a prompt; a secret answer is never recorded. */
  answer(text: string, options: { secret: boolean }): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  interrupt(timeoutMs: number): Promise<boolean>;
  leaveLoop(timeoutMs: number): Promise<void>;
  attach(terminal: PersonTerminal, signal?: AbortSignal): Promise<number>;
  close(): Promise<void>;
  kill(): Promise<void>;
  transcriptTail(count?: number): string[];
}

/**
 * Starts the host a session runs in. `withoutPowerShell` says it needs no PowerShell executable (a replay),
 * so none is looked for.
 */
export type StartHost = ((options: PowerShellHostOptions) => Promise<SessionHost>) & { withoutPowerShell?: boolean };
