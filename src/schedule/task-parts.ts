/** The triggers and settings of the task document (see buildTaskXml). */
import { formatIsoDuration } from './durations.js';
import type { TaskSchedule } from './schedule-spec.js';
import { element, type XmlElement } from './xml.js';

export const defaultTimeLimitMinutes = 120;

export function triggerOf(schedule: TaskSchedule, startBoundary: string): XmlElement {
  // Child order follows triggerBaseType's sequence: Enabled, StartBoundary, Repetition, then the schedule.
  const base = [element('Enabled', 'true'), element('StartBoundary', startBoundary)];
  switch (schedule.kind) {
    case 'daily':
      return element('CalendarTrigger', [...base, element('ScheduleByDay', [element('DaysInterval', '1')])]);
    case 'weekly':
      return element('CalendarTrigger', [
        ...base,
        element('ScheduleByWeek', [
          element('WeeksInterval', '1'),
          element(
            'DaysOfWeek',
            schedule.days.map((day) => element(day)),
          ),
        ]),
      ]);
    case 'every':
      // No Duration: the repetition goes on indefinitely.
      return element('TimeTrigger', [
        ...base,
        element('Repetition', [
          element('Interval', formatIsoDuration(schedule.minutes)),
          element('StopAtDurationEnd', 'false'),
        ]),
      ]);
  }
}

export function settingsOf(spec: {
  timeLimitMinutes?: number;
  restart?: { count: number; intervalMinutes: number };
}): XmlElement[] {
  return [
    // A run still going when the next is due is left alone: two jobs would compete for the account's few
    // Security & Compliance sessions.
    element('MultipleInstancesPolicy', 'IgnoreNew'),
    // Servers on UPS and laptops both run the job; the default would skip it on battery.
    element('DisallowStartIfOnBatteries', 'false'),
    element('StopIfGoingOnBatteries', 'false'),
    element('AllowHardTerminate', 'true'),
    // A run missed while the machine was off or asleep starts as soon as it can.
    element('StartWhenAvailable', 'true'),
    // Without network the job fails with a clear error in its log, instead of being skipped without a trace.
    element('RunOnlyIfNetworkAvailable', 'false'),
    element('AllowStartOnDemand', 'true'),
    element('Enabled', 'true'),
    element('Hidden', 'false'),
    element('RunOnlyIfIdle', 'false'),
    element('WakeToRun', 'false'),
    // The backstop behind ippsconnect's own timeouts, for a job that hangs where no timeout reaches.
    element('ExecutionTimeLimit', formatIsoDuration(spec.timeLimitMinutes ?? defaultTimeLimitMinutes)),
    ...(spec.restart && spec.restart.count > 0
      ? [
          element('RestartOnFailure', [
            element('Interval', formatIsoDuration(spec.restart.intervalMinutes)),
            element('Count', String(spec.restart.count)),
          ]),
        ]
      : []),
  ];
}
