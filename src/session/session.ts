import {
  connectExchangeOnlineCommand,
  connectIppsCommand,
  disconnectCommand,
  forgetVariablesCommand,
  importModuleCommand,
  variablesForgottenAfterConnect,
  variablesHiddenFromPowerShell,
} from '../command.js';
import { IppsConnectError } from '../errors.js';
import { findPowerShell } from '../host/find-powershell.js';
import { type CommandResult, PowerShellHost, type RunOptions } from '../host/powershell-host.js';
import {
  legacyConnectExchangeOnlineCommand,
  legacyDisconnectCommand,
  legacyImportCommand,
} from '../module/legacy-commands.js';
import { type ModuleSteps, prepareModule } from '../module/prepare.js';
import type { ResolvedOptions } from '../options.js';
import type { Platform } from '../platform/index.js';
import { quotePowerShell } from '../powershell/quote.js';
import type { ConnectedEvent, ErrorEvent, ProgressEvent, PromptEvent } from '../transcript/events.js';
import { createTranscriptParser, type TranscriptParserOptions } from '../transcript/index.js';
import { connectionCheckCommand, connectOrder } from './connection-check.js';
import type { SessionEvent } from './events.js';
import type { SessionHost, StartHost } from './session-host.js';
import type { SessionTokens, TokenHooks } from './tokens.js';

/**
 * Prepares the prompt for a person: PSReadLine, the prompt with the path, and a disconnect when the
 * session ends, since ippsconnect cannot type one after the person's `exit`.
 */
export const handOverScript = [
  'Import-Module -Name PSReadLine -ErrorAction SilentlyContinue',
  // The person's own colour choice (NO_COLOR) again; ippsconnect kept colours on to read errors.
  'if ($null -ne $global:IppsConnectIntegration.OutputRendering) { $PSStyle.OutputRendering = $global:IppsConnectIntegration.OutputRendering }',
  '$global:IppsConnectIntegration.ShowPath = $true',
  '$null = Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action { Disconnect-ExchangeOnline -Confirm:$false -ErrorAction SilentlyContinue | Out-Null }',
].join('\n');

/**
 * How a live session's parser reads the console: PowerShell's own colours are on the stream (bootstrap.ps1
 * keeps them on even under NO_COLOR), so only a line in the error colour can start an error record, and
 * `Case-123: Completed` printed by a command is output. `parse` of the session's recording with the same
 * options gives the same events (test/host/live-equals-parse.test.ts).
 */
export const liveParserOptions: TranscriptParserOptions = { colourTrusted: true };

/** How long the closing Disconnect-ExchangeOnline may take: it must never hold a job up for long. */
export const disconnectTimeoutMs = 30_000;
/** How long Ctrl+C may take to give the prompt back before the process tree is killed. */
export const interruptTimeoutMs = 3_000;
/** Module import and the Get-ConnectionInformation check are quick; they get this much. */
export const stepTimeoutMs = 60_000;

export interface SessionHooks extends TokenHooks {
  onEvent?: (event: SessionEvent) => void;
  signal?: AbortSignal;
  /** Base environment for PowerShell (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * A person can answer PowerShell's prompts (Read-Host, credentials, confirmation) in an attended
   * session. Resolve with the answer, or undefined to fail with PROMPT_IN_UNATTENDED. Without it, every
   * prompt fails.
   */
  answerPrompt?: (prompt: PromptEvent) => Promise<string | undefined>;
  /** Raw terminal output and typed input, for recordings. */
  onOutput?: (data: string) => void;
  onInput?: (data: string) => void;
  /** Starts the host instead of PowerShell in a pty: a cassette's recorder or replayer (src/cassette). */
  startHost?: StartHost;
}

export interface WorkResult {
  success: boolean;
  exitCode?: number;
  /** What the work printed (host text and formatted output), line by line. */
  output: string[];
  errors: ErrorEvent[];
  /** The objects the work returned, as JSON values, when asked for with `objects`. */
  objects?: unknown[];
}

/** A person's terminal, for handing the session over. */
export interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export interface WorkOptions {
  /** Return the pipeline's objects as JSON (ConvertTo-Json -Depth) instead of printing them. */
  objects?: { depth: number };
}

/**
 * A live, connected PowerShell session. Everything typed goes through `PowerShellHost`; everything
 * printed becomes events through the transcript parser.
 */
export class Session {
  readonly #host: SessionHost;
  readonly #options: ResolvedOptions;
  readonly #emit: (event: SessionEvent) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #answerPrompt: SessionHooks['answerPrompt'];
  #connectAttempted = false;
  #closed = false;
  /** Connected through the retired EXO V1 module (--legacy): plain PSSessions, no v3 cmdlets. */
  #legacy = false;
  /**
   * The last progress shown, across commands: each command gets a fresh parser, started from it, so a
   * redraw of the same state in the next command is not shown again, as in the parse of a recording (one
   * parser for the whole stream).
   */
  #lastProgress: ProgressEvent | undefined;

  private constructor(host: SessionHost, options: ResolvedOptions, hooks: SessionHooks) {
    this.#host = host;
    this.#options = options;
    this.#emit = hooks.onEvent ?? (() => {});
    this.#signal = hooks.signal;
    this.#answerPrompt = hooks.answerPrompt;
  }

  /** Starts PowerShell, imports the module and connects; on any failure everything is closed again. */
  static async open(
    options: ResolvedOptions,
    platform: Platform,
    hooks: SessionHooks = {},
    tokens?: SessionTokens,
  ): Promise<Session> {
    const emit = hooks.onEvent ?? (() => {});
    for (const message of options.warnings) emit({ type: 'warning', message });
    const env = hooks.env ?? process.env;
    const startHost: StartHost = hooks.startHost ?? ((hostOptions) => PowerShellHost.start(hostOptions));
    const executable = startHost.withoutPowerShell
      ? ''
      : findPowerShell({ explicit: options.powershell, env, platform });
    const powershellEnv = withoutVariables(env, variablesHiddenFromPowerShell(options));
    emit({ type: 'phase', phase: 'starting' });
    const host = await startHost({
      executable,
      platform,
      unattended: options.unattended,
      env: powershellEnv,
      extraEnv: { ...modulePathEnvironment(options.modulePath, env, platform.pathDelimiter), ...tokens?.environment },
      startTimeoutMs: options.timeouts.startMs,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(hooks.onOutput ? { onOutput: hooks.onOutput } : {}),
      ...(hooks.onInput ? { onInput: hooks.onInput } : {}),
    });
    const session = new Session(host, options, hooks);
    try {
      await session.#connect(platform, env);
      return session;
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  get host(): SessionHost {
    return this.#host;
  }

  /** Runs the user's command or script in the connected session. */
  async work(work: NonNullable<ResolvedOptions['work']>, options: WorkOptions = {}): Promise<WorkResult> {
    this.#emit({ type: 'phase', phase: 'running' });
    let code = work.kind === 'command' ? work.code : `& ${quotePowerShell(work.path)}`;
    // A script block around a command makes its whole output one pipeline for __ippsResult.
    if (options.objects && work.kind === 'command') code = `& {\n${code}\n}`;
    const { result, errors, objects } = await this.#runParsed(
      code,
      { typed: false, ...optionalTimeouts(this.#options.timeouts.commandMs, this.#options.timeouts.idleMs) },
      options.objects?.depth,
    );
    const exitCode = result.exitCode;
    const exitedWell = result.success && (exitCode === undefined || exitCode === 0);
    this.#emit({ type: 'exit', success: exitedWell, ...(exitCode === undefined ? {} : { exitCode }) });
    const failed = !exitedWell || errors.length > 0;
    return {
      success: !failed,
      ...(exitCode === undefined ? {} : { exitCode }),
      output: result.output,
      errors,
      ...(objects ? { objects } : {}),
    };
  }

  /**
   * Leaves the person at the live, connected PowerShell prompt (PSReadLine back, the usual prompt), with
   * the pty passed through to their terminal. When they exit, PowerShell's Exiting event disconnects.
   */
  async handOver(terminal: Terminal): Promise<void> {
    await this.#host.run(handOverScript, { timeoutMs: stepTimeoutMs });
    // Out of the request loop: the nested prompt is the real one now, with PSReadLine (bootstrap.ps1).
    await this.#host.leaveLoop(stepTimeoutMs);
    this.#emit({ type: 'phase', phase: 'handed-over' });
    terminal.output.write('This is your connected PowerShell session now; type exit to disconnect and leave.\r\n');
    // The person's terminal has not seen the prompt yet: an empty line draws a fresh one.
    this.#host.write('\r');
    await this.#host.attach(terminal, this.#signal);
    this.#connectAttempted = false;
  }

  /**
   * Disconnects (always, when a connection was attempted) and ends PowerShell. A command still running
   * is interrupted first; if PowerShell does not answer, its process tree is killed.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#host.busy && !(await this.#host.interrupt(interruptTimeoutMs))) {
        await this.#host.kill();
        return;
      }
      if (this.#connectAttempted) {
        this.#emit({ type: 'phase', phase: 'disconnecting' });
        try {
          await this.#host.run(this.#legacy ? legacyDisconnectCommand : disconnectCommand, {
            typed: true,
            timeoutMs: disconnectTimeoutMs,
          });
        } catch (error) {
          this.#emit({ type: 'warning', message: `Disconnect-ExchangeOnline did not finish: ${describe(error)}` });
        }
      }
      await this.#host.close();
    } catch (error) {
      await this.#host.kill();
      throw error;
    } finally {
      this.#emit({ type: 'phase', phase: 'closed' });
    }
  }

  async #connect(platform: Platform, env: Readonly<Record<string, string | undefined>>): Promise<void> {
    const { module, legacy } = await prepareModule({
      options: this.#options,
      platform,
      env,
      steps: this.#moduleSteps(),
    });
    const moduleContext = { version: module.version, powershellEdition: module.powershellEdition };

    this.#emit({ type: 'phase', phase: 'importing-module' });
    const importCommand = legacy ? legacyImportCommand(legacy) : importModuleCommand(module.manifestPath);
    await this.#runOrThrow(importCommand, this.#stepOptions(), 'MODULE_IMPORT_FAILED').catch((error: unknown) => {
      throw importFailed(error, module.manifestPath);
    });
    this.#legacy = legacy !== undefined;

    this.#connectAttempted = true;
    for (const service of connectOrder(this.#options)) {
      const check = { service, legacy: this.#legacy, moduleVersion: module.version };
      if (service === 'ipps') {
        this.#emit({ type: 'phase', phase: 'connecting' });
        await this.#runOrThrow(connectIppsCommand(this.#options, moduleContext), this.#connectOptions(), 'UNKNOWN');
        await this.#verifyConnected((c) => c.isEopSession === true, 'Security & Compliance', check);
        continue;
      }
      this.#emit({ type: 'phase', phase: 'connecting-exchange-online' });
      await this.#runOrThrow(
        this.#legacy
          ? legacyConnectExchangeOnlineCommand(this.#options)
          : connectExchangeOnlineCommand(this.#options, moduleContext),
        this.#connectOptions(),
        'UNKNOWN',
      );
      await this.#verifyConnected((c) => c.isEopSession === false, 'Exchange Online', check);
    }
    const forget = variablesForgottenAfterConnect(this.#options);
    if (forget.length > 0) await this.#runOrThrow(forgetVariablesCommand(forget), this.#stepOptions(), 'INTERNAL');
  }

  /** Runs generated code and throws the first error it printed, or `fallback` if it failed silently. */
  async #runOrThrow(code: string, options: RunOptions, fallback: IppsConnectError['code']): Promise<CommandResult> {
    const { result, errors } = await this.#runParsed(code, { typed: true, ...options });
    const first = errors[0];
    if (first) throw errorFromEvent(first, this.#host.transcriptTail());
    if (!result.success) {
      throw new IppsConnectError(`${code.split(' ')[0]} failed without an error record.`, {
        code: fallback,
        fix: 'See the transcript tail for what PowerShell printed.',
        transcriptTail: this.#host.transcriptTail(),
      });
    }
    return result;
  }

  /**
   * Runs code with every printed line going through a fresh transcript parser into events; with a
   * depth, its pipeline output comes back as JSON objects instead.
   */
  async #runParsed(
    code: string,
    options: RunOptions,
    objectDepth?: number,
  ): Promise<{ result: CommandResult; errors: ErrorEvent[]; objects?: unknown[] }> {
    const parser = createTranscriptParser({
      ...liveParserOptions,
      ...(this.#lastProgress ? { lastProgress: this.#lastProgress } : {}),
    });
    const errors: ErrorEvent[] = [];
    const deliver = (events: ReturnType<typeof parser.push>) => {
      this.#lastProgress = parser.lastProgress;
      for (const event of events) {
        if (event.type === 'error') errors.push(event);
        this.#emit(event);
      }
    };
    let promptError: IppsConnectError | undefined;
    let answering = false;
    const runOptions: RunOptions = {
      ...options,
      ...(this.#signal ? { signal: this.#signal } : {}),
      // The raw console output of this command, as a recording holds it: one terminal model, the parser's.
      onOutput: (data) => deliver(parser.push(data)),
      onQuiet: (line) => {
        // PowerShell shows an unfinished line ending like a question and waits for input.
        const kind = promptKind(line);
        if (!kind || promptError || answering) return;
        const prompt = { type: 'prompt', kind, text: line.trim() } as const;
        this.#emit(prompt);
        const refuse = (why: PromptRefusal) => {
          promptError = new IppsConnectError(`PowerShell asked for input: ${JSON.stringify(line.trim())}`, {
            code: 'PROMPT_IN_UNATTENDED',
            fix: promptRefusalFix[why],
            transcriptTail: this.#host.transcriptTail(),
          });
          void this.#host.interrupt(interruptTimeoutMs);
        };
        if (!this.#answerPrompt) return refuse(this.#options.unattended ? 'unattended' : 'no-terminal');
        // A person is there: ask them, and type their answer (never recorded: see prompt-secrecy.ts).
        answering = true;
        this.#answerPrompt(prompt).then(
          (answer) => {
            answering = false;
            if (answer === undefined) refuse('not-answered');
            else this.#host.answer(answer, { secret: true });
          },
          () => {
            answering = false;
            refuse('not-answered');
          },
        );
      },
    };
    let result: CommandResult;
    let objects: unknown[] | undefined;
    if (objectDepth === undefined) {
      result = await this.#host.run(code, runOptions);
    } else {
      ({ result, value: objects } = await this.#host.evaluate(code, { ...runOptions, depth: objectDepth }));
    }
    deliver(parser.end());
    if (promptError) throw promptError;
    return { result, errors, ...(objects ? { objects } : {}) };
  }

  async #verifyConnected(
    matches: (connection: ConnectedEvent) => boolean,
    service: string,
    check: Parameters<typeof connectionCheckCommand>[0],
  ): Promise<void> {
    const { value } = await this.#host.evaluate<ConnectionInformation>(
      connectionCheckCommand(check),
      this.#stepOptions(),
    );
    const connection = value.map(toConnectedEvent).find((event) => matches(event));
    if (!connection) {
      throw new IppsConnectError(
        `The connect command returned, but Get-ConnectionInformation shows no ${service} connection.`,
        {
          code: 'NOT_CONNECTED',
          fix: 'See the transcript tail; run again, and check that the module version supports this sign-in.',
          transcriptTail: this.#host.transcriptTail(),
        },
      );
    }
    this.#emit(connection);
  }

  /** How the module part (src/module/prepare.ts) runs PowerShell in this session. */
  #moduleSteps(): ModuleSteps {
    return {
      evaluate: async <T>(code: string) => (await this.#host.evaluate<T>(code, this.#stepOptions())).value,
      run: async (code, options) => {
        const { result, errors } = await this.#runParsed(code, { typed: true, ...options });
        return { success: result.success, errors };
      },
      emit: this.#emit,
      transcriptTail: () => this.#host.transcriptTail(),
    };
  }

  #stepOptions(): RunOptions {
    return { timeoutMs: stepTimeoutMs };
  }

  #connectOptions(): RunOptions {
    return optionalTimeouts(this.#options.timeouts.connectMs, this.#options.timeouts.idleMs);
  }
}

/** Why a prompt went unanswered, and what the person can do about it. */
type PromptRefusal = 'unattended' | 'no-terminal' | 'not-answered';
const promptRefusalFix: Record<PromptRefusal, string> = {
  unattended: 'Supply the value as an option, or use app-only sign-in for unattended runs.',
  // --attended, but standard input or output is not a terminal (a pipe, a service): nobody can type.
  'no-terminal':
    'Nobody can answer here: ippsconnect asks at a terminal, and standard input or output is not one. Run it in a terminal, or supply the value as an option.',
  'not-answered': 'Answer the prompt, or supply the value as an option.',
};

/**
 * What an unfinished line that waits looks like when it is a question: Read-Host and Get-Credential
 * end with ": ", ShouldProcess confirmation ends with `(default is "Y"):`.
 */
function promptKind(line: string): 'read-host' | 'credential' | 'confirmation' | undefined {
  if (!/[:?]\s*$/.test(line)) return undefined;
  if (/\[Y\] Yes/.test(line)) return 'confirmation';
  if (/^(User|Password for user [^:]*):\s*$/.test(line.trim())) return 'credential';
  return 'read-host';
}

/** The fields connectionInformationCommand selects. */
interface ConnectionInformation {
  Name?: string;
  State?: string;
  UserPrincipalName?: string | null;
  ConnectionUri?: string | null;
  Organization?: string | null;
  ModulePrefix?: string | null;
  TenantID?: string | null;
  IsEopSession?: boolean;
}

function toConnectedEvent(info: ConnectionInformation): ConnectedEvent {
  const event: ConnectedEvent = { type: 'connected' };
  if (info.Name) event.name = info.Name;
  if (info.UserPrincipalName) event.userPrincipalName = info.UserPrincipalName;
  if (info.ConnectionUri) event.connectionUri = info.ConnectionUri;
  if (info.Organization) event.organization = info.Organization;
  if (info.ModulePrefix) event.prefix = info.ModulePrefix;
  if (info.TenantID) event.tenantId = String(info.TenantID);
  if (typeof info.IsEopSession === 'boolean') event.isEopSession = info.IsEopSession;
  return event;
}

/**
 * The module is there but does not load. Errors with a fix of their own (a conflicting assembly already
 * loaded, the execution policy) keep it; anything else means a broken install.
 */
function importFailed(error: unknown, manifestPath: string): unknown {
  if (!(error instanceof IppsConnectError)) return error;
  if (error.code === 'ASSEMBLY_CONFLICT' || error.code === 'EXECUTION_POLICY' || error.code === 'TIMEOUT') return error;
  if (error.code === 'CANCELLED' || error.code === 'POWERSHELL_EXITED') return error;
  return new IppsConnectError(`The module at ${manifestPath} did not import: ${error.message}`, {
    code: 'MODULE_IMPORT_FAILED',
    fix: 'Reinstall it: Install-Module ExchangeOnlineManagement -Scope CurrentUser -Force (or run ippsconnect with --install after removing the broken version).',
    transcriptTail: error.transcriptTail,
    cause: error,
  });
}

function errorFromEvent(event: ErrorEvent, tail: string[]): IppsConnectError {
  return new IppsConnectError(event.message, {
    code: event.code,
    fix: event.fix,
    retryable: event.retryable,
    transcriptTail: tail,
    ...(event.fullyQualifiedErrorId ? { fullyQualifiedErrorId: event.fullyQualifiedErrorId } : {}),
  });
}

function optionalTimeouts(timeoutMs: number | undefined, idleTimeoutMs: number | undefined): RunOptions {
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
  };
}

function withoutVariables(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): Record<string, string | undefined> {
  const copy = { ...env };
  for (const name of names) delete copy[name];
  return copy;
}

/** PSModulePath with the caller's folders first, so a chosen module wins over installed ones. */
function modulePathEnvironment(
  folders: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  delimiter: string,
): Record<string, string> {
  if (folders.length === 0) return {};
  return { PSModulePath: [...folders, ...(env.PSModulePath ? [env.PSModulePath] : [])].join(delimiter) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
