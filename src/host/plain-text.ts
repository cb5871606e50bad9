/** An SGR colour sequence, tried at an ESC. */
const colourSequence = /\x1b\[[0-9;]*m/y;

/** Plain text with SGR colours at most: nothing in it moves the cursor sideways or asks the terminal anything. */
export function isTextAndColourOnly(text: string): boolean {
  for (let at = text.indexOf('\x1b'); at !== -1; at = text.indexOf('\x1b', at + 1)) {
    colourSequence.lastIndex = at;
    if (!colourSequence.test(text)) return false;
  }
  return true;
}
