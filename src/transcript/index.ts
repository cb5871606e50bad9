/**
 * The transcript parser: PowerShell terminal output in, typed events out. Pure (no I/O, timers or globals)
 * and streaming: feed chunks of any size with `push`, finish with `end`; the events are the same however
 * the text was cut.
 *
 * - Lines are split on LF; redraws (`\r`, cursor moves) overlay the line as a terminal would, and the line
 *   shows what the screen shows. Escapes (CSI, OSC such as ippsconnect's `ESC]633;…BEL` markers) never
 *   surface as text. Redrawn Write-Progress drawings become `progress` events, repeats collapsed.
 * - Each PowerShell error record (NormalView, ConciseView, the module's `Error Acquiring Token:` block)
 *   becomes one `error` event with its message unwrapped and a code from {@link errorCatalog}.
 * - `banner`, `device-code`, `connected` (Get-ConnectionInformation) and `prompt` events come from their
 *   blocks; every other non-blank line is an `output` event. `exit` never comes from text.
 */
export { type CatalogEntry, type Classification, classifyError, errorCatalog } from './catalog.js';
export type * from './events.js';
export { errorCodes } from './events.js';
export {
  createTranscriptParser,
  parseTranscript,
  type TranscriptParser,
  type TranscriptParserOptions,
} from './parser.js';
