/**
 * Whether the answer to a PowerShell prompt may be shown. The rule is the other way round from guessing
 * secrets by a word such as "password" (which misses `Read-Host -AsSecureString 'Client secret'`, a PIN and
 * every localized prompt): every answer is read hidden and kept out of recordings and logs, except the
 * answer to a known confirmation choice, which is one of the letters the prompt lists.
 */

/**
 * PowerShell's choice prompt (ShouldProcess confirmation, `$Host.UI.PromptForChoice`), in any language:
 * hot keys in brackets with their labels, `[?]` and its help label last, then the default in parentheses,
 * for example `[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"):`.
 */
const CHOICE_PROMPT = /^\s*(?:\[[^\]\s]{1,3}\] [^[]+)+\[\?\] [^[(]+(?:\([^)]*\))?\s*:\s*$/;

/** A confirmation choice: its answer is a listed letter, shown as typed. */
export function isConfirmationChoice(promptText: string): boolean {
  return CHOICE_PROMPT.test(promptText);
}

/** Whether the answer to this prompt is read without echo (everything but a confirmation choice). */
export function answerReadsHidden(promptText: string): boolean {
  return !isConfirmationChoice(promptText);
}
