/**
 * Runs parse-literals.ps1: what the real PowerShell parser makes of `Write-Output <literal>`, for many
 * literals in one PowerShell process (start-up costs ~0.7 s; parsing a literal costs microseconds).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const oracleScript = join(dirname(fileURLToPath(import.meta.url)), 'parse-literals.ps1');

/** See parse-literals.ps1: shape `string` or `array` when the argument is what quoting promises. */
export interface LiteralParse {
  errors: string[];
  shape: string;
  values: string[];
}

// UTF-16 code units as base64 on both sides: exact for any JavaScript string, lone surrogates included,
// and immune to console and file encodings.
const encode = (text: string) => Buffer.from(text, 'utf16le').toString('base64');
const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf16le');

export async function parseLiterals(pwsh: string, literals: readonly string[]): Promise<LiteralParse[]> {
  const directory = await mkdtemp(join(tmpdir(), 'ippsconnect-quote-'));
  try {
    const inputPath = join(directory, 'literals.txt');
    await writeFile(inputPath, `${literals.map(encode).join('\n')}\n`, 'ascii');
    const { stdout } = await execa(
      pwsh,
      ['-NoProfile', '-NonInteractive', '-File', oracleScript, '-InputPath', inputPath],
      {
        stdin: 'ignore',
        timeout: 120_000,
      },
    );
    const parses = stdout
      .split(/\r?\n/)
      .filter((line) => line !== '')
      .map((line) => {
        const raw = JSON.parse(line) as LiteralParse;
        return { errors: raw.errors, shape: raw.shape, values: raw.values.map(decode) };
      });
    if (parses.length !== literals.length) {
      throw new Error(`parse-literals.ps1 answered ${parses.length} of ${literals.length} literals`);
    }
    return parses;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Why `parse` is not exactly the literal `expected` of the given shape; undefined when it is. */
export function literalMismatch(
  parse: LiteralParse,
  shape: 'string' | 'array',
  expected: readonly string[],
): string | undefined {
  if (parse.errors.length > 0) return `parse errors: ${parse.errors.join(' | ')}`;
  if (parse.shape !== shape) return `parsed as ${parse.shape}, not a single-quoted ${shape}`;
  if (parse.values.length !== expected.length || parse.values.some((value, i) => value !== expected[i])) {
    return `value ${JSON.stringify(parse.values)} differs from ${JSON.stringify(expected)}`;
  }
  return undefined;
}
