/**
 * The session asking for input: credential requests, mandatory-parameter prompts, ShouldProcess
 * confirmations, and a Read-Host prompt left open at the end of the stream. A prompt that was answered
 * (its line completed) is still reported: the orchestrator decides what a prompt means when unattended.
 * The NonInteractive refusal is *not* a prompt here: it is an error record (PROMPT_IN_UNATTENDED).
 */
import type { PromptEvent, TranscriptEvent } from './events.js';
import { conciseHead, isBoundary, type Line, type Recognizer, sliceLine, type Verdict } from './line.js';
import * as shape from './shapes.js';

/** Lines a prompt's caption and message may take before its label or choices. */
const MAX_PROMPT_LINES = 8;

function prompt(kind: PromptEvent['kind'], lines: readonly string[]): PromptEvent {
  return { type: 'prompt', kind, text: lines.join('\n') };
}

/**
 * A label line (`User: `) may carry more than the label: what the user typed, or — under -NonInteractive —
 * the error that refused to read it (`User: Get-Credential: PowerShell is in NonInteractive mode…`).
 * The error is read again as a line of its own; typed text is dropped.
 */
function afterLabel(line: Line, labelLength: number): Line[] {
  const rest = sliceLine(line, labelLength);
  const trimmed = rest.cells.findIndex((cell) => cell.ch !== ' ');
  if (trimmed < 0) return [];
  const remainder = sliceLine(rest, trimmed);
  return conciseHead(remainder) || shape.NORMAL_HEAD.test(remainder.text) ? [remainder] : [];
}

function verdict(consumed: number, events: TranscriptEvent[], requeue: Line[]): Verdict {
  return requeue.length > 0 ? { consumed, events, requeue } : { consumed, events };
}

export const recognizeCredentialPrompt: Recognizer = (lines, final) => {
  const first = lines[0]!;
  const standalone = shape.CREDENTIAL_LABEL.exec(first.text);
  if (standalone && (first.partial || standalone[1] !== 'User')) {
    return verdict(1, [prompt('credential', [`${standalone[1]}:`])], afterLabel(first, standalone[1]!.length + 1));
  }
  if (!shape.CREDENTIAL_CAPTION.test(first.text)) return undefined;
  const text = [first.text];
  for (let i = 1; i <= MAX_PROMPT_LINES; i++) {
    const line = lines[i];
    if (!line) {
      if (!final) return 'more';
      return { consumed: i, events: [prompt('credential', text)] };
    }
    const label = shape.CREDENTIAL_LABEL.exec(line.text);
    if (label) {
      text.push(`${label[1]}:`);
      return verdict(i + 1, [prompt('credential', text)], afterLabel(line, label[1]!.length + 1));
    }
    if (isBoundary(line)) return { consumed: i, events: [prompt('credential', text)] };
    text.push(line.text);
  }
  return { consumed: MAX_PROMPT_LINES + 1, events: [prompt('credential', text)] };
};

export const recognizeParameterPrompt: Recognizer = (lines, final) => {
  let i = 0;
  const text: string[] = [];
  if (shape.PIPELINE_POSITION.test(lines[0]!.text)) {
    text.push(lines[0]!.text);
    i = 1;
  }
  const supply = lines[i];
  if (!supply) return final ? undefined : 'more';
  if (!shape.SUPPLY_VALUES.test(supply.text)) return undefined;
  text.push(supply.text);
  const labelLine = lines[i + 1];
  if (!labelLine) return final ? { consumed: i + 1, events: [prompt('read-host', text)] } : 'more';
  const label = shape.PARAMETER_LABEL.exec(labelLine.text);
  if (!label) return { consumed: i + 1, events: [prompt('read-host', text)] };
  text.push(labelLine.text.includes(':') ? `${label[1]}:` : label[1]!);
  let consumed = i + 2;
  let requeue = labelLine.text.includes(':') ? afterLabel(labelLine, label[1]!.length + 1) : [];
  let kind: PromptEvent['kind'] = label[1] === 'Credential' ? 'credential' : 'read-host';
  // Get-Credential in a console (5.1 with ConsolePrompting, pwsh): `Credential` then `User: `.
  const user = lines[consumed];
  if (!user && !final && kind === 'credential') return 'more';
  const userLabel = user ? shape.CREDENTIAL_LABEL.exec(user.text) : null;
  if (user && userLabel) {
    kind = 'credential';
    text.push(`${userLabel[1]}:`);
    requeue = afterLabel(user, userLabel[1]!.length + 1);
    consumed++;
  }
  return verdict(consumed, [prompt(kind, text)], requeue);
};

export const recognizeConfirmation: Recognizer = (lines, final) => {
  const first = lines[0]!;
  if (!shape.CONFIRM_CAPTION.test(first.text) && !shape.CHOICES.test(first.text)) return undefined;
  let choices = -1;
  for (let i = 0; i <= MAX_PROMPT_LINES; i++) {
    const line = lines[i];
    if (!line) return final ? undefined : 'more';
    if (shape.CHOICES.test(line.text)) {
      choices = i;
      break;
    }
    if (i > 0 && isBoundary(line)) return undefined;
  }
  if (choices < 0) return undefined;
  const text = lines.slice(0, choices).map((line) => line.text);
  const choiceLine = lines[choices]!.text;
  const inline = shape.CHOICE_DEFAULT.exec(choiceLine);
  if (inline) {
    text.push(choiceLine.slice(0, inline.index + inline[0].length));
    return { consumed: choices + 1, events: [prompt('confirmation', text)] };
  }
  text.push(choiceLine);
  const next = lines[choices + 1];
  if (!next && !final) return 'more';
  // The console wrapped the choices: `(default is "Y"):` is on the next line (the answer may be echoed over it).
  const wrapped = next ? shape.CHOICE_DEFAULT.exec(next.text) : null;
  if (wrapped) text.push(`(default is "${wrapped[1]}"):`);
  return { consumed: choices + (wrapped ? 2 : 1), events: [prompt('confirmation', text)] };
};

/** At the end of the stream only: a partial line ending in `:` is a Read-Host prompt waiting for input. */
export const recognizeOpenPrompt: Recognizer = (lines, final) => {
  const first = lines[0]!;
  if (!final || !first.partial || !shape.OPEN_PROMPT.test(first.text)) return undefined;
  return { consumed: 1, events: [prompt('read-host', [first.text])] };
};
