/** Record → event: the catalog decides the code from the message and FullyQualifiedErrorId. */
import { classifyError } from './catalog.js';
import type { ErrorEvent } from './events.js';

/** Builds the event for one error record; the id, when known, helps classify (`AccessDenied,PSSessionOpenFailed`). */
export function errorEvent(message: string, fullyQualifiedErrorId?: string): ErrorEvent {
  const text = fullyQualifiedErrorId ? `${message}\n${fullyQualifiedErrorId}` : message;
  const { code, fix, retryable, matched } = classifyError(text);
  const event: ErrorEvent = { type: 'error', code, message, fix, retryable };
  if (fullyQualifiedErrorId) event.fullyQualifiedErrorId = fullyQualifiedErrorId;
  if (matched !== undefined) event.matched = matched;
  return event;
}
