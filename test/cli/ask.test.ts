import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { askPerson } from '../../src/cli/ask.js';

/**
 * A terminal that logs, in order, what the asker does to it: mode switches and what it shows. What the
 * tests check is the order: a person (or a paste) who types the moment the question appears must find the
 * terminal's echo already off, or the kernel shows a secret as it is typed.
 */
function loggingTerminal() {
  const log: string[] = [];
  const input = Object.assign(new EventEmitter(), {
    setRawMode(raw: boolean) {
      log.push(raw ? 'raw on' : 'raw off');
      return input;
    },
    resume: () => input,
    pause: () => input,
  });
  const output = { write: (text: string) => log.push(`show ${JSON.stringify(text)}`) };
  const terminal = { input, output } as unknown as Parameters<typeof askPerson>[1];
  return { log, input, terminal };
}

describe('askPerson', () => {
  it('turns echo off before it shows the question, and reads a hidden answer without showing it', async () => {
    const { log, input, terminal } = loggingTerminal();
    const answer = askPerson({ type: 'prompt', kind: 'read-host', text: 'PIN:' }, terminal, { onInterrupt: () => {} });
    input.emit('data', 'PinSentinel-5521\r');
    expect(await answer).toBe('PinSentinel-5521');
    expect(log).toEqual(['raw on', 'show "PIN: "', 'raw off', 'show "\\r\\n"']);
  });
});
