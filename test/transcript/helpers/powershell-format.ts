/**
 * Test equipment: how Windows PowerShell 5.1's console lays out text, so tests and the built fixtures can
 * produce records at any width. Taken from PowerShell's sources:
 * - the format engine word wrap, StringManipulationHelper.GenerateLinesWithWordWrap (ComplexWriter.cs):
 *   words keep their trailing delimiter; a word wider than the line is split character by character,
 *   continuing on the current line;
 * - the 5.1 ErrorRecord view (DefaultFormatters): `Cmdlet : ` + message + `\n` + PositionMessage, then the
 *   CategoryInfo and FullyQualifiedErrorId lines cut into chunks of `BufferWidth - 6` characters, each
 *   prefixed with 4 spaces, then `\n `; the whole text written through Out-Default at `BufferWidth - 1`.
 * The result reproduces exo-facts §5's verbatim 120-column sample line for line (see format.test.ts).
 */

function* words(line: string): Generator<string> {
  let word = '';
  for (const ch of line) {
    if (ch === ' ' || ch === '\t') {
      yield word + ch;
      word = '';
    } else word += ch;
  }
  yield word;
}

/** GenerateLinesWithWordWrap with the same width for every line. */
export function wordWrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    let spacesLeft = width;
    let current = '';
    for (const word of words(line)) {
      if (word.length > width) {
        for (const ch of word) {
          if (spacesLeft < 1) {
            out.push(current);
            current = ch;
            spacesLeft = width - 1;
          } else {
            current += ch;
            spacesLeft -= 1;
          }
        }
      } else if (word.length > spacesLeft) {
        out.push(current);
        current = word;
        spacesLeft = width - word.length;
      } else {
        current += word;
        spacesLeft -= word.length;
      }
    }
    out.push(current);
  }
  return out;
}

export interface ErrorRecord51 {
  /** `InvocationInfo.MyCommand.Name`, printed as `Name : ` before the message. */
  command?: string;
  message: string;
  /** InvocationInfo.PositionMessage lines: `At …`, `+ code`, `+ ~~~`. */
  position?: readonly string[];
  categoryInfo: string;
  fullyQualifiedErrorId: string;
}

/**
 * Cuts a field line the way the 5.1 view does: `$line -split "(.{$width})"`, non-empty pieces indented by 4.
 * `.` does not match a newline (in .NET as in JS), so a value with newlines keeps them, unindented.
 */
function chunkField(line: string, bufferWidth: number): string {
  const pieces = line.split(new RegExp(`(.{${bufferWidth - 6}})`)).filter((piece) => piece !== '');
  return pieces.map((piece) => `    ${piece}`).join('');
}

/** The lines Windows PowerShell 5.1 writes for an error record in a console `bufferWidth` wide. */
export function renderErrorRecord51(record: ErrorRecord51, bufferWidth: number): string[] {
  let text = (record.command ? `${record.command} : ` : '') + record.message;
  if (record.position) text += `\n${record.position.join('\n')}`;
  text += `\n${chunkField(`+ CategoryInfo          : ${record.categoryInfo}`, bufferWidth)}`;
  text += `\n${chunkField(`+ FullyQualifiedErrorId : ${record.fullyQualifiedErrorId}`, bufferWidth)}`;
  text += '\n ';
  return wordWrap(text, bufferWidth - 1);
}

/** Write-Host text in a console: no word wrap, the console breaks the line every `bufferWidth` characters. */
export function consoleWrap(line: string, bufferWidth: number): string[] {
  if (line.length <= bufferWidth) return [line];
  return line.match(new RegExp(`.{1,${bufferWidth}}`, 'g')) ?? [line];
}
