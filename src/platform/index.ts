import { createPosixPlatform } from './posix.js';
import type { Platform, PlatformDeps } from './types.js';
import { createWindowsPlatform } from './windows.js';

export type { ModuleFolder, Platform, PlatformDeps, PowerShellEdition, PtySpawnOptions } from './types.js';

const realDeps: PlatformDeps = {
  async run(file, args) {
    // Loaded when first needed: most commands never run a helper process through the platform.
    const { execa } = await import('execa');
    const result = await execa(file, args, { reject: false, timeout: 10_000, windowsHide: true });
    return { stdout: String(result.stdout), exitCode: result.exitCode };
  },
  signal: (pid, signal) => {
    process.kill(pid, signal);
  },
};

let cached: Platform | undefined;

/** The one place that reads `process.platform`. */
export function currentPlatform(): Platform {
  cached ??=
    process.platform === 'win32'
      ? createWindowsPlatform(realDeps, {
          systemRoot: process.env.SystemRoot,
          useConptyDll: process.env.IPPSCONNECT_CONPTY_DLL !== '0',
        })
      : createPosixPlatform(realDeps);
  return cached;
}
