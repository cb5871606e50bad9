/**
 * Reading and writing cassette files. The writer appends one asciicast line per step with plain
 * synchronous writes, so a crash leaves every step before it on disk and nothing needs flushing; the
 * reader checks the whole file before anything runs, so a damaged cassette fails at once, by line.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { defaultHostSize } from '../host/powershell-host.js';
import { formatEventLine, formatHeaderLine } from '../record/asciicast.js';
import { parseEventLine, parseHeaderLine } from '../record/asciicast-parse.js';
import { createRedactor, RecordError, type Redactor } from '../record/index.js';
import { invalid, invalidInput } from './errors.js';
import {
  type AnyStep,
  cassetteVersion,
  formatStepLabel,
  isStepKind,
  type Step,
  type StepKind,
  stepPrefix,
  stepSchemas,
} from './format.js';
import type { Normaliser } from './normalise.js';

export interface CassetteWriter {
  /** Writes a step; output a request printed is written first. */
  step<K extends StepKind>(kind: K, payload?: Omit<Extract<Step, { kind: K }>, 'kind' | 'time' | 'line'>): void;
  /** A request's raw terminal output, redacted as it streams. */
  output(data: string): void;
  /** Releases the file between sessions; the next step opens it again for appending. */
  release(): void;
  /** The first error met writing, if any (the session reports it when it closes). */
  readonly error: Error | undefined;
}

/**
 * Starts a cassette at `path` (truncating it, mode 0600), with its header and version step. Throws
 * INVALID_INPUT at once when the file cannot be created, before anything starts.
 */
export function createCassetteWriter(
  path: string,
  normaliser: Normaliser,
  clock = () => performance.now(),
): CassetteWriter {
  const startedAt = clock();
  let fd: number | undefined;
  let error: Error | undefined;
  let redactor: Redactor | undefined;
  const time = () => Math.max(0, (clock() - startedAt) / 1000);
  const write = (line: string) => {
    if (error) return;
    try {
      fd ??= openSync(path, 'a', 0o600);
      writeSync(fd, `${line}\n`);
    } catch (cause) {
      error = cause as Error;
    }
  };
  const writeOutput = (text: string) => {
    const shown = normaliser.text(text);
    if (shown !== '') write(formatEventLine({ type: 'output', time: time(), data: shown }));
  };
  const endOutput = () => {
    if (redactor) writeOutput(redactor.end());
    redactor = undefined;
  };
  try {
    fd = openSync(path, 'w', 0o600);
  } catch (cause) {
    throw invalidInput(
      `The cassette ${path} cannot be written: ${(cause as Error).message}`,
      'Create its folder, or pass a path you can write to.',
    );
  }
  write(
    formatHeaderLine({
      version: 2,
      width: defaultHostSize.cols,
      height: defaultHostSize.rows,
      timestamp: Math.floor(Date.now() / 1000),
      title: 'ippsconnect cassette',
      env: { TERM: 'xterm-256color' },
    }),
  );
  const marker = (label: string) => write(formatEventLine({ type: 'marker', time: time(), label }));
  marker(formatStepLabel('cassette', { version: cassetteVersion }));
  return {
    step(kind, payload = {} as never) {
      endOutput();
      marker(formatStepLabel(kind, payload));
    },
    output(data) {
      redactor ??= createRedactor({ secrets: normaliser.secrets });
      writeOutput(redactor.push(data));
    },
    release() {
      endOutput();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
    get error() {
      return error;
    },
  };
}

/** A cassette read and checked: its steps in order (output with the request it belongs to). */
export interface CassetteTape {
  path: string;
  steps: AnyStep[];
}

/** Reads and checks a whole cassette; CASSETTE_INVALID names the line and what was expected there. */
export function readCassette(path: string): CassetteTape {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw invalidInput(
      `The cassette ${path} cannot be read: ${(cause as Error).message}`,
      'Record it first (IPPSCONNECT_CASSETTE_MODE=record or auto), or fix the path.',
    );
  }
  const steps: AnyStep[] = [];
  let sawHeader = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    try {
      if (!sawHeader) {
        parseHeaderLine(raw, line);
        sawHeader = true;
        continue;
      }
      const event = parseEventLine(raw, line);
      if (event.type === 'output') steps.push({ kind: 'output', time: event.time, line, data: event.data });
      if (event.type === 'marker' && event.label.startsWith(stepPrefix)) {
        steps.push(parseStep(path, event.label.slice(stepPrefix.length), event.time, line));
      }
    } catch (error) {
      if (error instanceof RecordError) throw invalid(path, error.message, error);
      throw error;
    }
  }
  if (!sawHeader) throw invalid(path, 'the file is empty: expected an asciicast v2 header line');
  checkOrder(path, steps);
  return { path, steps };
}

function parseStep(path: string, label: string, time: number, line: number): Step {
  const space = label.indexOf(' ');
  const kind = space === -1 ? label : label.slice(0, space);
  if (!isStepKind(kind)) {
    throw invalid(
      path,
      `line ${line}: unknown step "${stepPrefix}${kind}" (known: ${Object.keys(stepSchemas).join(', ')})`,
    );
  }
  let payload: unknown = {};
  if (space !== -1) {
    try {
      payload = JSON.parse(label.slice(space + 1));
    } catch {
      throw invalid(path, `line ${line}: the ${stepPrefix}${kind} step's data is not JSON`);
    }
  }
  const parsed = stepSchemas[kind].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(the data)';
    throw invalid(path, `line ${line}: ${stepPrefix}${kind} ${field}: ${issue.message}`);
  }
  return { kind, time, line, ...(parsed.data as object) } as Step;
}

/** Where each step may come: top level, inside a session, inside a request. */
const allowed: Record<'top' | 'session' | 'request', ReadonlySet<AnyStep['kind']>> = {
  top: new Set(['tokens', 'tokens-failed', 'start', 'start-failed']),
  session: new Set(['request', 'interrupt', 'interrupted', 'answer', 'close', 'kill']),
  request: new Set(['output', 'prompt', 'answer', 'interrupt', 'interrupted', 'done', 'failed']),
};

function checkOrder(path: string, steps: AnyStep[]): void {
  const first = steps.find((step) => step.kind !== 'output');
  if (first?.kind !== 'cassette') {
    throw invalid(path, `expected the first step to be ${stepPrefix}cassette {"version":${cassetteVersion}}`);
  }
  let state: keyof typeof allowed = 'top';
  let opened: AnyStep | undefined;
  for (const step of steps) {
    if (step === first || (step.kind === 'output' && state !== 'request')) continue;
    if (step.kind === 'cassette') throw invalid(path, `line ${step.line}: a second ${stepPrefix}cassette step`);
    if (!allowed[state].has(step.kind)) {
      const where =
        state === 'top' ? 'outside a session' : state === 'session' ? 'between requests' : 'inside a request';
      throw invalid(
        path,
        `line ${step.line}: ${stepPrefix}${step.kind} cannot come ${where} (after line ${opened?.line ?? first.line})`,
      );
    }
    if (step.kind === 'start' || step.kind === 'done' || step.kind === 'failed') state = 'session';
    if (step.kind === 'request') state = 'request';
    if (step.kind === 'close' || step.kind === 'kill') state = 'top';
    if (step.kind === 'start' || step.kind === 'request') opened = step;
  }
  if (state === 'request') {
    throw invalid(
      path,
      `the request at line ${opened!.line} has no ${stepPrefix}done or ${stepPrefix}failed step: the file ends there (cut short?)`,
    );
  }
  if (state === 'session') {
    throw invalid(
      path,
      `the session started at line ${opened!.line} has no ${stepPrefix}close or ${stepPrefix}kill step: the file ends there (cut short?)`,
    );
  }
}
