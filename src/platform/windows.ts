import { win32 } from 'node:path';
import { definedEnvironment } from './environment.js';
import type { Platform, PlatformDeps } from './types.js';

/** Executable extensions Windows tries when PATHEXT is unset. */
const defaultPathExt = '.COM;.EXE;.BAT;.CMD';

export function createWindowsPlatform(deps: PlatformDeps): Platform {
  return {
    name: 'windows',
    pathDelimiter: ';',
    // pwsh 7 first; Windows PowerShell 5.1 is always there and runs every module version.
    powershellNames: ['pwsh', 'powershell'],
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
    async killTree(pid) {
      // ConPTY processes take no signals (node-pty throws on kill(signal)); taskkill /T ends the whole tree.
      try {
        await deps.run('taskkill.exe', ['/PID', String(pid), '/T', '/F']);
      } catch {
        // The tree is already gone, or taskkill is missing: nothing left that we could end.
      }
    },
  };
}
