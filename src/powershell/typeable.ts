/**
 * Whether a value can be typed into an interactive PowerShell through a terminal.
 *
 * A single-quoted literal may legally hold any character (see quote.ts), but the orchestrator *types*
 * the command into a pty, where some characters act before PowerShell's parser ever sees them:
 * CR or LF submits the line half-way through the literal, Tab asks PSReadLine to complete, ESC starts a
 * terminal escape sequence, DEL erases, Ctrl+C interrupts, and the C1 controls (U+0080–U+009F, e.g.
 * U+009B CSI) are escape sequences to some terminals. A lone UTF-16 surrogate has no UTF-8 encoding and
 * would arrive as U+FFFD, so PowerShell would receive a different value from the one we checked.
 * Such values are rejected, never altered: silently changing a UPN or a path would be worse.
 */
import { ValidationError } from './errors.js';
import { quotePowerShell } from './quote.js';

/**
 * C0 controls, DEL, C1 controls, and unpaired surrogates. With the `u` flag a well-formed pair is one
 * code point above U+FFFF, so the surrogate range only matches halves that stand alone.
 */
const UNTYPEABLE = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]/u;

const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0: 'a NUL character',
  3: 'a Ctrl+C character',
  8: 'a backspace',
  9: 'a tab',
  10: 'a line feed',
  13: 'a carriage return',
  27: 'an escape character',
  127: 'a DEL character',
};

function describeCharacter(codeUnit: number): string {
  const hex = `U+${codeUnit.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codeUnit >= 0xd800 && codeUnit <= 0xdfff) return `an unpaired surrogate (${hex})`;
  return `${CONTROL_NAMES[codeUnit] ?? 'a control character'} (${hex})`;
}

/**
 * Throws a ValidationError naming `field` when `value` holds a character that cannot be typed into a
 * terminal (see the module comment). The message gives the position, never the value: the value may be
 * a secret such as an access token.
 */
export function assertTypeable(value: string, field: string): void {
  const match = UNTYPEABLE.exec(value);
  if (!match) return;
  const character = describeCharacter(match[0].charCodeAt(0));
  throw new ValidationError(
    field,
    `it contains ${character} at position ${match.index + 1}, which a terminal would act on instead of typing`,
    `remove line breaks, tabs and other control characters from ${field}`,
  );
}

/** `quotePowerShell(value)` after `assertTypeable(value, field)`: the usual way to put a value on a typed line. */
export function quoteTypeable(value: string, field: string): string {
  assertTypeable(value, field);
  return quotePowerShell(value);
}
