import { type Command, InvalidArgumentError, Option } from 'commander';
import { cloudNames } from '../clouds.js';
import { maxTimerMs } from '../options.js';

/** CLI flag for each option key, so an error about `userPrincipalName` names `--upn`. */
export const flagOf: Record<string, string> = {
  config: '--config',
  log: '--log',
  attended: '--attended',
  userPrincipalName: '--upn',
  cloud: '--cloud',
  connectionUri: '--connection-uri',
  authority: '--authority',
  allowAnyHost: '--allow-any-host',
  appId: '--app-id',
  organization: '--organization',
  certificateThumbprint: '--certificate-thumbprint',
  certificatePath: '--certificate-path',
  certificatePasswordEnv: '--certificate-password-env',
  clientSecretEnv: '--client-secret-env',
  certificatePem: '--certificate-pem',
  deviceCode: '--device-code',
  delegatedOrganization: '--delegated-organization',
  prefix: '--prefix',
  commandName: '--command-name',
  exoCommandName: '--exo-command-name',
  showBanner: '--show-banner',
  disableWam: '--disable-wam',
  enableSearchOnlySession: '--enable-search-only-session',
  exo: '--exo',
  exoPrefix: '--exo-prefix',
  powershell: '--pwsh',
  modulePath: '--module-path',
  install: '--install',
  installRepository: '--install-repository',
  legacy: '--legacy',
  unattended: '--unattended',
  command: '--command',
  script: '--script',
  record: '--record',
  recordFailures: '--record-failures',
  cassette: '--cassette',
  'cassette.mode': '--cassette-mode',
  'timeouts.connectMs': '--timeout',
  'timeouts.idleMs': '--idle-timeout',
  'timeouts.commandMs': '--command-timeout',
};

/** The most seconds a flag takes: a Node.js timer of more fires at once (see `maxTimerMs`). */
const maxSeconds = Math.floor(maxTimerMs / 1000);

/** Parses a flag given in seconds into milliseconds, within a timer's range. */
export function seconds(value: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  const ms = Math.round(parsed * 1000);
  if (ms > maxTimerMs) {
    throw new InvalidArgumentError(`expected at most ${maxSeconds} seconds (24.8 days), got ${JSON.stringify(value)}`);
  }
  return Math.max(1, ms);
}

/** A limit in seconds as ms, or `none` for no limit (commander turns a parser's null into '', hence the word). */
export function limitSeconds(value: string): number | 'none' {
  if (value.trim().toLowerCase() === 'none') return 'none';
  try {
    return seconds(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}; or none for no limit`);
  }
}

/**
 * The values of the options a person actually gave (on the command line or through an environment
 * variable), leaving out every default: only those may override a job file.
 */
export function givenValues<T extends object>(command: Command): Partial<T> {
  const values = command.opts();
  return Object.fromEntries(
    Object.entries(values).filter(([key]) => {
      const source = command.getOptionValueSource(key);
      return source !== undefined && source !== 'default';
    }),
  ) as Partial<T>;
}

export function positiveInteger(value: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a whole number above 0, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The options `connect` and `run` share. */
export function connectionFlags(): Option[] {
  return [
    new Option('--upn <upn>', 'user principal name for interactive sign-in'),
    new Option('--cloud <cloud>', "the tenant's cloud").choices(cloudNames).default('commercial'),
    new Option('--connection-uri <uri>', 'override the IPPS ConnectionUri'),
    new Option('--authority <uri>', 'override the AzureADAuthorizationEndpointUri'),
    new Option('--allow-any-host', 'accept a --connection-uri / --authority host outside the known clouds'),
    new Option('--app-id <guid>', 'application (client) id for app-only sign-in'),
    new Option(
      '--organization <domain>',
      "tenant's initial domain for app-only sign-in (*.onmicrosoft.com; *.onmicrosoft.us in GCC High/DoD, ...)",
    ),
    new Option('--certificate-thumbprint <hex>', 'certificate in the Windows store (Windows only)'),
    new Option('--certificate-path <file>', 'certificate file (.pfx) for app-only sign-in'),
    new Option('--certificate-password-env <NAME>', 'environment variable that holds the .pfx password'),
    new Option(
      '--client-secret-env <NAME>',
      'app-only access token with the client secret in this environment variable',
    ),
    new Option('--certificate-pem <file>', 'app-only access token with this PEM certificate and key'),
    new Option('--device-code', 'delegated access token: sign in with a code on any device (module ≥ 3.8.0)'),
    new Option('--delegated-organization <domain>', 'partner (GDAP) access to a customer tenant'),
    new Option('--prefix <prefix>', 'prefix for the Security & Compliance cmdlets (letters and digits, not EXO)'),
    new Option('--command-name <name>', 'import only this Security & Compliance cmdlet (repeatable)').argParser(
      collect,
    ),
    new Option(
      '--exo-command-name <name>',
      'import only this Exchange Online cmdlet (repeatable; implies --exo)',
    ).argParser(collect),
    new Option('--show-banner', "show the module's banner"),
    new Option('--no-show-banner', "hide the module's banner"),
    new Option('--disable-wam', 'sign in without Web Account Manager (module ≥ 3.7.2)'),
    new Option('--enable-search-only-session', 'for *-ComplianceSearch* cmdlets (module ≥ 3.9.0)'),
    new Option('--exo', 'connect Exchange Online in the same session'),
    new Option(
      '--exo-prefix <prefix>',
      'connect Exchange Online with its cmdlets under this prefix, e.g. Ex (implies --exo; EXO is reserved by the module)',
    ),
    new Option('--pwsh <path>', 'PowerShell to use (default: IPPSCONNECT_PWSH, then pwsh on PATH)'),
    new Option('--module-path <dir>', 'folder searched first for modules (repeatable)').argParser(collect),
    new Option('--install', 'install ExchangeOnlineManagement for the current user when it is missing or too old'),
    new Option('--install-repository <name>', 'registered repository --install uses (implies --install)'),
    new Option('--legacy', 'use the retired EXO V1 ClickOnce module (Windows PowerShell 5.1 only)'),
    new Option(
      '--unattended',
      'no person present: -NonInteractive, prompts fail at once (default when stdin is not a terminal)',
    ),
    new Option('--attended', 'a person is present, even if stdin is not a terminal'),
    new Option('--command <code>', 'PowerShell to run once connected'),
    new Option('--script <file>', 'script to run once connected'),
    new Option('--timeout <seconds>', 'time each connect may take (none: no limit)').argParser(limitSeconds),
    new Option(
      '--idle-timeout <seconds>',
      'time without any output or progress before giving up (none: no limit)',
    ).argParser(limitSeconds),
    new Option('--command-timeout <seconds>', 'time --command / --script may take (none: no limit)').argParser(
      limitSeconds,
    ),
    new Option('--record <file.cast>', 'record the session as asciicast v2 (secrets redacted)'),
    new Option('--record-failures <dir>', 'keep a recording of each failed session in this folder'),
    new Option('--cassette <file.cast>', 'record the session into this cassette, or replay it (docs/cassettes.md)'),
    new Option('--cassette-mode <mode>', 'default: IPPSCONNECT_CASSETTE_MODE, else auto (replay under CI)').choices([
      'record',
      'replay',
      'auto',
    ]),
    new Option('--json', 'print one JSON event per line'),
    new Option('--dry-run', 'print the PowerShell that would run, and exit'),
  ];
}

export interface ConnectionFlagValues {
  upn?: string;
  cloud?: string;
  connectionUri?: string;
  authority?: string;
  allowAnyHost?: boolean;
  appId?: string;
  organization?: string;
  certificateThumbprint?: string;
  certificatePath?: string;
  certificatePasswordEnv?: string;
  clientSecretEnv?: string;
  certificatePem?: string;
  deviceCode?: boolean;
  delegatedOrganization?: string;
  prefix?: string;
  commandName?: string[];
  exoCommandName?: string[];
  showBanner?: boolean;
  disableWam?: boolean;
  enableSearchOnlySession?: boolean;
  exo?: boolean;
  exoPrefix?: string;
  pwsh?: string;
  modulePath?: string[];
  install?: boolean;
  installRepository?: string;
  legacy?: boolean;
  unattended?: boolean;
  attended?: boolean;
  command?: string;
  script?: string;
  /** Seconds as ms, or none: no limit. */
  timeout?: number | 'none';
  idleTimeout?: number | 'none';
  commandTimeout?: number | 'none';
  record?: string;
  recordFailures?: string;
  cassette?: string;
  cassetteMode?: 'record' | 'replay' | 'auto';
  json?: boolean;
  dryRun?: boolean;
}

/** Flag values → library options (only what was given, so the library's defaults apply). */
export function toConnectOptions(flags: ConnectionFlagValues): Record<string, unknown> {
  // null is how the options say "no limit".
  const limit = (value: number | 'none') => (value === 'none' ? null : value);
  const timeouts = {
    ...(flags.timeout === undefined ? {} : { connectMs: limit(flags.timeout) }),
    ...(flags.idleTimeout === undefined ? {} : { idleMs: limit(flags.idleTimeout) }),
    ...(flags.commandTimeout === undefined ? {} : { commandMs: limit(flags.commandTimeout) }),
  };
  const unattended = flags.attended ? false : flags.unattended ? true : undefined;
  const entries: Array<[string, unknown]> = [
    ['userPrincipalName', flags.upn],
    ['cloud', flags.cloud],
    ['connectionUri', flags.connectionUri],
    ['authority', flags.authority],
    ['allowAnyHost', flags.allowAnyHost],
    ['appId', flags.appId],
    ['organization', flags.organization],
    ['certificateThumbprint', flags.certificateThumbprint],
    ['certificatePath', flags.certificatePath],
    ['certificatePasswordEnv', flags.certificatePasswordEnv],
    ['clientSecretEnv', flags.clientSecretEnv],
    ['certificatePem', flags.certificatePem],
    ['deviceCode', flags.deviceCode],
    ['delegatedOrganization', flags.delegatedOrganization],
    ['prefix', flags.prefix],
    ['commandName', flags.commandName],
    ['exoCommandName', flags.exoCommandName],
    ['showBanner', flags.showBanner],
    ['disableWam', flags.disableWam],
    ['enableSearchOnlySession', flags.enableSearchOnlySession],
    ['exo', flags.exo],
    ['exoPrefix', flags.exoPrefix],
    ['powershell', flags.pwsh],
    ['modulePath', flags.modulePath],
    ['install', flags.install],
    ['installRepository', flags.installRepository],
    ['legacy', flags.legacy],
    ['unattended', unattended],
    ['command', flags.command],
    ['script', flags.script],
    ['record', flags.record],
    ['recordFailures', flags.recordFailures],
    [
      'cassette',
      flags.cassette && (flags.cassetteMode ? { path: flags.cassette, mode: flags.cassetteMode } : flags.cassette),
    ],
    ['timeouts', Object.keys(timeouts).length > 0 ? timeouts : undefined],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}
