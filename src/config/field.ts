import { IppsConnectError } from '../errors.js';

/** Where a value sits in a job file: keys and array indexes, outermost first. */
export type FieldPath = readonly (string | number)[];

/** `['timeouts', 'connectMs']` → `config.timeouts.connectMs`; array items read `config.modulePath[0]`. */
export function configField(path: FieldPath): string {
  let field = 'config';
  for (const part of path) field += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return field;
}

/** Bad input in a job file: INVALID_INPUT naming the field (and the file, as jobs often share a folder). */
export function invalidConfig(
  path: FieldPath,
  problem: string,
  fix: string,
  file?: string,
  cause?: unknown,
): IppsConnectError {
  const field = configField(path);
  return new IppsConnectError(`Invalid ${field}${file ? ` in ${file}` : ''}: ${problem}`, {
    code: 'INVALID_INPUT',
    field,
    fix,
    cause,
  });
}
