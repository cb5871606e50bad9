import { answerReadsHidden } from '../session/prompt-secrecy.js';
import type { PromptEvent } from '../transcript/events.js';

export interface PersonTerminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export interface AskOptions {
  /** Ctrl+C: the person wants out of the whole session, as Ctrl+C anywhere else (exit 130). */
  onInterrupt(): void;
  /** The session was cancelled while the question was open: stop asking. */
  signal?: AbortSignal;
}

/**
 * Asks the person at the terminal what PowerShell asked, in the same terminal, and returns their answer.
 * Every answer but a confirmation choice is read without echo (prompt-secrecy.ts). Resolves undefined when
 * they give up with Ctrl+D or end of input (the session then fails with PROMPT_IN_UNATTENDED); Ctrl+C
 * cancels the session through `onInterrupt`.
 */
export function askPerson(
  prompt: PromptEvent,
  terminal: PersonTerminal,
  options: AskOptions,
): Promise<string | undefined> {
  return readAnswer(`${prompt.text} `, terminal, { ...options, hidden: answerReadsHidden(prompt.text) });
}

/**
 * Reads one line in raw mode (so Ctrl+C reaches us as a key, not a signal mid-read). Visible answers are
 * echoed as typed; Backspace edits; Enter ends.
 */
function readAnswer(
  question: string,
  { input, output }: PersonTerminal,
  options: AskOptions & { hidden: boolean },
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let typed = '';
    let done = false;
    // Echo off before the question shows: whoever types (or pastes) the moment it appears must not see the
    // terminal print a secret. Shown first, a process preempted between the two left that window open.
    input.setRawMode?.(true);
    output.write(question);
    const finish = (answer: string | undefined) => {
      if (done) return;
      done = true;
      input.off('data', onData);
      input.off('end', onEnd);
      options.signal?.removeEventListener('abort', onAbort);
      try {
        input.setRawMode?.(false);
      } catch {
        // The terminal is gone.
      }
      input.pause();
      output.write('\r\n');
      resolve(answer);
    };
    const onEnd = () => finish(undefined);
    const onAbort = () => finish(undefined);
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return finish(typed);
        if (character === '\u0003') {
          // The session is cancelled; the answer stays open until the cancellation reaches the command.
          output.write('^C');
          options.onInterrupt();
          return;
        }
        if (character === '\u0004') return finish(undefined);
        if (character === '\u007f' || character === '\b') {
          if (typed.length > 0 && !options.hidden) output.write('\b \b');
          typed = typed.slice(0, -1);
        } else if (character >= ' ') {
          typed += character;
          if (!options.hidden) output.write(character);
        }
      }
    };
    if (options.signal?.aborted) return finish(undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
