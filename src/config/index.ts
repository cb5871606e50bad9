export { configField } from './field.js';
export { type JobConfig, type JobSettings, jobConfigSchema, loadJobConfig, parseJobConfig } from './job-config.js';
export type { PathApi } from './paths.js';
