/**
 * PowerShell single-quoted string literals.
 *
 * Inside '…' PowerShell expands nothing ($, `, " and $( ) are plain text); the only special characters
 * are the single quotes, which end the string unless doubled. The tokenizer counts five characters as a
 * single quote (CharExtensions.IsSingleQuote in PowerShell's CharTraits.cs): the ASCII apostrophe and the
 * typographic ‘ ’ ‚ ‛ (U+2018, U+2019, U+201A, U+201B). A lone typographic quote therefore closes an
 * ASCII-opened string, which is how injection slips past quoters that only double `'`.
 * Doubling any of them yields that same character once, so every one is doubled with itself.
 *
 * Quoting is pure and total: any string, including newlines, NUL and lone surrogates, becomes a literal
 * whose parsed value is exactly that string (checked against the real parser in
 * test/powershell/quote.property.test.ts). Whether a value can be *typed* into a terminal is a separate
 * question: see `assertTypeable` in typeable.ts.
 */

/** The five single-quote characters of PowerShell's tokenizer. */
const SINGLE_QUOTE_CHARACTERS = /['\u2018\u2019\u201A\u201B]/g;

/** `value` as a PowerShell single-quoted string literal, e.g. `it's` → `'it''s'`. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(SINGLE_QUOTE_CHARACTERS, '$&$&')}'`;
}

/**
 * `values` as a PowerShell array, e.g. `@('Get-Label','Set-Label')`, for string[] parameters such as
 * -CommandName. Always `@(…)`, so a single value still binds as an array and an empty list is `@()`.
 */
export function quotePowerShellArray(values: readonly string[]): string {
  return `@(${values.map(quotePowerShell).join(',')})`;
}
