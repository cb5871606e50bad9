import { join } from 'node:path';
import pty from 'node-pty';
import stripAnsi from 'strip-ansi';
import { currentPlatform } from '../../src/platform/index.js';
import { repoRoot } from './pwsh.js';

export const cliPath = join(repoRoot, 'dist', 'cli', 'main.js');

export interface CliRun {
  output: string;
  exitCode: number;
}

/**
 * Runs the built CLI in a real pty, as a person at a terminal would (stdin is a TTY), and collects what
 * it printed. Killed after `timeoutMs`, so a hang fails the test instead of stalling the suite.
 */
export function runCliInPty(
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  /**
   * Called with everything printed so far (ANSI stripped) after each chunk; may type into the terminal.
   * `chunk` is the raw chunk, for answering terminal queries as a real terminal does.
   */
  interact?: (screen: string, type: (text: string) => void, chunk: string) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
    const child = pty.spawn(process.execPath, [cliPath, ...args], {
      name: 'xterm-256color',
      cols: 200,
      rows: 50,
      cwd: repoRoot,
      env: clean,
    });
    let output = '';
    child.onData((data) => {
      output += data;
      interact?.(stripAnsi(output), (text) => child.write(text), data);
    });
    const timer = setTimeout(() => {
      currentPlatform().killPty(child);
      reject(new Error(`CLI did not exit within ${timeoutMs} ms; output so far:\n${stripAnsi(output)}`));
    }, timeoutMs);
    child.onExit(({ exitCode }) => {
      clearTimeout(timer);
      resolve({ output: stripAnsi(output).replace(/\r\n/g, '\n'), exitCode });
    });
  });
}
