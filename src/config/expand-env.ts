import { type FieldPath, invalidConfig } from './field.js';

/**
 * `${NAME}` is replaced by the environment variable NAME; `$${` stands for a literal `${`. Anything else in
 * braces (PowerShell's `${env:TEMP}`, `${my var}`) is left alone, so commands can use PowerShell syntax.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A copy of `value` with every string's references expanded. A variable that is unset or empty is an
 * error naming the field and the variable: an empty password or path fails later in a far less clear way.
 */
export function expandEnvironment(value: unknown, env: Environment, file?: string, path: FieldPath = []): unknown {
  if (typeof value === 'string') return expandString(value, env, path, file);
  if (Array.isArray(value)) return value.map((item, index) => expandEnvironment(item, env, file, [...path, index]));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, expandEnvironment(child, env, file, [...path, key])]),
  );
}

function expandString(text: string, env: Environment, path: FieldPath, file?: string): string {
  return text.replace(REFERENCE, (_match, name: string | undefined) =>
    name === undefined ? '${' : variableValue(name, env, path, file),
  );
}

/**
 * PowerShell code (a job's `command`) with each `${NAME}` turned into `${env:NAME}`: PowerShell reads the
 * value from its own environment when the code runs, so the value is data, never code (a quote or `;` in a
 * password cannot change the command), and it is never typed into the session. The values are returned
 * so that the redactor hides them wherever the session's output goes. `$${` stays a literal `${`.
 */
export function referenceEnvironment(
  code: string,
  env: Environment,
  file?: string,
  path: FieldPath = ['command'],
): { code: string; values: string[] } {
  const values: string[] = [];
  const referenced = code.replace(REFERENCE, (_match, name: string | undefined) => {
    if (name === undefined) return '${';
    values.push(variableValue(name, env, path, file));
    return `\${env:${name}}`;
  });
  return { code: referenced, values };
}

function variableValue(name: string, env: Environment, path: FieldPath, file?: string): string {
  const found = env[name];
  if (found === undefined || found === '') {
    throw invalidConfig(
      path,
      `environment variable ${name} (from \${${name}}) is not set${found === '' ? ' (it is empty)' : ''}`,
      `set ${name} in the environment of the account the job runs as (for a scheduled task: a user environment variable of that account), or remove the reference`,
      file,
    );
  }
  return found;
}
