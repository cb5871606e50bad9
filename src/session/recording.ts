import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IppsConnectError } from '../errors.js';
import { defaultHostSize } from '../host/powershell-host.js';
import type { ResolvedOptions } from '../options.js';
import { createAsciicastWriter, fileSink } from '../record/index.js';
import type { SessionEvent } from './events.js';
import type { SessionHooks } from './session.js';

export interface RecordingTarget {
  /** Always record into this .cast file. */
  path?: string;
  /** Keep a recording only of failed sessions, in this folder. */
  failuresDirectory?: string;
}

export interface Recording {
  /** Hooks to merge into the session's, feeding output, typed input and phase markers. */
  hooks: Pick<SessionHooks, 'onOutput' | 'onInput'> & { onEvent(event: SessionEvent): void };
  /**
   * Closes the recording. A failures-only recording is kept (and its path returned) only when the
   * session failed. A recording that could not be written never fails the session: its error is returned.
   */
  finish(failed: boolean): Promise<{ path?: string; error?: Error }>;
}

/**
 * The secret values this session knows, so recordings redact them even if PowerShell echoed one.
 * (Secrets are never typed; they reach PowerShell through its environment.)
 */
export function knownSecrets(options: ResolvedOptions, env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  if (options.signIn.kind === 'certificate-file' && options.signIn.passwordEnv) {
    const password = env[options.signIn.passwordEnv];
    if (password && password.length >= 4) secrets.push(password);
  }
  return secrets;
}

/**
 * Refuses recording paths that are there but are not what a recording can be written to, before anything
 * starts: opening a FIFO nobody reads blocks for ever, a device or folder fails late.
 */
export function checkRecordingTarget(target: RecordingTarget): void {
  const kindOf = (path: string) => {
    try {
      const stat = statSync(path);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'special';
    } catch {
      return 'missing';
    }
  };
  if (target.path !== undefined && !['file', 'missing'].includes(kindOf(target.path))) {
    throw new IppsConnectError(`The recording path ${target.path} is not a regular file (a folder, FIFO or device).`, {
      code: 'INVALID_INPUT',
      field: 'record',
      fix: 'Give a path for a new or existing regular file, e.g. session.cast.',
    });
  }
  if (target.failuresDirectory !== undefined && !['folder', 'missing'].includes(kindOf(target.failuresDirectory))) {
    throw new IppsConnectError(`The failures recording folder ${target.failuresDirectory} is not a folder.`, {
      code: 'INVALID_INPUT',
      field: 'recordFailures',
      fix: 'Give a folder (it is created when missing).',
    });
  }
}

/** Starts an asciicast recording for a session, or returns undefined when none was asked for. */
export function startRecording(
  target: RecordingTarget,
  secrets: readonly string[],
  now = new Date(),
): Recording | undefined {
  const finalPath = target.path ?? (target.failuresDirectory ? failurePath(target.failuresDirectory, now) : undefined);
  if (!finalPath) return undefined;
  const onlyOnFailure = target.path === undefined;
  let writingPath = finalPath;
  if (onlyOnFailure) {
    try {
      mkdirSync(target.failuresDirectory!, { recursive: true, mode: 0o700 });
    } catch {
      // The sink reports the failure to write; the session itself goes on.
    }
    writingPath = `${finalPath}.partial`;
  }
  const sink = fileSink(writingPath);
  const writer = createAsciicastWriter({
    sink,
    width: defaultHostSize.cols,
    height: defaultHostSize.rows,
    title: 'ippsconnect session',
    env: { TERM: 'xterm-256color' },
    secrets,
  });
  return {
    hooks: {
      onOutput: (data) => writer.output(data),
      onInput: (data) => writer.input(data),
      onEvent: (event) => {
        if (event.type === 'phase') writer.marker(event.phase);
      },
    },
    async finish(failed) {
      await writer.close();
      if (sink.error) return { error: sink.error };
      if (!onlyOnFailure) return { path: finalPath };
      if (!failed) {
        rmSync(writingPath, { force: true });
        return {};
      }
      try {
        renameSync(writingPath, finalPath);
        return { path: finalPath };
      } catch (error) {
        return { error: error as Error };
      }
    },
  };
}

function failurePath(directory: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(directory, `ippsconnect-${stamp}-${process.pid}.cast`);
}
