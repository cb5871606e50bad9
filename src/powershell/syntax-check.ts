/**
 * Checks PowerShell for constructs Windows PowerShell 5.1 cannot run, by running
 * scripts/ps/check-syntax.ps1 (which documents each rule) in the given PowerShell.
 * Used by the tests for our own scripts, and for the commands ippsconnect generates.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { scriptPath } from './scripts.js';

/** The rules of check-syntax.ps1, in the order its help lists them. */
export const syntaxRules = [
  'parse-error',
  'ternary-operator',
  'pipeline-chain',
  'null-coalescing',
  'null-conditional',
  'foreach-parallel',
  'clean-block',
  'escape-sequence',
  'numeric-literal',
  'platform-variable',
] as const;

export type SyntaxRule = (typeof syntaxRules)[number];

/** One construct 5.1 cannot run. */
export interface SyntaxFinding {
  /** The file as the caller passed it, or `<command N>` for the N-th (0-based) command string. */
  file: string;
  /** 1-based, as PowerShell counts. */
  line: number;
  column: number;
  rule: SyntaxRule;
  /** The first line of the offending code, or the parser's message for `parse-error`. */
  text: string;
}

export interface CheckSyntaxOptions {
  /** The PowerShell that runs the check: pwsh 7 (or Windows PowerShell 5.1, which then reports 7-only syntax as parse errors). */
  pwsh: string;
  files?: readonly string[];
  /** PowerShell source text, e.g. generated commands. */
  commands?: readonly string[];
}

// Parsing is fast; the time is PowerShell's start-up (~1 s), plus slack for loaded CI machines.
const CHECK_TIMEOUT_MS = 60_000;

// check-syntax.ps1 exit codes: 0 nothing found, 1 findings, anything else the check itself failed.
const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;

const knownRules: ReadonlySet<string> = new Set(syntaxRules);

function parseFinding(line: string, originalPaths: ReadonlyMap<string, string>): SyntaxFinding {
  const value: unknown = JSON.parse(line);
  const record = value as Partial<Record<keyof SyntaxFinding, unknown>>;
  if (
    typeof record.file !== 'string' ||
    typeof record.line !== 'number' ||
    typeof record.column !== 'number' ||
    typeof record.rule !== 'string' ||
    !knownRules.has(record.rule) ||
    typeof record.text !== 'string'
  ) {
    throw new Error(`check-syntax.ps1 printed an unexpected line: ${line}`);
  }
  return {
    file: originalPaths.get(record.file) ?? record.file,
    line: record.line,
    column: record.column,
    rule: record.rule as SyntaxRule,
    text: record.text,
  };
}

/** Findings for every file and command; empty when all of them would run in Windows PowerShell 5.1. */
export async function checkWindowsPowerShellSyntax(options: CheckSyntaxOptions): Promise<SyntaxFinding[]> {
  const { pwsh, files = [], commands = [] } = options;
  if (files.length === 0 && commands.length === 0) return [];

  // Absolute paths: a relative name starting with "-" would otherwise be read as a parameter name.
  const originalPaths = new Map(files.map((file) => [resolve(file), file]));
  // Commands go through a JSON file: `pwsh -File` passes each argument as one plain string, and
  // newlines and quotes survive a file better than a Windows command line.
  const directory = await mkdtemp(join(tmpdir(), 'ippsconnect-syntax-'));
  try {
    const args = [
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      scriptPath('check-syntax.ps1'),
    ];
    if (commands.length > 0) {
      const commandsPath = join(directory, 'commands.json');
      await writeFile(commandsPath, JSON.stringify(commands), 'utf8');
      args.push('-CommandJsonPath', commandsPath);
    }
    args.push(...originalPaths.keys());

    const result = await execa(pwsh, args, { reject: false, timeout: CHECK_TIMEOUT_MS, stdin: 'ignore' });
    if (result.exitCode !== EXIT_CLEAN && result.exitCode !== EXIT_FINDINGS) {
      throw new Error(
        `check-syntax.ps1 failed (exit ${result.exitCode ?? result.signal}): ${result.stderr || result.stdout}`,
        {
          cause: result,
        },
      );
    }
    return result.stdout
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => parseFinding(line, originalPaths));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
