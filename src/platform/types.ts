/**
 * Everything that differs between Windows and POSIX sits behind this interface, chosen once in
 * `currentPlatform()`. The rest of the code receives a Platform and never reads `process.platform`,
 * so the Windows implementation is unit-tested on Linux with fakes.
 */
export interface Platform {
  readonly name: 'windows' | 'posix';
  /** Separator of PATH and PSModulePath entries (`;` on Windows, `:` elsewhere). */
  readonly pathDelimiter: string;
  /**
   * PowerShell executables to look for on PATH when none is configured, best first.
   * Windows falls back to Windows PowerShell 5.1 (`powershell.exe`), which every Windows has.
   */
  readonly powershellNames: readonly string[];
  /** Joins a folder and a file name with this platform's separator (tests run Windows paths on Linux). */
  joinPath(directory: string, name: string): string;
  /** Names under which an executable called `name` may exist on disk (PATHEXT on Windows). */
  executableNames(name: string, env: Readonly<Record<string, string | undefined>>): string[];
  /**
   * The environment for PowerShell in the pty: no undefined values (node-pty would pass the string
   * "undefined"), TERM set (ConPTY does not set it), plus `extra`.
   */
  ptyEnvironment(
    base: Readonly<Record<string, string | undefined>>,
    extra: Readonly<Record<string, string>>,
  ): Record<string, string>;
  /** Ends `pid` and every process below it; resolves once the kill has been issued. */
  killTree(pid: number): Promise<void>;
}

/** What the platform implementations need from the outside world; injected so tests can fake it. */
export interface PlatformDeps {
  /** Runs a program to completion (no shell) and returns its stdout. */
  run(file: string, args: readonly string[]): Promise<{ stdout: string; exitCode: number | undefined }>;
  /** Sends a signal; throws like `process.kill` when the process does not exist. */
  signal(pid: number, signal: NodeJS.Signals): void;
}
