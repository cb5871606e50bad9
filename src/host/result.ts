import { IppsConnectError } from '../errors.js';

/**
 * A structured result from the lines a request sent back (bootstrap.ps1 `__ippsResult`: `result <json>`).
 * No line means the pipeline failed before its end: no value. A line that is not JSON is a clear error,
 * never a raw SyntaxError.
 */
export function readResult<T>(lines: readonly string[], tail: () => string[]): T[] {
  const line = lines.find((text) => text.startsWith('result '));
  if (line === undefined) return [];
  const json = line.slice('result '.length);
  let parsed: T[] | T;
  try {
    parsed = JSON.parse(json) as T[] | T;
  } catch (error) {
    throw new IppsConnectError(
      `PowerShell's result is not valid JSON (${json.length} characters): ${(error as Error).message}`,
      {
        code: 'INTERNAL',
        fix: 'Run again; if it keeps happening, the objects may not convert to JSON at this depth (lower --depth).',
        retryable: true,
        transcriptTail: tail(),
        cause: error,
      },
    );
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}
