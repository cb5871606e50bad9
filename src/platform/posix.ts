import { spawn } from 'node:child_process';
import { posix } from 'node:path';
import { definedEnvironment, readVariable, terminalName } from './environment.js';
import type { ModuleFolder, Platform, PlatformDeps } from './types.js';

/** `ps` lists every process with its parent; procps and BSD ps both accept these options. */
const processTableArgs = ['-A', '-o', 'pid=,ppid='] as const;

export function createPosixPlatform(deps: PlatformDeps): Platform {
  return {
    name: 'posix',
    pathDelimiter: ':',
    powershellNames: ['pwsh'],
    // .NET follows the locale, and terminals here are UTF-8.
    needsUtf8Console: false,
    joinPath: (directory, name) => posix.join(directory, name),
    executableNames: (name) => [name],
    ptyEnvironment: (base, extra) => definedEnvironment(base, extra),
    spawnOptions: (cols, rows) => ({ name: terminalName, cols, rows }),
    commandChannelAddress(workDir) {
      const path = posix.join(workDir, 'channel.sock');
      return { listen: path, connect: path };
    },
    killPty(pty) {
      pty.kill('SIGKILL');
    },
    armExitWatchdog(pid, ms) {
      try {
        spawn(
          process.execPath,
          ['-e', `setTimeout(() => { if (process.ppid === ${pid}) process.kill(${pid}, 'SIGINT'); }, ${ms});`],
          { detached: true, stdio: 'ignore' },
        ).unref();
      } catch {
        // No watchdog: the exit is then only as bounded as Node's own.
      }
    },
    async killTree(pid) {
      // Collect the descendants before killing anything: once the parent dies they are re-parented to init.
      const descendants = await listDescendants(deps, pid);
      for (const target of [pid, ...descendants]) trySignal(deps, target, 'SIGKILL');
      // node-pty makes PowerShell a session and group leader, so this also reaches anything that
      // started between the listing and the kill.
      trySignal(deps, -pid, 'SIGKILL');
    },
    moduleSearchFolders: async (env) => posixModuleFolders(env),
    // The ClickOnce module was Windows-only.
    legacyModuleRoot: () => undefined,
  };
}

/**
 * PowerShell 7's module folders on Linux and macOS: CurrentUser under XDG_DATA_HOME (default
 * ~/.local/share), AllUsers under /usr/local/share. ($PSHOME/Modules holds only PowerShell's own.)
 */
export function posixModuleFolders(env: Readonly<Record<string, string | undefined>>): ModuleFolder[] {
  const home = readVariable(env, 'HOME');
  const dataHome = readVariable(env, 'XDG_DATA_HOME') ?? (home ? posix.join(home, '.local', 'share') : undefined);
  return [
    ...(dataHome
      ? [{ path: posix.join(dataHome, 'powershell', 'Modules'), scope: 'CurrentUser', searchedBy: ['Core'] } as const]
      : []),
    { path: '/usr/local/share/powershell/Modules', scope: 'AllUsers', searchedBy: ['Core'] },
  ];
}

async function listDescendants(deps: PlatformDeps, root: number): Promise<number[]> {
  let stdout: string;
  try {
    ({ stdout } = await deps.run('ps', processTableArgs));
  } catch {
    return [];
  }
  return descendantsOf(root, parseProcessTable(stdout));
}

/** Parses `ps -o pid=,ppid=` output into [pid, ppid] pairs. */
export function parseProcessTable(text: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) pairs.push([Number(match[1]), Number(match[2])]);
  }
  return pairs;
}

/** Every pid below `root` in the parent/child table, breadth first. */
export function descendantsOf(root: number, table: ReadonlyArray<[number, number]>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (child !== root && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function trySignal(deps: PlatformDeps, pid: number, signal: NodeJS.Signals): void {
  try {
    deps.signal(pid, signal);
  } catch {
    // Already gone: that is the goal.
  }
}
