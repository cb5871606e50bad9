import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ISerializableTokenCache, TokenCacheContext } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCachePath, fileCachePlugin, memoryCachePlugin } from '../../src/auth/index.js';
import { IppsConnectError } from '../../src/errors.js';

const posixOnly = it.skipIf(process.platform === 'win32');

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-cache-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A stand-in for msal's token cache: remembers what it was given, serializes a fixed text. */
function fakeCache(serialized = '{"AccessToken":{}}') {
  const loaded: string[] = [];
  const cache: ISerializableTokenCache = { deserialize: (text) => void loaded.push(text), serialize: () => serialized };
  return { loaded, context: (changed: boolean) => new TokenCacheContext(cache, changed) };
}

describe('fileCachePlugin', () => {
  posixOnly('creates the folder 0700 and the file 0600, and leaves no temporary file behind', async () => {
    const file = path.join(folder, 'new', 'ippsconnect', 'token-cache.json');
    const plugin = fileCachePlugin(file, { platform: 'posix' });
    const cache = fakeCache();
    await plugin.beforeCacheAccess(cache.context(false));
    expect(cache.loaded).toEqual([]); // no file yet: nothing loaded, no error
    await plugin.afterCacheAccess(cache.context(true));
    expect(await readFile(file, 'utf8')).toBe('{"AccessToken":{}}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toEqual(['token-cache.json']);
  });

  it('writes only when msal changed the cache, and reads what was written', async () => {
    const file = path.join(folder, 'roundtrip.json');
    const plugin = fileCachePlugin(file, { platform: 'posix' });
    await plugin.afterCacheAccess(fakeCache('{"a":1}').context(false));
    await expect(stat(file)).rejects.toThrow();
    await plugin.afterCacheAccess(fakeCache('{"a":2}').context(true));
    const reader = fakeCache();
    await fileCachePlugin(file, { platform: 'posix' }).beforeCacheAccess(reader.context(false));
    expect(reader.loaded).toEqual(['{"a":2}']);
  });

  posixOnly('refuses to read a cache others can read, with the chmod that fixes it', async () => {
    const file = path.join(folder, 'loose.json');
    await writeFile(file, '{"RefreshToken":{}}');
    await chmod(file, 0o644);
    const cache = fakeCache();
    const error = await fileCachePlugin(file, { platform: 'posix' })
      .beforeCacheAccess(cache.context(false))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(IppsConnectError);
    expect((error as IppsConnectError).message).toContain('mode 0644');
    expect((error as IppsConnectError).fix).toContain(`chmod 600 '${file}'`);
    expect(cache.loaded).toEqual([]);
  });

  it('does not check POSIX modes on Windows (the profile folder is private by ACL)', async () => {
    const file = path.join(folder, 'windows.json');
    await writeFile(file, '{"a":3}', { mode: 0o644 });
    await chmod(file, 0o644);
    const cache = fakeCache();
    await fileCachePlugin(file, { platform: 'windows' }).beforeCacheAccess(cache.context(false));
    expect(cache.loaded).toEqual(['{"a":3}']);
  });

  posixOnly('ignores a cache that is not JSON (it is only a cache) and replaces it on the next write', async () => {
    const file = path.join(folder, 'corrupt.json');
    await writeFile(file, '{"half', { mode: 0o600 });
    const plugin = fileCachePlugin(file, { platform: 'posix' });
    const cache = fakeCache();
    await plugin.beforeCacheAccess(cache.context(false));
    expect(cache.loaded).toEqual([]);
    await plugin.afterCacheAccess(cache.context(true));
    expect(await readFile(file, 'utf8')).toBe('{"AccessToken":{}}');
  });

  it('reports a folder it cannot create as a cache error', async () => {
    const blocker = path.join(folder, 'a-file');
    await writeFile(blocker, '');
    const error = await fileCachePlugin(path.join(blocker, 'token-cache.json'), { platform: 'posix' })
      .afterCacheAccess(fakeCache().context(true))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect((error as IppsConnectError).field).toBe('tokenCachePath');
  });
});

describe('memoryCachePlugin', () => {
  it('hands back what msal saved', async () => {
    const plugin = memoryCachePlugin();
    await plugin.afterCacheAccess(fakeCache('{"m":1}').context(true));
    const reader = fakeCache();
    await plugin.beforeCacheAccess(reader.context(false));
    expect(reader.loaded).toEqual(['{"m":1}']);
  });
});

describe('defaultCachePath', () => {
  it.each([
    [
      'windows',
      { LOCALAPPDATA: 'C:\\Users\\chris\\AppData\\Local' },
      'C:\\Users\\chris',
      'C:\\Users\\chris\\AppData\\Local\\ippsconnect\\token-cache.json',
    ],
    ['windows', {}, 'C:\\Users\\chris', 'C:\\Users\\chris\\AppData\\Local\\ippsconnect\\token-cache.json'],
    ['posix', { XDG_CONFIG_HOME: '/home/chris/.cfg' }, '/home/chris', '/home/chris/.cfg/ippsconnect/token-cache.json'],
    ['posix', { XDG_CONFIG_HOME: 'relative' }, '/home/chris', '/home/chris/.config/ippsconnect/token-cache.json'],
    ['posix', { XDG_CONFIG_HOME: '' }, '/Users/chris', '/Users/chris/.config/ippsconnect/token-cache.json'],
  ] as const)('%s %j → %s', (platform, env, homeDirectory, expected) => {
    expect(defaultCachePath({ platform, env, homeDirectory })).toBe(expected);
  });
});
