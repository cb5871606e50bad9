import { createInterface } from 'node:readline/promises';
import { answerReadsHidden } from '../session/prompt-secrecy.js';
import type { PromptEvent } from '../transcript/events.js';

export interface PersonTerminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/**
 * Asks the person at the terminal what PowerShell asked, and returns their answer. Every answer but a
 * confirmation choice is read without echo (prompt-secrecy.ts). Resolves undefined when they give up
 * (Ctrl+C or end of input), which fails the session with PROMPT_IN_UNATTENDED like an unanswered prompt.
 */
export async function askPerson(prompt: PromptEvent, terminal: PersonTerminal): Promise<string | undefined> {
  if (answerReadsHidden(prompt.text)) return readHidden(`${prompt.text} `, terminal);
  const lines = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
  try {
    return await lines.question(`${prompt.text} `);
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
}

/** Reads one line in raw mode without echoing it; Backspace edits, Ctrl+C or Ctrl+D give up. */
function readHidden(question: string, { input, output }: PersonTerminal): Promise<string | undefined> {
  return new Promise((resolve) => {
    let typed = '';
    output.write(question);
    input.setRawMode?.(true);
    input.resume();
    const finish = (answer: string | undefined) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return finish(typed);
        if (character === '\u0003' || character === '\u0004') return finish(undefined);
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    input.on('data', onData);
  });
}
