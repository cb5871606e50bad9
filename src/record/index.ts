/**
 * Recording and replaying terminal sessions: asciicast v2 with secrets redacted before they reach the disk.
 */
export type { AsciicastEvent, AsciicastHeader } from './asciicast.js';
export {
  type Asciicast,
  type AsciicastStream,
  parseAsciicastLines,
  readAsciicast,
  readAsciicastFile,
} from './asciicast-reader.js';
export { type AsciicastWriter, type AsciicastWriterOptions, createAsciicastWriter } from './asciicast-writer.js';
export { RecordError, type RecordErrorCode } from './errors.js';
export {
  createRedactor,
  DEFAULT_MAX_TOKEN_HOLD_BACK,
  type Redactor,
  type RedactorOptions,
  redactText,
} from './redact.js';
export { MIN_SECRET_LENGTH, REDACTION_MARKER } from './redaction-rules.js';
export { delayBefore, type ReplayOptions, type ReplayTiming, replay } from './replay.js';
export { type AsciicastSink, type FileSink, fileSink, type MemorySink, memorySink } from './sinks.js';
