/**
 * Write-Progress as the screen draws it → ProgressEvent. Two renderings, both taken from PowerShell's
 * ProgressNode.cs and checked against real pwsh 7.6.9 output in a pty:
 *
 * - PowerShell 7 "Minimal" view (`$PSStyle.Progress.View`, the default), RenderAnsi:
 *   `{activity} [{REVERSE}{status padded to the bar}{REVERSE OFF at the percentage}]`, one line redrawn in
 *   place (`ESC[r;cH`). The bar is the reverse-video part of the status: its length is
 *   `floor(percent × barWidth / 100)` where barWidth = inner width + 1. Fully reversed means 100 % or no
 *   percentage at all, which the screen cannot tell apart, so it gives no percent.
 * - The classic view (Windows PowerShell 5.1, pwsh `Classic`), RenderFull: ` {activity} `, `    {status} `,
 *   `    [ooooo      ] ` — drawn as separate rows, or on Unix pwsh as one run of cells that the terminal
 *   wraps. `o` count = `floor(percent × thermoWidth / 100)` (one less unless complete).
 *
 * Percentages are quantised by the bar; {@link percentFromBar} returns the roundest value the bar allows.
 */
import type { ProgressEvent } from './events.js';
import { type Cell, cellText } from './screen.js';

/** A thermometer of the classic view: `[ooooooo        ]` (ProgressNode.RenderFull, third line). */
export const CLASSIC_BAR = /\[(o*)( *)\]/;

/** Tokens of a classic progress drawing: a bar, or a run of words separated by single spaces. */
const CLASSIC_TOKEN = /\[(o*)( *)\]|\S+(?: \S+)*/g;

/** Smallest thermometer PowerShell draws (`Math.Max(3, …)` in RenderFull). */
const MIN_CLASSIC_BAR = 3;

/** Reads a progress drawing from one frame (or the final cells) of a line, if that is what it is. */
export function readProgress(cells: readonly Cell[], text = cellText(cells)): ProgressEvent | undefined {
  return readMinimalProgress(cells, text) ?? readClassicProgress(text);
}

/** The PowerShell 7 Minimal (ANSI) view: `Activity [` + reverse-video bar over the status + `]`. */
function readMinimalProgress(cells: readonly Cell[], text: string): ProgressEvent | undefined {
  if (!text.endsWith(']')) return undefined;
  const open = text.indexOf(' [');
  if (open <= 0) return undefined;
  const first = cells[open + 2];
  if (!first || !(first.reverse || first.reverseMark)) return undefined;
  const close = text.length - 1;
  const inner = cells.slice(open + 2, close);
  let barLength = 0;
  while (barLength < inner.length && inner[barLength]!.reverse) barLength++;
  const activity = text.slice(0, open).trim();
  if (activity === '') return undefined;
  const status = text.slice(open + 2, close).trim();
  const percent = barLength < inner.length ? percentFromBar(barLength, inner.length + 1) : undefined;
  return progressEvent(activity, status, percent);
}

/** The classic view: activity, status and thermometer, as consecutive tokens of one drawing. */
export function readClassicProgress(text: string): ProgressEvent | undefined {
  if (!text.includes(']')) return undefined;
  const tokens = [...text.matchAll(CLASSIC_TOKEN)];
  for (let i = 2; i < tokens.length; i++) {
    const bar = tokens[i]!;
    const filled = bar[1];
    const empty = bar[2];
    if (filled === undefined || empty === undefined) continue;
    const width = filled.length + empty.length;
    if (width < MIN_CLASSIC_BAR) continue;
    const activity = tokens[i - 2]!;
    const status = tokens[i - 1]!;
    if (activity[1] !== undefined || status[1] !== undefined) continue;
    return progressEvent(activity[0], status[0], classicBarPercent(filled.length, width));
  }
  return undefined;
}

/**
 * The classic view drawn as separate rows (activity, status, thermometer), each row already known: the
 * rows are not joined and split again, so spaces inside an activity or status stay where they are.
 */
export function readClassicProgressRows(activity: string, status: string, bar: string): ProgressEvent | undefined {
  const match = CLASSIC_BAR.exec(bar);
  if (!match || match[0] !== bar) return undefined;
  const filled = match[1]!.length;
  const width = filled + match[2]!.length;
  if (width < MIN_CLASSIC_BAR || activity === '') return undefined;
  return progressEvent(activity, status, classicBarPercent(filled, width));
}

function classicBarPercent(filled: number, width: number): number {
  return filled === width ? 100 : percentFromBar(filled, width);
}

/**
 * The percentage a bar of `filled` cells out of `width` shows, where PowerShell drew
 * `floor(percent × width / 100)` cells: of all the percentages that give this bar, a multiple of 10, else of 5,
 * else the middle one.
 */
export function percentFromBar(filled: number, width: number): number {
  const low = Math.ceil((100 * filled) / width);
  const high = Math.min(100, Math.ceil((100 * (filled + 1)) / width) - 1);
  if (high < low) return Math.min(100, Math.round((100 * filled) / width));
  for (const step of [10, 5]) {
    const candidate = Math.ceil(low / step) * step;
    if (candidate <= high) return candidate;
  }
  return Math.round((low + high) / 2);
}

/** Identity of a progress state: redraws with the same key collapse into one event. */
export function progressKey(event: ProgressEvent): string {
  return `${event.activity}\u0000${event.status ?? ''}\u0000${event.percent ?? ''}`;
}

function progressEvent(activity: string, status: string, percent: number | undefined): ProgressEvent {
  const event: ProgressEvent = { type: 'progress', activity };
  if (status !== '') event.status = status;
  if (percent !== undefined) event.percent = percent;
  return event;
}
