/**
 * Quoting for Windows command lines. Windows passes a program one string; the program splits it. Node.exe
 * (and schtasks.exe, and anything built with the Microsoft C runtime) splits it like CommandLineToArgvW:
 * spaces and tabs separate arguments unless inside double quotes; `\"` is a literal quote; backslashes are
 * literal except when a run of them ends at a quote, where they pair up (2n → n and the quote counts,
 * 2n+1 → n and a literal quote).
 */

/** Characters that force quoting: the separators, a quote, and line breaks (harmless to quote). */
const NEEDS_QUOTES = /[ \t\n\v"]/;

/** One argument, quoted so that CommandLineToArgvW gives back exactly `argument`. */
export function quoteWindowsArgument(argument: string): string {
  if (argument !== '' && !NEEDS_QUOTES.test(argument)) return argument;
  let quoted = '"';
  let backslashes = 0;
  for (const character of argument) {
    if (character === '\\') {
      backslashes += 1;
      continue;
    }
    // Backslashes before a quote are doubled and the quote escaped; before anything else they are literal.
    quoted += character === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${character}`;
    backslashes = 0;
  }
  // Trailing backslashes sit before the closing quote, so they are doubled too: "C:\dir\\" reads C:\dir\.
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/** The arguments as one command-line string (without the program). */
export function joinWindowsArguments(argumentsList: readonly string[]): string {
  return argumentsList.map(quoteWindowsArgument).join(' ');
}
