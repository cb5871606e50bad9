import type { TranscriptEvent } from '../transcript/events.js';

/** The stages of a session, in order (docs/architecture.md has the diagram). */
export const phases = [
  'starting',
  'locating-module',
  'installing-module',
  'importing-module',
  'connecting',
  'connecting-exchange-online',
  'running',
  'handed-over',
  'disconnecting',
  'closed',
] as const;
export type Phase = (typeof phases)[number];

export interface PhaseEvent {
  type: 'phase';
  phase: Phase;
}

/** Which PowerShell and module version the session uses. */
export interface ModuleEvent {
  type: 'module';
  version: string;
  manifestPath: string;
  powershellVersion: string;
  powershellEdition: string;
}

/** Something the user should know that does not stop the session (e.g. a closed cloud). */
export interface WarningEvent {
  type: 'warning';
  message: string;
}

/** The session's recording was written (always with --record; on failure with --record-failures). */
export interface RecordedEvent {
  type: 'recorded';
  path: string;
}

export type SessionEvent = TranscriptEvent | PhaseEvent | ModuleEvent | WarningEvent | RecordedEvent;
export type SessionEventType = SessionEvent['type'];
