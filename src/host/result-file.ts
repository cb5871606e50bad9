import { readFile, rm } from 'node:fs/promises';
import { IppsConnectError } from '../errors.js';

/**
 * Reads and removes a JSON result file written by `__ippsResult` (bootstrap.ps1), which writes it under
 * another name and renames it, so a file that is there is whole. No file means the pipeline failed before
 * its end: no value. A file that is not JSON is a clear error, never a raw SyntaxError.
 */
export async function readResultFile<T>(path: string, tail: () => string[]): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  await rm(path, { force: true });
  let parsed: T[] | T;
  try {
    // Windows PowerShell writes a BOM with some encodings; JSON.parse rejects it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as T[] | T;
  } catch (error) {
    throw new IppsConnectError(
      `PowerShell's result file ${path} is not valid JSON (${text.length} characters): ${(error as Error).message}`,
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
