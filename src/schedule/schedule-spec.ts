import { IppsConnectError } from '../errors.js';
import { parseDurationMinutes } from './durations.js';

/** Days as the task schema names them (elements of DaysOfWeek). */
export const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof weekdays)[number];

export interface ClockTime {
  hours: number;
  minutes: number;
}

/** When a task runs, in the machine's local time (Task Scheduler's own reading of a zone-less time). */
export type TaskSchedule =
  | { kind: 'daily'; at: ClockTime }
  | { kind: 'weekly'; days: readonly Weekday[]; at: ClockTime }
  | { kind: 'every'; minutes: number };

/** Repetition intervals Task Scheduler accepts (repetitionType/Interval: PT1M to P31D). */
export const minIntervalMinutes = 1;
export const maxIntervalMinutes = 31 * 1440;

function invalidFlag(flag: string, problem: string, fix: string): IppsConnectError {
  return new IppsConnectError(`Invalid ${flag}: ${problem}`, { code: 'INVALID_INPUT', field: flag, fix });
}

/** `07:30` → 7 h 30 min; 24-hour clock. */
export function parseClockTime(text: string, flag: string): ClockTime {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match)
    throw invalidFlag(flag, `${JSON.stringify(text)} is not a time`, 'give a 24-hour time such as 02:00 or 18:30');
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

/** `MON,WED,FRI` (three letters or full names, any case) → the days, in week order. */
export function parseWeekdays(text: string, flag: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const word = part.trim().toLowerCase();
    const day = weekdays.find((name) => word.length >= 3 && name.toLowerCase().startsWith(word));
    if (!day) throw invalidFlag(flag, `${JSON.stringify(part)} is not a day`, 'give days such as MON,WED,FRI');
    days.add(day);
  }
  return weekdays.filter((day) => days.has(day));
}

/** `15m` or `2h` → minutes, within what Task Scheduler allows for the flag. */
export function parseInterval(
  text: string,
  flag: string,
  limits = { min: minIntervalMinutes, max: maxIntervalMinutes },
): number {
  const minutes = parseDurationMinutes(text);
  if (minutes === undefined || minutes < limits.min || minutes > limits.max) {
    throw invalidFlag(
      flag,
      `${JSON.stringify(text)} is not a duration from ${limits.min} minute(s) to ${limits.max / 1440} days`,
      'give minutes or hours such as 15m, 2h or 1h30m',
    );
  }
  return minutes;
}

/**
 * The trigger's StartBoundary: the next time the schedule fires after `now`, as local time without a zone
 * (Task Scheduler then follows the machine's clock through daylight-saving changes). Starting in the future
 * keeps StartWhenAvailable from treating an earlier time today as a missed run. An interval starts at the
 * next multiple of itself after midnight, so `--every 15m` runs at :00, :15, :30 and :45.
 */
export function nextStartBoundary(schedule: TaskSchedule, now: Date): string {
  let start: Date;
  if (schedule.kind === 'every') {
    // Wall-clock minutes, not elapsed ones: on a daylight-saving day the two differ by an hour.
    const elapsed = now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60;
    const slots = Math.floor(elapsed / schedule.minutes) + 1;
    start = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, slots * schedule.minutes);
  } else {
    start = new Date(now.getFullYear(), now.getMonth(), now.getDate(), schedule.at.hours, schedule.at.minutes);
    if (start <= now)
      start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, schedule.at.hours, schedule.at.minutes);
  }
  return formatLocalDateTime(start);
}

function formatLocalDateTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:00`;
}
