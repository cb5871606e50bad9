import type nodePath from 'node:path';

/** The parts of `node:path` used here; `path.win32` lets Windows job files be tested on Linux. */
export type PathApi = Pick<typeof nodePath, 'dirname' | 'isAbsolute' | 'resolve'>;

/** Fields that name one file or folder. */
const pathFields = ['script', 'certificatePath', 'record', 'recordFailures', 'log'] as const;

/**
 * Relative paths in a job file are relative to the file's folder, not to wherever the job was started
 * from: Task Scheduler starts jobs in C:\Windows\System32 unless told otherwise. `powershell` is resolved
 * only when it names a path (`.\pwsh\pwsh.exe`), not a program looked up on PATH (`pwsh`).
 */
export function resolveConfigPaths<T extends Record<string, unknown>>(config: T, configFile: string, path: PathApi): T {
  const folder = path.dirname(configFile);
  const resolve = (value: string) => (path.isAbsolute(value) ? value : path.resolve(folder, value));
  const resolved: Record<string, unknown> = { ...config };
  for (const field of pathFields) {
    const value = resolved[field];
    if (typeof value === 'string') resolved[field] = resolve(value);
  }
  if (Array.isArray(resolved.modulePath))
    resolved.modulePath = resolved.modulePath.map((entry: string) => resolve(entry));
  // A cassette is a path, or `{ path, mode, speed }`.
  if (typeof resolved.cassette === 'string') resolved.cassette = resolve(resolved.cassette);
  else if (isCassetteObject(resolved.cassette))
    resolved.cassette = { ...resolved.cassette, path: resolve(resolved.cassette.path) };
  if (typeof resolved.powershell === 'string' && /[\\/]/.test(resolved.powershell)) {
    resolved.powershell = resolve(resolved.powershell);
  }
  return resolved as T;
}

function isCassetteObject(value: unknown): value is { path: string } {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
}
