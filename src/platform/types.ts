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
  /**
   * Whether the console must be switched to UTF-8 before PowerShell prints anything we read. True on
   * Windows: a console starts in the OEM code page (437, 850, ...), so module output and user data
   * outside it come out as `?`; scripts/ps/bootstrap.ps1 sets [Console]::OutputEncoding, InputEncoding
   * and $OutputEncoding to UTF-8 (no BOM), which this member documents and tests can assert. POSIX
   * terminals are UTF-8 already (.NET follows the locale).
   */
  readonly needsUtf8Console: boolean;
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
  /**
   * The node-pty options that differ by platform; the host adds `cwd` and `env`. Windows asks for
   * ConPTY explicitly (node-pty still falls back to winpty below build 18309) and says which ConPTY:
   * the conpty.dll node-pty ships by default, whose OSC sequences stay in order with the text (see
   * WindowsPlatformOptions.useConptyDll), or the system's. On Windows `name` is only a label: ConPTY
   * does not set TERM, so it comes from `ptyEnvironment`.
   */
  spawnOptions(cols: number, rows: number): PtySpawnOptions;
  /**
   * Ends the process of a pty. node-pty throws "Signals not supported on windows." when `kill` gets a
   * signal there, so Windows calls `kill()` bare (it closes the pseudoconsole and ends the process);
   * POSIX sends SIGKILL. This ends one process: use `killTree` for everything PowerShell started.
   */
  killPty(pty: { kill(signal?: string): void }): void;
  /** Ends `pid` and every process below it; resolves once the kill has been issued. */
  killTree(pid: number): Promise<void>;
  /**
   * Makes sure this process ends within `ms` even if its exit hangs. As Node exits it joins its I/O threads,
   * and one blocked in a system call that never returns (opening a FIFO nobody writes) blocks the exit for
   * ever. POSIX starts a small detached watchdog that sends SIGINT (shells report 130) while this process
   * is still its parent, so a reused pid is never hit. Windows has no such join to hang on: nothing to do.
   */
  armExitWatchdog(pid: number, ms: number): void;
  /**
   * Where the command channel of a session lives. `listen` is what Node's net server listens on, `connect`
   * what PowerShell's NamedPipeClientStream gets as the pipe name. POSIX: a Unix socket in the session's
   * private (0700) folder, the same path for both (.NET takes a rooted pipe name as the socket's path).
   * Windows: a named pipe `\\.\pipe\ippsconnect-<token>`; pipes live in their own namespace, not in
   * the folder, so the random token and the nonce hello (host/command-channel.ts) keep others out.
   */
  commandChannelAddress(workDir: string, token: string): { listen: string; connect: string };
  /**
   * Folders where ExchangeOnlineManagement is usually installed, by scope and by the PowerShell
   * editions that search them by default; for the "looked in ..." of MODULE_NOT_FOUND. On Windows the
   * CurrentUser folders live under Documents, which OneDrive's known-folder move redirects: the real
   * Documents is `IPPSCONNECT_DOCUMENTS` if set, else the registry's User Shell Folders\Personal
   * (read with reg.exe), else %USERPROFILE%\Documents.
   */
  moduleSearchFolders(env: Readonly<Record<string, string | undefined>>): Promise<ModuleFolder[]>;
  /**
   * Where ClickOnce installed the retired Exchange Online Remote PowerShell module (EXO V1):
   * %LOCALAPPDATA%\Apps\2.0 on Windows; undefined elsewhere, since it never existed there.
   */
  legacyModuleRoot(env: Readonly<Record<string, string | undefined>>): string | undefined;
}

/** node-pty spawn options that differ by platform (a subset of IPtyForkOptions / IWindowsPtyForkOptions). */
export interface PtySpawnOptions {
  /** TERM name; on POSIX node-pty puts it in the child's environment. */
  name: string;
  cols: number;
  rows: number;
  /** Windows only: ConPTY rather than winpty. */
  useConpty?: boolean;
  /** Windows only: node-pty's bundled conpty.dll + OpenConsole.exe instead of the system ConPTY. */
  useConptyDll?: boolean;
}

/** `Desktop`: Windows PowerShell 5.1; `Core`: PowerShell 7 (`$PSVersionTable.PSEdition`). */
export type PowerShellEdition = 'Desktop' | 'Core';

/** A folder modules may be installed in. */
export interface ModuleFolder {
  path: string;
  /** `Install-Module -Scope` that installs here. */
  scope: 'CurrentUser' | 'AllUsers';
  /**
   * Editions whose default PSModulePath includes this folder. Empty: no PowerShell looks here any more,
   * but a module may still sit there (see `note`).
   */
  searchedBy: readonly PowerShellEdition[];
  /** Why the folder is listed, when it is not obvious. */
  note?: string;
}

/** What the platform implementations need from the outside world; injected so tests can fake it. */
export interface PlatformDeps {
  /** Runs a program to completion (no shell) and returns its stdout. */
  run(file: string, args: readonly string[]): Promise<{ stdout: string; exitCode: number | undefined }>;
  /** Sends a signal; throws like `process.kill` when the process does not exist. */
  signal(pid: number, signal: NodeJS.Signals): void;
}
