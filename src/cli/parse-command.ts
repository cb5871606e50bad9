import { Command, InvalidArgumentError } from 'commander';
import { readTranscriptSource } from '../inputs/transcript-source.js';
import type { TranscriptEvent } from '../transcript/events.js';
import { createTranscriptParser } from '../transcript/index.js';
import { commandDescriptions } from './descriptions.js';
import { exitCodes } from './exit-codes.js';
import type { Streams } from './output.js';
import { renderHuman, renderJson } from './render.js';

/**
 * `ippsconnect parse FILE...`: reads recordings (asciicast, Start-Transcript logs, raw captures, text)
 * into events. Exit 0 without error events, 1 with, 2 when a file cannot be read (a device, a named pipe,
 * a folder, a missing file: refused before reading, see inputs/open-input.ts). `-` reads standard input.
 * When stdout is closed early (`… | head -1`), it stops writing and reading and exits without a crash.
 */
export function parseCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  return new Command('parse')
    .description(commandDescriptions.parse)
    .argument('<files...>', 'recordings to read (- for standard input)')
    .option('--json', 'print one JSON event per line')
    .option(
      '--columns <n>',
      'the terminal width the output was written at (rejoins words broken mid-word)',
      columnCount,
    )
    .action(async (files: string[], flags: { json?: boolean; columns?: number }) => {
      const columns = flags.columns;
      const stdout = guardClosedPipe(streams.stdout);
      let errors = 0;
      let unreadable = false;
      for (const file of files) {
        if (stdout.closed) break;
        try {
          const events = await parseFile(file, columns, stdout, (event) => {
            if (flags.json) stdout.write(`${renderJson(event)}\n`);
          });
          errors += events.errors.length;
          if (!flags.json) stdout.write(summary(file, events));
        } catch (error) {
          unreadable = true;
          streams.stderr.write(
            `✖ ${file}: cannot read it: ${error instanceof Error ? error.message : String(error)}\n` +
              '  Fix: give the path of a readable transcript file, or - to read standard input.\n',
          );
        }
      }
      setExitCode(unreadable ? exitCodes.badInput : errors > 0 ? exitCodes.errorsFound : exitCodes.ok);
    });
}

/** `--columns`: a terminal width, as a whole number of columns. */
function columnCount(value: string): number {
  const columns = Number(value);
  if (!(Number.isInteger(columns) && columns > 0 && columns <= 10_000)) {
    throw new InvalidArgumentError('expected a whole number of columns, 1 to 10000 (the width of the terminal)');
  }
  return columns;
}

interface ParsedFile {
  counts: Map<TranscriptEvent['type'], number>;
  errors: Extract<TranscriptEvent, { type: 'error' }>[];
  notable: TranscriptEvent[];
}

/** A stdout whose reader may go away (`| head -1`): EPIPE ends writing quietly instead of crashing. */
export interface GuardedOutput {
  write(text: string): void;
  readonly closed: boolean;
}

export function guardClosedPipe(stream: NodeJS.WritableStream): GuardedOutput {
  let closed = false;
  stream.on?.('error', (error: NodeJS.ErrnoException) => {
    // The reader left: nothing more can be shown. Anything else is a real failure.
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw error;
  });
  return {
    write(text) {
      if (!closed) stream.write(text);
    },
    get closed() {
      return closed;
    },
  };
}

async function parseFile(
  path: string,
  columns: number | undefined,
  stdout: GuardedOutput,
  onEvent: (event: TranscriptEvent) => void,
): Promise<ParsedFile> {
  const parsed: ParsedFile = { counts: new Map(), errors: [], notable: [] };
  const parser = createTranscriptParser(columns ? { columns } : {});
  const take = (events: TranscriptEvent[]) => {
    for (const event of events) {
      parsed.counts.set(event.type, (parsed.counts.get(event.type) ?? 0) + 1);
      if (event.type === 'error') parsed.errors.push(event);
      if (event.type === 'connected' || event.type === 'prompt' || event.type === 'device-code')
        parsed.notable.push(event);
      onEvent(event);
    }
  };
  const { chunks } = await readTranscriptSource(path);
  for await (const chunk of chunks) {
    take(parser.push(chunk));
    if (stdout.closed) return parsed;
  }
  take(parser.end());
  return parsed;
}

function summary(file: string, parsed: ParsedFile): string {
  const counts = [...parsed.counts].map(([type, count]) => `${count} ${type}`).join(', ') || 'no events';
  const lines = [`${file}: ${counts}`];
  for (const event of [...parsed.notable, ...parsed.errors]) lines.push(renderHuman(event) ?? '');
  return `${lines.join('\n')}\n`;
}
