/**
 * Replay mode: a host that starts no PowerShell. Each request must be the next one the cassette holds
 * (after normalising); its recorded output, prompts and outcome are then served to the session in order,
 * at once or at the recorded pace. The session's own answers and interrupts must come where the cassette
 * has them. Anything else fails the request at once with CASSETTE_MISMATCH.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { IppsConnectError } from '../errors.js';
import { createLineCollector, type LineCollector } from '../host/output-lines.js';
import type { CommandResult, PowerShellHostOptions, RunOptions } from '../host/powershell-host.js';
import { Request } from '../host/request.js';
import { delayBefore } from '../record/index.js';
import type { SessionHost, StartHost } from '../session/session-host.js';
import type { CassetteTape } from './cassette-file.js';
import { describeRequest, invalidInput, mismatch, replayedError } from './errors.js';
import type { AnyStep, Step } from './format.js';
import type { Normaliser } from './normalise.js';

export interface ReplayTiming {
  /** 0 (the default) serves everything at once; 1 at the recorded pace; 2 twice as fast. */
  speed: number;
}

/** The cassette's steps with a cursor shared by every session of one run (a job's attempts). */
export class Cursor {
  readonly tape: CassetteTape;
  #index = 0;
  #lastTime = 0;

  constructor(tape: CassetteTape) {
    this.tape = tape;
    // Output outside a request is a comment to the replay (see cassette-file.ts).
    let inRequest = false;
    this.steps = tape.steps.filter((step) => {
      if (step.kind === 'request') inRequest = true;
      if (step.kind === 'done' || step.kind === 'failed') inRequest = false;
      return step.kind !== 'cassette' && (step.kind !== 'output' || inRequest);
    });
  }

  readonly steps: AnyStep[];

  peek(): AnyStep | undefined {
    return this.steps[this.#index];
  }

  /** Consumes the current step, after waiting its recorded gap when paced. */
  async take(timing: ReplayTiming, signal?: AbortSignal): Promise<AnyStep> {
    const step = this.steps[this.#index++]!;
    const wait = delayBefore(step.time - this.#lastTime, { speed: timing.speed });
    this.#lastTime = step.time;
    if (wait > 0) await sleep(wait, undefined, signal ? { signal } : {}).catch(() => {});
    return step;
  }

  /** Skips to just after the current session's close or kill step. */
  skipSession(): void {
    while (this.#index < this.steps.length) {
      const step = this.steps[this.#index++]!;
      if (step.kind === 'close' || step.kind === 'kill') return;
    }
  }

  mismatch(made: string): IppsConnectError {
    const step = this.peek();
    return mismatch(this.tape.path, step?.line, step ? describeStep(step) : 'nothing more', made);
  }
}

export function describeStep(step: AnyStep): string {
  switch (step.kind) {
    case 'request':
      return describeRequest(step.method, step.code);
    case 'answer':
      return step.secret ? 'a (secret) answer' : `the answer ${JSON.stringify(step.text)}`;
    case 'start':
      return 'a new session (PowerShell start)';
    default:
      return `the step ${step.kind}`;
  }
}

/** Starts replaying hosts: the next session of the cassette for each start. */
export function replayingStarter(cursor: Cursor, normaliser: Normaliser, timing: ReplayTiming): StartHost {
  const start: StartHost = async (options: PowerShellHostOptions) => {
    const step = cursor.peek();
    if (step?.kind === 'start-failed') {
      await cursor.take(timing);
      throw replayedError(normaliser.expandValue(step.error));
    }
    if (step?.kind !== 'start') throw cursor.mismatch('a new session (PowerShell start)');
    await cursor.take(timing);
    return new ReplayHost(cursor, normaliser, options, timing);
  };
  start.withoutPowerShell = true;
  return start;
}

type Call = { kind: 'answer'; secret: boolean; text: string } | { kind: 'interrupt'; resolve(ok: boolean): void };

class ReplayHost implements SessionHost {
  readonly pid = Number.NaN;
  readonly #cursor: Cursor;
  readonly #normaliser: Normaliser;
  readonly #options: PowerShellHostOptions;
  readonly #timing: ReplayTiming;
  readonly #lines: LineCollector;
  #recent: string[] = [];
  #current: Request | undefined;
  #busy = false;
  #nextId = 1;
  #calls: Call[] = [];
  #wake: (() => void) | undefined;
  /** Interrupts whose `interrupted` step has not come yet, oldest first. */
  #interrupts: Array<(ok: boolean) => void> = [];
  #failure: IppsConnectError | undefined;
  #failureSeen = false;
  #ended = false;

  constructor(cursor: Cursor, normaliser: Normaliser, options: PowerShellHostOptions, timing: ReplayTiming) {
    this.#cursor = cursor;
    this.#normaliser = normaliser;
    this.#options = options;
    this.#timing = timing;
    this.#lines = createLineCollector((line, truncated) => {
      this.#recent.push(line);
      if (this.#recent.length > 200) this.#recent.splice(0, this.#recent.length - 100);
      this.#current?.addLine(line, truncated);
    });
  }

  get busy(): boolean {
    return this.#busy;
  }

  run(code: string, options: RunOptions = {}): Promise<CommandResult> {
    return this.#request('run', code, undefined, options).then(({ result }) => result);
  }

  async evaluate<T = unknown>(
    pipeline: string,
    options: RunOptions & { depth?: number } = {},
  ): Promise<{ value: T[]; result: CommandResult }> {
    const { result, value } = await this.#request('evaluate', pipeline, options.depth, options);
    return { result, value: (value ?? []) as T[] };
  }

  answer(text: string, { secret }: { secret: boolean }): void {
    if (!secret) this.#options.onInput?.(`${text}\r`);
    this.#calls.push({ kind: 'answer', secret, text });
    this.#wake?.();
  }

  write(): void {}

  resize(): void {}

  interrupt(): Promise<boolean> {
    if (this.#failure) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#calls.push({ kind: 'interrupt', resolve });
      this.#wake?.();
      // Between requests, the cassette's interrupt and its result come next.
      if (!this.#current) void this.#serveBetween();
    });
  }

  leaveLoop(): Promise<void> {
    return Promise.reject(
      invalidInput(
        'A session with a cassette cannot be handed to a person.',
        'Give the work with --command or --script (or drop --cassette).',
      ),
    );
  }

  attach(): Promise<number> {
    return this.leaveLoop().then(() => 0);
  }

  async close(): Promise<void> {
    await this.#end('close');
  }

  async kill(): Promise<void> {
    await this.#end('kill');
  }

  transcriptTail(count = 20): string[] {
    return this.#recent.slice(-count);
  }

  async #end(kind: 'close' | 'kill'): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#current?.fail(
      this.#failure ??
        new IppsConnectError('The session was closed.', { code: 'POWERSHELL_EXITED', fix: 'Start a new session.' }),
    );
    if (!this.#failure) {
      await this.#serveBetween();
      const step = this.#cursor.peek();
      if (step?.kind === 'close' || step?.kind === 'kill') {
        await this.#cursor.take(this.#timing);
        return;
      }
      this.#fail(this.#cursor.mismatch(`no more requests (the session ${kind === 'close' ? 'closed' : 'was killed'})`));
    }
    this.#cursor.skipSession();
    if (!this.#failureSeen) {
      this.#failureSeen = true;
      throw this.#failure;
    }
  }

  #fail(error: IppsConnectError): IppsConnectError {
    this.#failure ??= error;
    for (const resolve of this.#interrupts.splice(0)) resolve(false);
    for (const call of this.#calls.splice(0)) if (call.kind === 'interrupt') call.resolve(false);
    return this.#failure;
  }

  #request(
    method: 'run' | 'evaluate',
    code: string,
    depth: number | undefined,
    options: RunOptions,
  ): Promise<{ result: CommandResult; value?: unknown[] }> {
    if (this.#failure) {
      this.#failureSeen = true;
      return Promise.reject(this.#failure);
    }
    if (this.#busy || this.#ended) {
      return Promise.reject(
        new IppsConnectError(
          this.#ended ? 'PowerShell is no longer running.' : 'A command is still running in this session.',
          {
            code: this.#ended ? 'POWERSHELL_EXITED' : 'INVALID_INPUT',
            fix: 'Wait for the previous run() to finish (await it) before starting another.',
          },
        ),
      );
    }
    // An interrupt sent during the last request may have ended after that request did: the recording notes
    // `interrupted` when PowerShell is back in its loop, which can come after the request's own end.
    if (this.#interrupts.length > 0 && this.#cursor.peek()?.kind === 'interrupted') {
      return this.#serveBetween().then(() => this.#request(method, code, depth, options));
    }
    const step = this.#cursor.peek();
    const made = describeRequest(method, this.#normaliser.text(code));
    const matches =
      step?.kind === 'request' &&
      step.method === method &&
      step.code === this.#normaliser.text(code) &&
      (method === 'run' || step.depth === depth);
    if (!matches) {
      this.#failureSeen = true;
      return Promise.reject(this.#fail(this.#cursor.mismatch(made)));
    }
    const request = new Request(this.#nextId++, options, () => this.transcriptTail());
    request.started = true;
    this.#current = request;
    this.#busy = true;
    let value: unknown[] | undefined;
    const served = this.#serve(request, options, (recorded) => {
      value = recorded;
    });
    served.catch((error: unknown) => request.fail(error));
    return request.done.then(
      (result) => ({ result, ...(value ? { value } : {}) }),
      (error: unknown) => {
        if (error === this.#failure) this.#failureSeen = true;
        throw error;
      },
    );
  }

  /** Serves the current request's steps, from its request step to its done or failed step. */
  async #serve(request: Request, options: RunOptions, setValue: (value: unknown[]) => void): Promise<void> {
    await this.#cursor.take(this.#timing, options.signal);
    try {
      for (;;) {
        if (this.#failure) return;
        if (request.settled) {
          // Its own deadline ended it (a timeout or cancel of the code under test): skip what remains.
          this.#skipRequest();
          return;
        }
        const step = this.#cursor.peek() as AnyStep;
        if (step.kind === 'answer' || step.kind === 'interrupt') {
          if (!(await this.#matchCall(step))) return;
          continue;
        }
        await this.#cursor.take(this.#timing, options.signal);
        switch (step.kind) {
          case 'output': {
            const data = this.#normaliser.expand(step.data);
            request.activity();
            this.#options.onOutput?.(data);
            this.#lines.push(data);
            options.onOutput?.(data);
            break;
          }
          case 'prompt':
            options.onQuiet?.(this.#normaliser.expand(step.line));
            break;
          case 'interrupted':
            this.#interrupted(step.ok);
            break;
          case 'done':
            this.#lines.flush();
            if (this.#calls.length > 0) {
              this.#fail(
                mismatch(this.#cursor.tape.path, step.line, 'the end of the request', describeCall(this.#calls[0]!)),
              );
              request.fail(this.#failure);
              return;
            }
            if (step.value) setValue(this.#normaliser.expandValue(step.value));
            this.#busy = false;
            request.finish({
              success: step.success,
              ...(step.exitCode === undefined ? {} : { exitCode: step.exitCode }),
            });
            return;
          case 'failed':
            this.#lines.flush();
            this.#busy = step.busy ?? false;
            request.fail(replayedError(this.#normaliser.expandValue(step.error)));
            return;
          default:
            throw new Error(`unexpected step ${step.kind}`);
        }
      }
    } finally {
      if (this.#current === request) this.#current = undefined;
      if (this.#failure) request.fail(this.#failure);
    }
  }

  /** Waits for the session's answer or interrupt the cassette has here; false after a mismatch. */
  async #matchCall(step: Extract<Step, { kind: 'answer' | 'interrupt' }>): Promise<boolean> {
    while (this.#calls.length === 0 && !this.#failure && !this.#current?.settled) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        // The request's deadline may end the wait; look again now and then.
        setTimeout(resolve, 50).unref();
      });
      this.#wake = undefined;
    }
    if (this.#failure || this.#calls.length === 0) return false;
    const call = this.#calls.shift()!;
    const fits =
      call.kind === step.kind &&
      (call.kind !== 'answer' ||
        step.kind !== 'answer' ||
        step.secret ||
        step.text === this.#normaliser.text(call.text));
    if (!fits) {
      this.#fail(mismatch(this.#cursor.tape.path, step.line, describeStep(step), describeCall(call)));
      return false;
    }
    await this.#cursor.take(this.#timing);
    if (call.kind === 'interrupt') this.#interrupts.push(call.resolve);
    return true;
  }

  #interrupted(ok: boolean): void {
    if (ok) this.#busy = false;
    this.#interrupts.shift()?.(ok);
  }

  /** Between requests: the session's interrupt and the result the cassette recorded for it. */
  async #serveBetween(): Promise<void> {
    for (;;) {
      const step = this.#cursor.peek();
      if (!step || this.#failure) return;
      if (step.kind === 'interrupted') {
        await this.#cursor.take(this.#timing);
        this.#interrupted(step.ok);
        continue;
      }
      if (step.kind === 'interrupt' || step.kind === 'answer') {
        if (this.#calls.length === 0) return;
        if (!(await this.#matchCall(step))) return;
        continue;
      }
      if (this.#calls.length > 0) this.#fail(this.#cursor.mismatch(describeCall(this.#calls[0]!)));
      return;
    }
  }

  #skipRequest(): void {
    for (let step = this.#cursor.peek(); step; step = this.#cursor.peek()) {
      void this.#cursor.take({ speed: 0 });
      if (step.kind === 'done' || step.kind === 'failed') {
        this.#busy = step.kind === 'failed' ? (step.busy ?? false) : false;
        return;
      }
    }
  }
}

function describeCall(call: Call): string {
  return call.kind === 'interrupt'
    ? 'an interrupt (Ctrl+C)'
    : call.secret
      ? 'a (secret) answer'
      : `the answer ${JSON.stringify(call.text)}`;
}
