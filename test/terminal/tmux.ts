/**
 * A small driver for tmux, a real terminal emulator: it answers PowerShell's terminal queries (cursor
 * position, device attributes) as a person's terminal does, which a bare pty in a test never does.
 * Each terminal runs on its own tmux server (`tmux -L <unique name>`), so a test never touches the
 * user's own tmux; `kill()` ends that server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether tmux is installed; under CI=true its absence fails the suite instead of skipping it. */
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
export const skipWithoutTmux = !hasTmux && process.env.CI !== 'true';
if (!hasTmux && process.env.CI === 'true') {
  throw new Error('CI=true but tmux is not installed: .ci/run installs it (apt-get install -y tmux).');
}

let counter = 0;

export interface TmuxOptions {
  /** The shell command line run in the pane (by sh). */
  command: string;
  env: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
}

export class TmuxTerminal {
  readonly socket: string;
  readonly dir: string;
  /** Where `runInTmux` scripts write `$?` of the command they ran. */
  readonly exitFile: string;

  private constructor(socket: string, dir: string) {
    this.socket = socket;
    this.dir = dir;
    this.exitFile = join(dir, 'exit-code');
  }

  /**
   * Starts a tmux server with one pane of `cols`×`rows` running `command` through sh. The pane stays
   * after the command ends (remain-on-exit), so its last screen can still be read.
   */
  static start(options: TmuxOptions): TmuxTerminal {
    const dir = mkdtempSync(join(tmpdir(), 'ipps-tmux-'));
    const socket = `ipps-test-${process.pid}-${++counter}`;
    const terminal = new TmuxTerminal(socket, dir);
    const config = join(dir, 'tmux.conf');
    writeFileSync(
      config,
      ['set -g remain-on-exit on', 'set -g default-terminal xterm-256color', 'set -g history-limit 5000', ''].join(
        '\n',
      ),
    );
    const script = join(dir, 'run.sh');
    // The terminal's modes are saved before the exit code, so a test that has the exit code has them too.
    writeFileSync(
      script,
      `${options.command}\ncode=$?\nstty -a > '${dir}/stty'\necho $code > '${terminal.exitFile}'\n`,
    );
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
    delete env.TMUX;
    execFileSync(
      'tmux',
      [
        '-L',
        socket,
        '-f',
        config,
        'new-session',
        '-d',
        '-s',
        'main',
        '-x',
        String(options.cols ?? 120),
        '-y',
        String(options.rows ?? 35),
        `sh '${script}'`,
      ],
      { env, stdio: 'ignore' },
    );
    return terminal;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen, as text (trailing spaces trimmed by tmux). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** The screen with the scrollback above it. */
  history(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-t', 'main');
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /** Presses keys by tmux name: Enter, Tab, C-c, C-d, … */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** The pid of the process the pane runs (sh). */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim());
  }

  /** The pane's pid, or undefined once the tmux server is gone. */
  panePidOrUndefined(): number | undefined {
    try {
      return this.panePid();
    } catch {
      return undefined;
    }
  }

  /** Polls the screen until `pattern` shows, or fails with the screen when `timeoutMs` passes. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000, read: () => string = () => this.screen()): Promise<string> {
    const until = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < until) {
      text = read();
      if (pattern.test(text)) return text;
      await sleep(100);
    }
    throw new Error(`The screen did not show ${pattern} within ${timeoutMs} ms. It shows:\n${text}`);
  }

  /** Waits for the command in the pane to end and returns its exit code. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (existsSync(this.exitFile)) {
        const text = readFileSync(this.exitFile, 'utf8').trim();
        if (text !== '') return Number(text);
      }
      await sleep(100);
    }
    throw new Error(`The command did not end within ${timeoutMs} ms. The screen shows:\n${this.screen()}`);
  }

  /** `stty -a` in the pane after the command ended: how the command left the terminal. */
  terminalModes(): string {
    return readFileSync(join(this.dir, 'stty'), 'utf8');
  }

  /** Ends this tmux server (and with it the pane: its processes get SIGHUP). Safe to call twice. */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }

  dispose(): void {
    this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Quotes a word for sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
