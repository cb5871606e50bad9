/**
 * A reference reader of Windows command lines, written from Microsoft's "Parsing C command-line arguments"
 * rules (what CommandLineToArgvW and the C runtime of node.exe do for every argument after the program):
 * - spaces and tabs separate arguments outside double quotes;
 * - 2n backslashes before `"` give n backslashes and the quote opens or closes quoting;
 * - 2n+1 backslashes before `"` give n backslashes and a literal `"`;
 * - backslashes before anything else are literal;
 * - inside quotes, `""` is a literal `"` (C runtime 2008 and later).
 */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  const separates = (character: string | undefined) => character === ' ' || character === '\t';
  let index = 0;
  while (index < line.length) {
    while (separates(line[index])) index += 1;
    if (index >= line.length) break;
    let argument = '';
    let quoted = false;
    while (index < line.length && (quoted || !separates(line[index]))) {
      let backslashes = 0;
      while (line[index] === '\\') {
        backslashes += 1;
        index += 1;
      }
      if (line[index] === '"') {
        argument += '\\'.repeat(Math.floor(backslashes / 2));
        if (backslashes % 2 === 1) {
          argument += '"';
          index += 1;
        } else if (quoted && line[index + 1] === '"') {
          argument += '"';
          index += 2;
        } else {
          quoted = !quoted;
          index += 1;
        }
        continue;
      }
      argument += '\\'.repeat(backslashes);
      if (index < line.length && (quoted || !separates(line[index]))) {
        argument += line[index];
        index += 1;
      }
    }
    args.push(argument);
  }
  return args;
}
