import { Command, InvalidArgumentError } from 'commander';
import { readAsciicastFile, replay } from '../record/index.js';
import { createTranscriptParser } from '../transcript/index.js';
import { commandDescriptions } from './descriptions.js';
import { exitCodes } from './exit-codes.js';
import type { Streams } from './output.js';
import { guardClosedPipe } from './parse-command.js';
import { renderHuman } from './render.js';

function speed(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a speed of 0 (no waits) or more');
  return parsed;
}

function maxIdle(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number of seconds, 0 or more');
  return parsed;
}

/**
 * `ippsconnect replay FILE`: plays an asciicast recording back on stdout, and writes the events it
 * parses to stderr as they happen, so they show beside the playback.
 */
export function replayCommand(streams: Streams, setExitCode: (code: number) => void): Command {
  return new Command('replay')
    .description(commandDescriptions.replay)
    .argument('<file>', 'asciicast v2 recording (- for standard input)')
    .option('--speed <n>', 'playback speed (0: no waits)', speed, 1)
    .option('--max-idle <seconds>', 'longest pause played', maxIdle, 2)
    .action(async (file: string, flags: { speed: number; maxIdle: number }) => {
      const parser = createTranscriptParser();
      const stdout = guardClosedPipe(streams.stdout);
      const stopped = new AbortController();
      const show = (events: ReturnType<typeof parser.push>) => {
        for (const event of events) {
          const text = event.type === 'output' ? undefined : renderHuman(event);
          if (text) streams.stderr.write(`\n\x1b[2m┃ ${text.replaceAll('\n', '\n┃ ')}\x1b[0m\n`);
        }
      };
      try {
        const { events } = await readAsciicastFile(file);
        await replay(events, {
          speed: flags.speed,
          maxIdle: flags.maxIdle,
          signal: stopped.signal,
          write: (data) => {
            stdout.write(data);
            show(parser.push(data));
            // Nobody reads the playback any more (`| head`): stop, without a crash.
            if (stdout.closed) stopped.abort();
          },
        }).catch((error) => {
          if (!stopped.signal.aborted) throw error;
        });
        show(parser.end());
        setExitCode(exitCodes.ok);
      } catch (error) {
        streams.stderr.write(
          `✖ ${file}: cannot replay it: ${error instanceof Error ? error.message : String(error)}\n` +
            '  Fix: give the path of an asciicast v2 recording (.cast), or - to read standard input.\n',
        );
        setExitCode(exitCodes.badInput);
      }
    });
}
