export { assertWindows, currentUser, installTask, planTask, type ScheduleDeps, type TaskRequest } from './add-task.js';
export { formatIsoDuration, parseDurationMinutes } from './durations.js';
export { checkScheduledJob, type ScheduledJobInput } from './job-check.js';
export { joinWindowsArguments, quoteWindowsArgument } from './quote-windows.js';
export {
  nextStartBoundary,
  parseClockTime,
  parseInterval,
  parseWeekdays,
  type TaskSchedule,
  type Weekday,
} from './schedule-spec.js';
export {
  checkTaskName,
  listTasks,
  type RunProgram,
  registerTask,
  removeTask,
  type ScheduledTask,
  schtasksPath,
} from './schtasks.js';
export { encodeTaskXml, writeTaskFile } from './task-file.js';
export { buildTaskXml, type LogonType, type TaskSpec, taskFolder } from './task-xml.js';
