import { accessSync, constants, statSync } from 'node:fs';
import { IppsConnectError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';

/** The files ippsconnect itself reads, or hands PowerShell to read, checked before anything starts. */
interface InputPath {
  field: string;
  path: string;
  kind: 'file' | 'folder';
}

function inputPaths(options: ResolvedOptions): InputPath[] {
  const paths: InputPath[] = options.modulePath.map((path) => ({ field: 'modulePath', path, kind: 'folder' }));
  if (options.work?.kind === 'script') paths.push({ field: 'script', path: options.work.path, kind: 'file' });
  const signIn = options.signIn;
  if (signIn.kind === 'access-token' && signIn.source.kind === 'client-certificate') {
    paths.push({ field: 'certificatePem', path: signIn.source.pemPath, kind: 'file' });
  }
  // certificatePath is read by the module inside PowerShell (and on the machine a scheduled task runs
  // on), so a missing one is the module's CERTIFICATE_UNUSABLE, not checked here.
  return paths;
}

/**
 * Refuses, as INVALID_INPUT naming the option, a script, PEM file or module folder that is missing, not
 * readable, or not what it should be (a FIFO would block the reader; a folder is not a script).
 */
export function assertInputPathsUsable(options: ResolvedOptions): void {
  for (const { field, path, kind } of inputPaths(options)) {
    let problem: string | undefined;
    try {
      const info = statSync(path);
      if (kind === 'file' && !info.isFile()) problem = 'is not a regular file';
      else if (kind === 'folder' && !info.isDirectory()) problem = 'is not a folder';
      else accessSync(path, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem =
        code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read' : `cannot be used (${code})`;
    }
    if (problem) {
      throw new IppsConnectError(`Invalid ${field}: ${path} ${problem}`, {
        code: 'INVALID_INPUT',
        field,
        phase: 'input',
        fix: `check the path; it must name an existing, readable ${kind}`,
      });
    }
  }
}
