import { describe, expect, it } from 'vitest';
import {
  formatIsoDuration,
  nextStartBoundary,
  parseClockTime,
  parseDurationMinutes,
  parseInterval,
  parseWeekdays,
} from '../../src/schedule/index.js';

describe('schedule values', () => {
  it('reads 24-hour times and names the flag of a bad one', () => {
    expect(parseClockTime('02:00', '--daily')).toEqual({ hours: 2, minutes: 0 });
    expect(parseClockTime('7:05', '--daily')).toEqual({ hours: 7, minutes: 5 });
    for (const bad of ['24:00', '2pm', '12:60', '']) {
      expect(() => parseClockTime(bad, '--daily')).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', field: '--daily' }),
      );
    }
  });

  it('reads days in any case, short or long, and sorts them into week order', () => {
    expect(parseWeekdays('fri,MON,Wednesday', '--weekly')).toEqual(['Monday', 'Wednesday', 'Friday']);
    expect(parseWeekdays('sun', '--weekly')).toEqual(['Sunday']);
    expect(() => parseWeekdays('MON,XYZ', '--weekly')).toThrow(expect.objectContaining({ field: '--weekly' }));
    expect(() => parseWeekdays('M', '--weekly')).toThrow(/"M"/);
  });

  it('reads durations and writes them as ISO 8601', () => {
    expect(parseDurationMinutes('15m')).toBe(15);
    expect(parseDurationMinutes('2h')).toBe(120);
    expect(parseDurationMinutes('1h30m')).toBe(90);
    expect(parseDurationMinutes('1d')).toBe(1440);
    expect(parseDurationMinutes('90')).toBeUndefined();
    expect(parseDurationMinutes('')).toBeUndefined();
    expect(formatIsoDuration(120)).toBe('PT2H');
    expect(formatIsoDuration(90)).toBe('PT1H30M');
    expect(formatIsoDuration(1500)).toBe('P1DT1H');
    expect(formatIsoDuration(2880)).toBe('P2D');
    expect(formatIsoDuration(0)).toBe('PT0S');
  });

  it('keeps intervals within what Task Scheduler accepts', () => {
    expect(parseInterval('1m', '--every')).toBe(1);
    expect(() => parseInterval('0m', '--every')).toThrow(expect.objectContaining({ field: '--every' }));
    expect(() => parseInterval('32d', '--every')).toThrow(expect.objectContaining({ field: '--every' }));
    expect(() => parseInterval('soon', '--time-limit')).toThrow(expect.objectContaining({ field: '--time-limit' }));
  });

  describe('nextStartBoundary (local time, no zone)', () => {
    const at = (hours: number, minutes: number) => ({ hours, minutes });
    const now = new Date(2026, 2, 2, 10, 7, 30); // 2 March 2026, 10:07:30 local

    it('today when the time is still ahead, tomorrow when it has passed', () => {
      expect(nextStartBoundary({ kind: 'daily', at: at(18, 0) }, now)).toBe('2026-03-02T18:00:00');
      expect(nextStartBoundary({ kind: 'daily', at: at(2, 0) }, now)).toBe('2026-03-03T02:00:00');
      expect(nextStartBoundary({ kind: 'daily', at: at(10, 7) }, now)).toBe('2026-03-03T10:07:00');
      expect(nextStartBoundary({ kind: 'weekly', days: ['Friday'], at: at(2, 0) }, new Date(2026, 11, 31, 23, 0))).toBe(
        '2027-01-01T02:00:00',
      );
    });

    it('an interval starts at its next multiple after midnight', () => {
      expect(nextStartBoundary({ kind: 'every', minutes: 15 }, now)).toBe('2026-03-02T10:15:00');
      expect(nextStartBoundary({ kind: 'every', minutes: 120 }, now)).toBe('2026-03-02T12:00:00');
      expect(nextStartBoundary({ kind: 'every', minutes: 15 }, new Date(2026, 2, 2, 23, 50))).toBe(
        '2026-03-03T00:00:00',
      );
      expect(nextStartBoundary({ kind: 'every', minutes: 15 }, new Date(2026, 2, 2, 10, 15, 0))).toBe(
        '2026-03-02T10:30:00',
      );
    });
  });
});
