/**
 * The checked-in cassettes (fixtures/cassettes, recorded against the stand-in module) replayed through the
 * built CLI with no PowerShell anywhere: PATH empty, IPPSCONNECT_PWSH unset, CI=true (so replay is the
 * default mode). What each must give is written from its scenario (fixtures/modules/README.md) and the
 * exit-code table (README "Exit codes"), not from a run. Then the ways a cassette can be wrong.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { repoRoot, standInModulesDir } from '../helpers/pwsh.js';

const fixtures = join(repoRoot, 'fixtures', 'cassettes');
const catalog = JSON.parse(readFileSync(join(fixtures, 'catalog.json'), 'utf8')) as {
  cassettes: Array<{ name: string; scenario: string; args: string[] }>;
};
const argsOf = (name: string) => catalog.cassettes.find((cassette) => cassette.name === name)!.args;

let dir: string;
beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error('dist/cli/main.js is missing: `npm test` builds it first.');
});
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI with no PowerShell to find: PATH empty, no IPPSCONNECT_PWSH, CI=true. */
async function replay(args: string[], cassette: string, extraEnv: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'ipps-cassette-'));
  const result = await execa(
    process.execPath,
    [cliPath, ...args, '--module-path', standInModulesDir, '--cassette', cassette, '--json'],
    {
      env: { PATH: '', CI: 'true', HOME: process.env.HOME, IPPSCONNECT_LOCK_DIR: join(dir, 'locks'), ...extraEnv },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      cwd: repoRoot,
      timeout: 30_000,
    },
  );
  // With --output json the events go to stderr, and the failure that ends the run to stdout.
  const events = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .filter((line) => line.startsWith('{"type"'))
    .map((line) => JSON.parse(line) as { type: string; code?: string; message?: string; phase?: string });
  return { exitCode: result.exitCode, stdout: String(result.stdout), events };
}

/** A copy of a fixture cassette, changed by `edit`, in the test's folder. */
function editedCopy(name: string, edit: (text: string) => string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ipps-edited-')), `${name}.cast`);
  writeFileSync(path, edit(readFileSync(join(fixtures, `${name}.cast`), 'utf8')));
  return path;
}

describe('checked-in cassettes replay without PowerShell', () => {
  it('a job that returns objects: the two stand-in policies on stdout, exit 0', async () => {
    const run = await replay(argsOf('run-json-success'), join(fixtures, 'run-json-success.cast'));
    expect(run.exitCode).toBe(0);
    const objects = JSON.parse(run.stdout) as Array<{ Name: string }>;
    expect(objects.map((policy) => policy.Name)).toEqual(['Mailbox retention 7 years', 'Teams chat retention 1 year']);
    expect(run.events).toContainEqual({ type: 'output', text: 'collecting policies' });
    expect(run.events.filter((event) => event.type === 'phase').map((event) => event.phase)).toEqual([
      'starting',
      'locating-module',
      'importing-module',
      'connecting',
      'running',
      'disconnecting',
      'closed',
    ]);
  });

  it.each([
    ['run-connection-limit', 'CONNECTION_LIMIT', 5],
    ['run-certificate-unusable', 'CERTIFICATE_UNUSABLE', 3],
  ])('%s: the recorded failure, with its code and exit code', async (name, code, exitCode) => {
    const run = await replay(argsOf(name), join(fixtures, `${name}.cast`));
    expect(run.exitCode).toBe(exitCode);
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'error', code }));
    expect(run.stdout).not.toMatch(/^\[/);
  });

  it('a job whose first attempt hit the connection limit: the retry replays the second session, exit 0', async () => {
    const run = await replay(
      argsOf('run-connection-limit-then-success'),
      join(fixtures, 'run-connection-limit-then-success.cast'),
    );
    expect(run.exitCode).toBe(0);
    expect(run.events.filter((event) => event.type === 'error').map((event) => event.code)).toEqual([
      'CONNECTION_LIMIT',
    ]);
    expect(run.events.filter((event) => event.phase === 'starting')).toHaveLength(2);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBe(2);
  });
});

describe('a cassette that does not fit fails clearly, exit 2, nothing runs', () => {
  it('another command than the recorded one: CASSETTE_MISMATCH naming both', async () => {
    const args = argsOf('run-json-success').map((arg) => (arg.startsWith("Write-Host 'collecting") ? 'Get-Date' : arg));
    const run = await replay(args, join(fixtures, 'run-json-success.cast'));
    expect(run.exitCode).toBe(2);
    const failure = run.events.find((event) => event.code === 'CASSETTE_MISMATCH');
    expect(failure?.message).toMatch(
      /run-json-success\.cast line \d+ recorded evaluate "& \{\\nWrite-Host 'collecting policies'/,
    );
    expect(failure?.message).toContain('the session made evaluate "& {\\nGet-Date\\n}"');
  });

  it('a cassette cut short after a request: CASSETTE_INVALID naming the request line', async () => {
    const cut = editedCopy('run-json-success', (text) => {
      const lines = text.split('\n');
      const connect = lines.findIndex((line) => line.includes('Connect-IPPSSession'));
      return `${lines.slice(0, connect + 2).join('\n')}\n`;
    });
    const connectLine =
      readFileSync(cut, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('Connect-IPPSSession')) + 1;
    const run = await replay(argsOf('run-json-success'), cut);
    expect(run.exitCode).toBe(2);
    const failure = run.events.find((event) => event.code === 'CASSETTE_INVALID');
    expect(failure?.message).toContain(`the request at line ${connectLine} has no ipps:done or ipps:failed step`);
    expect(run.events.filter((event) => event.type === 'phase')).toEqual([]);
  });

  it('a cassette cut in the middle of a line: CASSETTE_INVALID naming that line', async () => {
    const cut = editedCopy('run-json-success', (text) => text.slice(0, text.indexOf('Import-Module') + 5));
    const lastLine = readFileSync(cut, 'utf8').split('\n').length;
    const run = await replay(argsOf('run-json-success'), cut);
    expect(run.exitCode).toBe(2);
    expect(run.events.find((event) => event.code === 'CASSETTE_INVALID')?.message).toContain(`line ${lastLine}:`);
  });

  it('an outcome edited wrong ("success": "yes"): CASSETTE_INVALID naming the line and the field', async () => {
    let editedLine = 0;
    const edited = editedCopy('run-json-success', (text) => {
      const lines = text.split('\n');
      editedLine = lines.findIndex((line) => line.includes('ipps:done {\\"success\\":true')) + 1;
      lines[editedLine - 1] = lines[editedLine - 1]!.replace('\\"success\\":true', '\\"success\\":\\"yes\\"');
      return lines.join('\n');
    });
    const run = await replay(argsOf('run-json-success'), edited);
    expect(run.exitCode).toBe(2);
    expect(run.events.find((event) => event.code === 'CASSETTE_INVALID')?.message).toMatch(
      new RegExp(`line ${editedLine}: ipps:done success: `),
    );
  });

  it.each([
    ['no mode: replay is the default there, and there is nothing to replay', [], /cannot be read/],
    ['--cassette-mode record: refused', ['--cassette-mode', 'record'], /refused under CI=true/],
    ['--cassette-mode auto: it would record, refused', ['--cassette-mode', 'auto'], /refused under CI=true/],
  ])('a missing cassette under CI=true, %s: INVALID_INPUT, exit 2', async (_, flags, message) => {
    const missing = join(tmpdir(), `ipps-no-such-cassette-${process.pid}.cast`);
    const run = await replay([...argsOf('run-json-success'), ...flags], missing);
    expect(run.exitCode).toBe(2);
    expect(run.events.find((event) => event.code === 'INVALID_INPUT')?.message).toMatch(message);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('editing a cassette by hand (docs/cassettes.md)', () => {
  it('a success turned into the connection limit: the recorded error text in the connect request, success false', async () => {
    // The connect request's output and outcome of the connection-limit cassette, put into the success one.
    const failing = readFileSync(join(fixtures, 'run-connection-limit.cast'), 'utf8').split('\n');
    const start = failing.findIndex((line) => line.includes('Connect-IPPSSession'));
    const end = failing.findIndex((line, index) => index > start && line.includes('ipps:done'));
    const edited = editedCopy('run-json-success', (text) => {
      const lines = text.split('\n');
      const from = lines.findIndex((line) => line.includes('Connect-IPPSSession'));
      // What follows the connect in the success cassette (the connection check, the work) did not happen.
      const disconnect = lines.findIndex((line) => line.includes('Disconnect-ExchangeOnline'));
      return [...lines.slice(0, from), ...failing.slice(start, end + 1), ...lines.slice(disconnect)].join('\n');
    });
    const run = await replay(argsOf('run-json-success'), edited);
    expect(run.exitCode).toBe(5);
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'CONNECTION_LIMIT' }));
  });
});
