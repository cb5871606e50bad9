/** Pasted text → what PowerShell printed (web pages and tickets add NBSP, tabs, typographic quotes, bullets). */

export const PASTED_CHAR =
  /[\u00a0\u2007\u202f\t\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2032\u2033\u2013\u2014\u2022\u25cf]/;

/** Text as PowerShell printed it: NBSP and tabs → spaces, typographic quotes → ASCII, dashes → `-`. */
export function normalizeText(text: string): string {
  if (!PASTED_CHAR.test(text)) return text;
  return text
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2022\u25cf]/g, '+');
}
