/**
 * Record mode: a live host wrapped so that every request, its raw output, the prompts it showed, the
 * answers and interrupts the session gave, and its outcome are written to the cassette as they happen.
 */
import type { CommandResult, PowerShellHostOptions, RunOptions } from '../host/powershell-host.js';
import { MIN_SECRET_LENGTH } from '../record/index.js';
import type { SessionHost, StartHost } from '../session/session-host.js';
import type { CassetteWriter } from './cassette-file.js';
import { invalidInput, recordError } from './errors.js';
import type { Normaliser } from './normalise.js';

/** Wraps `startLive` (PowerShell in a pty) so each session it starts is recorded. */
export function recordingStarter(writer: CassetteWriter, normaliser: Normaliser, startLive: StartHost): StartHost {
  return async (options: PowerShellHostOptions) => {
    let live: SessionHost;
    try {
      live = await startLive(options);
    } catch (error) {
      writer.step('start-failed', { error: normaliser.value(recordError(error)) });
      writer.release();
      throw error;
    }
    writer.step('start', { unattended: options.unattended });
    return new RecordingHost(live, writer, normaliser);
  };
}

class RecordingHost implements SessionHost {
  readonly #live: SessionHost;
  readonly #writer: CassetteWriter;
  readonly #normaliser: Normaliser;
  #ended = false;

  constructor(live: SessionHost, writer: CassetteWriter, normaliser: Normaliser) {
    this.#live = live;
    this.#writer = writer;
    this.#normaliser = normaliser;
  }

  get pid(): number {
    return this.#live.pid;
  }

  get busy(): boolean {
    return this.#live.busy;
  }

  run(code: string, options: RunOptions = {}): Promise<CommandResult> {
    this.#writer.step('request', { method: 'run', code: this.#normaliser.text(code) });
    return this.#outcome(this.#live.run(code, this.#watch(options)), () => ({}));
  }

  async evaluate<T = unknown>(
    pipeline: string,
    options: RunOptions & { depth?: number } = {},
  ): Promise<{ value: T[]; result: CommandResult }> {
    const depth = options.depth === undefined ? {} : { depth: options.depth };
    this.#writer.step('request', { method: 'evaluate', code: this.#normaliser.text(pipeline), ...depth });
    return this.#outcome(this.#live.evaluate<T>(pipeline, this.#watch(options)), (evaluated) => ({
      value: this.#normaliser.value(evaluated.value),
    }));
  }

  answer(text: string, options: { secret: boolean }): void {
    // Its echo, if PowerShell shows one, is redacted from the output that follows.
    if (options.secret && text.length >= MIN_SECRET_LENGTH) this.#normaliser.addSecrets([text]);
    this.#writer.step(
      'answer',
      options.secret ? { secret: true } : { secret: false, text: this.#normaliser.text(text) },
    );
    this.#live.answer(text, options);
  }

  write(data: string): void {
    this.#live.write(data);
  }

  resize(cols: number, rows: number): void {
    this.#live.resize(cols, rows);
  }

  async interrupt(timeoutMs: number): Promise<boolean> {
    this.#writer.step('interrupt');
    const ok = await this.#live.interrupt(timeoutMs);
    this.#writer.step('interrupted', { ok });
    return ok;
  }

  /** A session handed to a person is theirs: what they type must never reach a cassette. */
  leaveLoop(): Promise<void> {
    return Promise.reject(handOverRefused());
  }

  attach(): Promise<number> {
    return Promise.reject(handOverRefused());
  }

  async close(): Promise<void> {
    await this.#live.close();
    this.#end('close');
  }

  async kill(): Promise<void> {
    await this.#live.kill();
    this.#end('kill');
  }

  transcriptTail(count?: number): string[] {
    return this.#live.transcriptTail(count);
  }

  #end(kind: 'close' | 'kill'): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#writer.step(kind);
    this.#writer.release();
    const error = this.#writer.error;
    if (error) {
      throw invalidInput(
        `The cassette could not be written: ${error.message}`,
        'Check the disk and the path, then record again.',
      );
    }
  }

  /** The caller's options, with the request's output and quiet moments also going to the cassette. */
  #watch<O extends RunOptions>(options: O): O {
    return {
      ...options,
      onOutput: (data: string) => {
        this.#writer.output(data);
        options.onOutput?.(data);
      },
      onQuiet: (line: string) => {
        this.#writer.step('prompt', { line: this.#normaliser.text(line) });
        options.onQuiet?.(line);
      },
    };
  }

  async #outcome<R extends { result: CommandResult } | CommandResult>(
    pending: Promise<R>,
    extra: (outcome: R) => object,
  ): Promise<R> {
    try {
      const outcome = await pending;
      const result: CommandResult = 'result' in outcome ? outcome.result : (outcome as CommandResult);
      this.#writer.step('done', {
        success: result.success,
        ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
        ...extra(outcome),
      });
      return outcome;
    } catch (error) {
      this.#writer.step('failed', {
        error: this.#normaliser.value(recordError(error)),
        ...(this.#live.busy ? { busy: true } : {}),
      });
      throw error;
    }
  }
}

function handOverRefused() {
  return invalidInput(
    'A session with a cassette cannot be handed to a person: what they type would be recorded or missing.',
    'Give the work with --command or --script (or drop --cassette).',
  );
}
