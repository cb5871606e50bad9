/**
 * Pure: where the token cache lives by default. Windows keeps it in the user's local (not roaming)
 * AppData, so tokens never follow a roaming profile; elsewhere in the XDG config folder.
 */
import path from 'node:path';

export interface CachePathContext {
  platform: 'windows' | 'posix';
  env: Readonly<Record<string, string | undefined>>;
  homeDirectory: string;
}

export const CACHE_FOLDER = 'ippsconnect';
export const CACHE_FILE = 'token-cache.json';

/** `%LOCALAPPDATA%\ippsconnect\token-cache.json` or `$XDG_CONFIG_HOME/ippsconnect/token-cache.json`. */
export function defaultCachePath({ platform, env, homeDirectory }: CachePathContext): string {
  if (platform === 'windows') {
    const localAppData = nonEmpty(env.LOCALAPPDATA) ?? path.win32.join(homeDirectory, 'AppData', 'Local');
    return path.win32.join(localAppData, CACHE_FOLDER, CACHE_FILE);
  }
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homeDirectory, '.config');
  return path.posix.join(configHome, CACHE_FOLDER, CACHE_FILE);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
