import type { IppsConnectError } from '../errors.js';
import type { SessionEvent, SessionEventType } from '../session/events.js';
import type { ProgressEvent } from '../transcript/events.js';

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

/** How the terminal may be drawn on: in place (a live progress line) and in colour. */
export interface TerminalStyle {
  inPlace: boolean;
  colour: boolean;
}

/**
 * Live redraws need a terminal that is not `dumb`; colour also needs NO_COLOR unset (no-color.org: any
 * non-empty value). Pipes and files get neither.
 */
export function terminalStyle(isTty: boolean, env: Readonly<Record<string, string | undefined>>): TerminalStyle {
  const inPlace = isTty && env.TERM !== 'dumb';
  return { inPlace, colour: inPlace && !env.NO_COLOR };
}

const barWidth = 20;

/**
 * The live progress line: activity, a bar with the percentage when there is one, and the status, cut to
 * fit one row of `width` columns (a wrapped line could not be redrawn in place).
 */
export function renderProgressLine(event: ProgressEvent, width: number, colour: boolean): string {
  const percent = event.percent === undefined ? undefined : Math.max(0, Math.min(100, Math.round(event.percent)));
  let bar = '';
  if (percent !== undefined) {
    const done = Math.round((percent / 100) * barWidth);
    const filled = '█'.repeat(done);
    const empty = '░'.repeat(barWidth - done);
    bar = ` ${colour ? `\x1b[36m${filled}\x1b[2m${empty}\x1b[0m` : `${filled}${empty}`} ${String(percent).padStart(3)}%`;
  }
  const plainBarLength = percent === undefined ? 0 : barWidth + 6;
  const head = `  ${event.activity}`;
  const status = event.status ? ` ${event.status}` : '';
  const room = Math.max(10, width - 1);
  const text = truncate(head, room - plainBarLength);
  return `${text}${bar}${truncate(status, Math.max(0, room - text.length - plainBarLength))}`;
}

/** The line that replaces a live progress line once its activity is over. */
export function renderProgressDone(event: ProgressEvent, width: number, colour: boolean): string {
  const mark = colour ? '\x1b[32m✔\x1b[0m' : '✔';
  return `${mark} ${truncate(`${event.activity}${event.status ? ` — ${event.status}` : ''}`, Math.max(10, width - 3))}`;
}

function truncate(text: string, room: number): string {
  if (text.length <= room) return text;
  return room <= 1 ? '' : `${text.slice(0, room - 1)}…`;
}
