/** TERM for PowerShell's pty: xterm-256color is what @xterm/headless emulates. */
export const terminalName = 'xterm-256color';

/**
 * Copies `base` without undefined values and adds `extra`. node-pty stringifies undefined into
 * "undefined", which would, for example, turn an unset PSModulePath into a bogus path.
 */
export function definedEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  return { ...env, TERM: terminalName, ...extra };
}

/**
 * A variable by name, ignoring case, and undefined when empty. Windows names are case-insensitive
 * (`Path`, `PATH`; `ProgramFiles`, `PROGRAMFILES`), but a copied environment object is not.
 */
export function readVariable(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const exact = env[name];
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(env)) if (key.toLowerCase() === lower && value) return value;
  return undefined;
}
