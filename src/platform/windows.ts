import { win32 } from 'node:path';
import { definedEnvironment, terminalName } from './environment.js';
import type { Platform, PlatformDeps } from './types.js';
import { clickOnceRoot, documentsFolder, windowsModuleFolders } from './windows-folders.js';

/** Executable extensions Windows tries when PATHEXT is unset. */
const defaultPathExt = '.COM;.EXE;.BAT;.CMD';

export interface WindowsPlatformOptions {
  /**
   * %SystemRoot%: Windows' own tools (taskkill.exe, reg.exe) are run from its System32 by full path, so
   * a file of the same name in the current folder or on PATH is never run instead. Unset: by name.
   */
  systemRoot?: string | undefined;
  /**
   * Use the conpty.dll (with OpenConsole.exe, ConPTY 1.23) that node-pty 1.1.0 ships rather than the
   * system's ConPTY. On by default: the ConPTY built into Windows buffers OSC sequences and emits them
   * ahead of the text around them (microsoft/terminal#8698, #11220; node-pty#714), and the host learns
   * that a command finished from OSC 633 markers, so a marker overtaking the command's last lines would
   * cut its output short. VS Code turned the same setting on by default for that reason (vscode#315951).
   * node-pty still calls it experimental, and one report has pwsh's first output seconds late with it
   * (node-pty#894). IPPSCONNECT_CONPTY_DLL=0 turns it off.
   */
  useConptyDll?: boolean;
}

export function createWindowsPlatform(deps: PlatformDeps, options: WindowsPlatformOptions = {}): Platform {
  const tool = (name: string) => (options.systemRoot ? win32.join(options.systemRoot, 'System32', name) : name);
  return {
    name: 'windows',
    pathDelimiter: ';',
    // pwsh 7 first; Windows PowerShell 5.1 is always there and runs every module version.
    powershellNames: ['pwsh', 'powershell'],
    needsUtf8Console: true,
    joinPath: (directory, name) => win32.join(directory, name),
    executableNames(name, env) {
      if (/\.[a-z0-9]+$/i.test(name)) return [name];
      const extensions = (env.PATHEXT ?? env.Pathext ?? defaultPathExt).split(';').filter(Boolean);
      return extensions.map((extension) => name + extension.toLowerCase());
    },
    ptyEnvironment(base, extra) {
      // Windows PowerShell cannot start without SystemRoot (and WINDIR); keep them whatever the caller passed.
      const env = definedEnvironment(base, extra);
      env.SystemRoot ??= base.SYSTEMROOT ?? 'C:\\Windows';
      env.WINDIR ??= env.SystemRoot;
      return env;
    },
    spawnOptions: (cols, rows) => ({
      name: terminalName,
      cols,
      rows,
      useConpty: true,
      useConptyDll: options.useConptyDll ?? true,
    }),
    commandChannelAddress(_workDir, token) {
      const name = `ippsconnect-${token}`;
      return { listen: `\\\\.\\pipe\\${name}`, connect: name };
    },
    killPty(pty) {
      // Never a signal here: node-pty's WindowsTerminal throws "Signals not supported on windows.".
      pty.kill();
    },
    armExitWatchdog() {
      // Windows joins no blocked I/O thread on exit, so process.exit is bounded already.
    },
    async killTree(pid) {
      // ConPTY processes take no signals (node-pty throws on kill(signal)); taskkill /T ends the whole tree.
      try {
        await deps.run(tool('taskkill.exe'), ['/PID', String(pid), '/T', '/F']);
      } catch {
        // The tree is already gone, or taskkill is missing: nothing left that we could end.
      }
    },
    async moduleSearchFolders(env) {
      return windowsModuleFolders(env, await documentsFolder(env, deps, tool('reg.exe')));
    },
    legacyModuleRoot: (env) => clickOnceRoot(env),
  };
}
