import type { IppsConnectError } from '../errors.js';
import type { SessionEvent, SessionEventType } from '../session/events.js';

/** One renderer per event kind: adding a kind does not compile until it is rendered here. */
type Renderers = { [K in SessionEventType]: (event: Extract<SessionEvent, { type: K }>) => string | undefined };

const phaseText: Record<string, string> = {
  starting: 'Starting PowerShell',
  'locating-module': 'Locating ExchangeOnlineManagement',
  'installing-module': 'Installing ExchangeOnlineManagement for the current user',
  'importing-module': 'Importing the module',
  connecting: 'Connecting to Security & Compliance PowerShell',
  'connecting-exchange-online': 'Connecting to Exchange Online',
  running: 'Running',
  disconnecting: 'Disconnecting',
};

const human: Renderers = {
  phase: (event) => (phaseText[event.phase] ? `… ${phaseText[event.phase]}` : undefined),
  module: (event) =>
    `  ExchangeOnlineManagement ${event.version} on PowerShell ${event.powershellVersion} (${event.powershellEdition})`,
  warning: (event) => `! ${event.message}`,
  recorded: (event) => `  Recording saved: ${event.path}`,
  progress: (event) =>
    `  ${event.activity}${event.status ? ` — ${event.status}` : ''}${event.percent === undefined ? '' : ` (${event.percent}%)`}`,
  banner: () => undefined,
  'device-code': (event) => `» To sign in, open ${event.url} and enter the code ${event.code}`,
  prompt: (event) => `? PowerShell asks for input: ${event.text}`,
  connected: (event) =>
    `✔ Connected${event.name ? ` (${event.name})` : ''}${event.userPrincipalName ? ` as ${event.userPrincipalName}` : ''}${
      event.organization ? ` to ${event.organization}` : ''
    }${event.prefix ? `, cmdlets prefixed ${event.prefix}` : ''}`,
  error: (event) => `✖ ${event.code}: ${event.message}\n  Fix: ${event.fix}`,
  output: (event) => event.text,
  exit: (event) =>
    `  exit ${event.success ? 'ok' : 'failed'}${event.exitCode === undefined ? '' : ` (${event.exitCode})`}`,
};

export function renderHuman(event: SessionEvent): string | undefined {
  return (human[event.type] as (event: SessionEvent) => string | undefined)(event);
}

export function renderJson(event: SessionEvent): string {
  return JSON.stringify(event);
}

/** The final failure, as the error event the JSON stream ends with. */
export function failureEvent(error: IppsConnectError): Record<string, unknown> {
  return {
    type: 'error',
    code: error.code,
    message: error.message,
    fix: error.fix,
    retryable: error.retryable,
    ...(error.field ? { field: error.field } : {}),
    ...(error.fullyQualifiedErrorId ? { fullyQualifiedErrorId: error.fullyQualifiedErrorId } : {}),
  };
}

export function renderFailureHuman(error: IppsConnectError): string {
  const tail =
    error.transcriptTail.length > 0
      ? `\n  Last lines:\n${error.transcriptTail
          .slice(-8)
          .map((line) => `    ${line}`)
          .join('\n')}`
      : '';
  return `✖ ${error.code}: ${error.message}\n  Fix: ${error.fix}${tail}`;
}
