import { resolve as resolvePath } from 'node:path';
import * as z from 'zod';
import type { CassetteSettings } from './cassette/cassette.js';
import { type CloudName, cloudNames, clouds, knownAuthorityHosts, knownConnectionHosts } from './clouds.js';
import { IppsConnectError } from './errors.js';
import { resolveModuleOptions } from './module/module-options.js';
import { ValidationError } from './powershell/errors.js';
import { assertTypeable } from './powershell/typeable.js';
import * as validate from './powershell/validate.js';

/** The longest delay a Node.js timer keeps (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
export const maxTimerMs = 2 ** 31 - 1;

/** A limit in ms: a positive whole number within a timer's range, or null for "no limit". */
const limitMs = z.number().int().positive().max(maxTimerMs, 'at most 2147483647 ms (24.8 days); use null for no limit');

/** Default name of the environment variable that holds a certificate file's password. */
export const defaultCertificatePasswordEnv = 'IPPSCONNECT_CERTIFICATE_PASSWORD';

/**
 * The options of a session, as a caller gives them (library) or the CLI parses them. The schema checks
 * shapes; `resolveOptions` then checks values and combinations, and fills in defaults.
 */
export const connectOptionsSchema = z
  .object({
    userPrincipalName: z.string().optional(),
    cloud: z.enum(cloudNames).optional(),
    connectionUri: z.string().optional(),
    authority: z.string().optional(),
    /** Accept a --connection-uri / --authority host that is not in the cloud table. */
    allowAnyHost: z.boolean().optional(),
    appId: z.string().optional(),
    organization: z.string().optional(),
    certificateThumbprint: z.string().optional(),
    certificatePath: z.string().optional(),
    /** Name of the environment variable holding the certificate file's password (never the password). */
    certificatePasswordEnv: z.string().optional(),
    /** App-only access token with a client secret: the name of the variable that holds the secret. */
    clientSecretEnv: z.string().optional(),
    /** App-only access token with a certificate in a PEM file (certificate and private key). */
    certificatePem: z.string().optional(),
    /** Delegated access token by device-code sign-in (a person signs in on any device). */
    deviceCode: z.boolean().optional(),
    delegatedOrganization: z.string().optional(),
    prefix: z.string().optional(),
    commandName: z.array(z.string()).optional(),
    /** Cmdlets Connect-ExchangeOnline imports (-CommandName); --command-name is for IPPS only. Implies exo. */
    exoCommandName: z.array(z.string()).optional(),
    showBanner: z.boolean().optional(),
    disableWam: z.boolean().optional(),
    enableSearchOnlySession: z.boolean().optional(),
    exo: z.boolean().optional(),
    exoPrefix: z.string().optional(),
    powershell: z.string().optional(),
    modulePath: z.array(z.string()).optional(),
    /** Install ExchangeOnlineManagement for the current user when it is missing or too old. */
    install: z.boolean().optional(),
    /** The registered repository --install uses (letters, digits, `._-`); implies install. */
    installRepository: z.string().optional(),
    /** Use the retired EXO V1 ClickOnce module (Windows PowerShell 5.1 only). */
    legacy: z.boolean().optional(),
    unattended: z.boolean().optional(),
    command: z.string().optional(),
    script: z.string().optional(),
    /** Record the session as asciicast v2 into this file (secrets redacted). */
    record: z.string().optional(),
    /** Keep a recording of each failed session in this folder. */
    recordFailures: z.string().optional(),
    /** Record the session into this cassette, or replay it from there (src/cassette, docs/cassettes.md). */
    cassette: z
      .union([
        z.string(),
        z
          .object({
            path: z.string(),
            mode: z.enum(['record', 'replay', 'auto']).optional(),
            speed: z.number().min(0).optional(),
          })
          .strict(),
      ])
      .optional(),
    /** Limits in ms; `null` turns one off (no limit), `undefined` takes the default. */
    timeouts: z
      .object({
        startMs: limitMs.optional(),
        connectMs: limitMs.nullable().optional(),
        commandMs: limitMs.nullable().optional(),
        idleMs: limitMs.nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConnectOptionsInput = z.input<typeof connectOptionsSchema>;

export type SignIn =
  | { kind: 'interactive'; userPrincipalName?: string; disableWam: boolean }
  | { kind: 'certificate-thumbprint'; appId: string; organization: string; thumbprint: string }
  | {
      kind: 'certificate-file';
      appId: string;
      organization: string;
      path: string;
      /** Environment variable the password is read from, if the file has one. */
      passwordEnv?: string;
    }
  | { kind: 'access-token'; organization: string; source: TokenSource };

/** Where an access token for -AccessToken comes from; ippsconnect acquires it with @azure/msal-node. */
export type TokenSource =
  | { kind: 'client-secret'; appId: string; secretEnv: string }
  | { kind: 'client-certificate'; appId: string; pemPath: string; passwordEnv?: string }
  | { kind: 'device-code'; appId?: string; userPrincipalName?: string };

/** Undefined: no limit. */
export interface Timeouts {
  startMs: number;
  connectMs?: number;
  commandMs?: number;
  idleMs?: number;
}

/** Options after every check: what the rest of ippsconnect works with. */
export interface ResolvedOptions {
  cloud: CloudName;
  signIn: SignIn;
  connectionUri?: string;
  authority?: string;
  delegatedOrganization?: string;
  prefix?: string;
  commandName?: string[];
  showBanner?: boolean;
  enableSearchOnlySession: boolean;
  exo?: { prefix?: string; commandName?: string[] };
  powershell?: string;
  modulePath: string[];
  /** Install the module for the current user when it is missing or too old (--install). */
  install: boolean;
  /** The repository to install from; the installer's default (the PowerShell Gallery) when unset. */
  installRepository?: string;
  /** Use the retired EXO V1 ClickOnce module (--legacy; Windows PowerShell 5.1 only). */
  legacy: boolean;
  unattended: boolean;
  work?: { kind: 'command'; code: string } | { kind: 'script'; path: string };
  timeouts: Timeouts;
  recording: { path?: string; failuresDirectory?: string };
  /** One object per run: the attempts of a job share its cassette (src/cassette/cassette.ts). */
  cassette?: CassetteSettings;
  warnings: string[];
}

export const defaultTimeouts = { startMs: 60_000, connectMs: 300_000 } as const;
/**
 * `run`'s limits on the user's work, since nobody watches a scheduled job: the whole command or script
 * at most 90 minutes (ending before Task Scheduler's default 2-hour limit, so it still disconnects), and at
 * most 30 minutes without any output or progress. `--command-timeout none` / `--idle-timeout none` (job
 * file: `null`) turn them off. The library and `connect` have no such default.
 */
export const runDefaultTimeouts = { commandMs: 90 * 60_000, idleMs: 30 * 60_000 } as const;
/** Unattended jobs have no person to finish an MFA prompt: fail sooner. */
export const defaultUnattendedConnectMs = 120_000;

export interface ResolveContext {
  platform: 'windows' | 'posix';
  /** Whether a person can answer prompts (stdin is a terminal). */
  interactiveTerminal: boolean;
}

/**
 * Checks everything a caller passed and returns the resolved options, or throws an IppsConnectError
 * (code INVALID_INPUT) naming the field and the fix. Nothing is started before this has passed.
 */
export function resolveOptions(input: unknown, context: ResolveContext): ResolvedOptions {
  const parsed = connectOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'options';
    throw invalidInput(field, issue.message, 'check the option name and value type');
  }
  try {
    return resolveValid(parsed.data, context);
  } catch (error) {
    // The ValidationError's message ends with its fix; the error carries the fix on its own (printed once).
    if (error instanceof ValidationError) throw fromValidationError(error);
    throw error;
  }
}

/** Longest value of each kind: far beyond any real one, short enough that a pasted blob is caught. */
const maxLength = { text: 1024, path: 4096, code: 1024 * 1024 } as const;

/** How each text option is checked before anything else: what it holds decides its limits. */
const textKinds: Readonly<Record<string, keyof typeof maxLength>> = {
  userPrincipalName: 'text',
  connectionUri: 'text',
  authority: 'text',
  appId: 'text',
  organization: 'text',
  certificateThumbprint: 'text',
  certificatePath: 'path',
  certificatePasswordEnv: 'text',
  clientSecretEnv: 'text',
  certificatePem: 'path',
  delegatedOrganization: 'text',
  prefix: 'text',
  commandName: 'text',
  exoPrefix: 'text',
  powershell: 'path',
  modulePath: 'path',
  installRepository: 'text',
  command: 'code',
  script: 'path',
  record: 'path',
  recordFailures: 'path',
};

/** Control characters; PowerShell code (`command`) may hold tabs and line breaks. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CODE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Every text option, checked for what no value of it may be: empty or only spaces, holding control
 * characters, or overlong. The checks of each option's own shape (a GUID, a domain) come after.
 */
function assertPlainValues(options: z.output<typeof connectOptionsSchema>): void {
  for (const [field, kind] of Object.entries(textKinds)) {
    assertPlainValue(options[field as keyof typeof options], field, kind);
  }
}

/** One option's value (a string, or a list of them) checked as `assertPlainValues` does; ValidationError if not. */
export function assertPlainValue(value: unknown, field: string, kind: keyof typeof maxLength): void {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  for (const item of values as string[]) {
    const problem =
      item.trim() === ''
        ? 'it is empty'
        : (kind === 'code' ? CODE_CONTROL : CONTROL).test(item)
          ? 'it holds a control character'
          : item.length > maxLength[kind]
            ? `it is ${item.length} characters long (at most ${maxLength[kind]})`
            : undefined;
    if (problem) {
      const what = kind === 'code' ? 'PowerShell code' : kind === 'path' ? 'a path' : 'a value';
      const fix =
        problem === 'it is empty'
          ? `give ${what}, or leave the option out`
          : problem === 'it holds a control character'
            ? `give ${what} without control characters, or leave the option out`
            : `give a shorter ${what.replace(/^an? /, '')}, or leave the option out`;
      throw new ValidationError(field, problem, fix);
    }
  }
}

/** `assertPlainValue` for a caller outside `resolveOptions`: IppsConnectError INVALID_INPUT naming the field. */
export function checkPlainValue(value: unknown, field: string, kind: keyof typeof maxLength): void {
  try {
    assertPlainValue(value, field, kind);
  } catch (error) {
    throw error instanceof ValidationError ? fromValidationError(error) : error;
  }
}

/** A ValidationError as INVALID_INPUT: its problem in the message, its fix on its own (printed once). */
function fromValidationError(error: ValidationError): IppsConnectError {
  return invalidInput(error.field, error.problem, error.fix, error);
}

function resolveValid(options: z.output<typeof connectOptionsSchema>, context: ResolveContext): ResolvedOptions {
  assertPlainValues(options);
  const cloud = options.cloud ?? 'commercial';
  const warnings = clouds[cloud].warning ? [clouds[cloud].warning!] : [];
  const unattended = options.unattended ?? !context.interactiveTerminal;
  assertNoIgnoredCombination(options);
  const signIn = resolveSignIn(options, context, unattended, cloud);
  if (options.command !== undefined && options.script !== undefined) {
    throw new ValidationError('command', 'both a command and a script were given', 'pass one of them');
  }
  const moduleOptions = resolveModuleOptions(options, {
    platform: context.platform,
    interactiveSignIn: signIn.kind === 'interactive',
  });
  const resolved: ResolvedOptions = {
    cloud,
    signIn,
    enableSearchOnlySession: options.enableSearchOnlySession ?? false,
    modulePath: options.modulePath ?? [],
    ...moduleOptions,
    unattended,
    timeouts: resolveTimeouts(options.timeouts, unattended),
    recording: {
      ...(options.record === undefined ? {} : { path: options.record }),
      ...(options.recordFailures === undefined ? {} : { failuresDirectory: options.recordFailures }),
    },
    warnings,
  };
  const allowAnyHost = options.allowAnyHost ?? false;
  if (options.connectionUri !== undefined) {
    resolved.connectionUri = validate.httpsUri(options.connectionUri, 'connectionUri', {
      allowedHosts: knownConnectionHosts,
      allowAnyHost,
    });
  }
  if (options.authority !== undefined) {
    resolved.authority = validate.httpsUri(options.authority, 'authority', {
      allowedHosts: knownAuthorityHosts,
      allowAnyHost,
    });
  }
  if (options.delegatedOrganization !== undefined) {
    resolved.delegatedOrganization = validate.domain(options.delegatedOrganization, 'delegatedOrganization');
  }
  Object.assign(resolved, resolvePrefixesAndCommands(options));
  if (options.showBanner !== undefined) resolved.showBanner = options.showBanner;
  if (options.powershell !== undefined) resolved.powershell = options.powershell;
  if (options.cassette !== undefined) {
    resolved.cassette = typeof options.cassette === 'string' ? { path: options.cassette } : { ...options.cassette };
  }
  for (const path of resolved.modulePath) assertTypeable(path, 'modulePath');
  if (options.command !== undefined) resolved.work = { kind: 'command', code: options.command };
  if (options.script !== undefined) resolved.work = { kind: 'script', path: options.script };
  return resolved;
}

/**
 * -Prefix by the module's rules (validate.prefix), EXO allowed only for the V1 flow (--legacy); IPPS and
 * Exchange Online never share a prefix (their cmdlets would shadow each other). Each service gets its own
 * command list, so `--command-name Get-ComplianceSearch` does not leave Exchange Online without cmdlets.
 */
function resolvePrefixesAndCommands(
  options: z.output<typeof connectOptionsSchema>,
): Pick<ResolvedOptions, 'prefix' | 'commandName' | 'exo'> {
  const legacy = options.legacy === true;
  const resolved: Pick<ResolvedOptions, 'prefix' | 'commandName' | 'exo'> = {};
  if (options.prefix !== undefined) resolved.prefix = validate.prefix(options.prefix, 'prefix');
  if (options.commandName !== undefined) {
    resolved.commandName = options.commandName.map((name) => validate.cmdletName(name, 'commandName'));
  }
  if (options.exo || options.exoPrefix !== undefined || options.exoCommandName !== undefined) {
    const exo: NonNullable<ResolvedOptions['exo']> = {};
    if (options.exoPrefix !== undefined) {
      exo.prefix = validate.prefix(options.exoPrefix, 'exoPrefix', { allowReserved: legacy });
      if (resolved.prefix !== undefined && resolved.prefix.toLowerCase() === exo.prefix.toLowerCase()) {
        throw new ValidationError(
          'exoPrefix',
          `--prefix and --exo-prefix are the same (${JSON.stringify(exo.prefix)}), so each service's cmdlets would shadow the other's`,
          'give Exchange Online another prefix, such as --exo-prefix Ex',
        );
      }
    }
    if (options.exoCommandName !== undefined) {
      exo.commandName = options.exoCommandName.map((name) => validate.cmdletName(name, 'exoCommandName'));
    }
    resolved.exo = exo;
  }
  return resolved;
}

/**
 * Options the module would take and silently ignore in this combination: refused, naming the flags,
 * rather than giving a sign-in that is not the one asked for.
 */
function assertNoIgnoredCombination(options: z.output<typeof connectOptionsSchema>): void {
  const certificate = options.certificatePath !== undefined || options.certificateThumbprint !== undefined;
  const appOnly = certificate || options.clientSecretEnv !== undefined || options.certificatePem !== undefined;
  if (appOnly && options.userPrincipalName !== undefined) {
    throw new ValidationError(
      'userPrincipalName',
      '--upn is for a person signing in; app-only sign-in (a certificate, --client-secret-env, --certificate-pem) signs in as the application and ignores it',
      'drop --upn, or drop the app-only options and sign in interactively',
    );
  }
  if ((appOnly || options.deviceCode) && options.disableWam) {
    throw new ValidationError(
      'disableWam',
      '--disable-wam changes interactive sign-in only; with a certificate or an access token there is no WAM to disable',
      'drop --disable-wam',
    );
  }
  if (
    options.certificatePasswordEnv !== undefined &&
    options.certificatePath === undefined &&
    options.certificatePem === undefined
  ) {
    throw new ValidationError(
      'certificatePasswordEnv',
      '--certificate-password-env is the password of a certificate file, and no --certificate-path or --certificate-pem was given',
      'add the certificate file, or drop --certificate-password-env',
    );
  }
}

function resolveTimeouts(timeouts: z.output<typeof connectOptionsSchema>['timeouts'], unattended: boolean): Timeouts {
  const connectMs =
    timeouts?.connectMs === undefined
      ? unattended
        ? defaultUnattendedConnectMs
        : defaultTimeouts.connectMs
      : timeouts.connectMs;
  return {
    startMs: timeouts?.startMs ?? defaultTimeouts.startMs,
    ...(connectMs === null ? {} : { connectMs }),
    ...(typeof timeouts?.commandMs === 'number' ? { commandMs: timeouts.commandMs } : {}),
    ...(typeof timeouts?.idleMs === 'number' ? { idleMs: timeouts.idleMs } : {}),
  };
}

function resolveSignIn(
  options: z.output<typeof connectOptionsSchema>,
  context: ResolveContext,
  unattended: boolean,
  cloud: CloudName,
): SignIn {
  const domainSuffixes = clouds[cloud].initialDomainSuffixes;
  const tokenSignIn = resolveTokenSource(options, unattended, domainSuffixes);
  if (tokenSignIn) return tokenSignIn;
  const appOnly =
    options.appId !== undefined || options.certificateThumbprint !== undefined || options.certificatePath !== undefined;
  if (!appOnly) {
    if (options.organization !== undefined) {
      throw new ValidationError(
        'organization',
        '--organization is for app-only sign-in',
        'add --app-id and a certificate, or drop --organization',
      );
    }
    if (unattended) {
      throw new ValidationError(
        'userPrincipalName',
        'interactive sign-in needs a person, and this session is unattended',
        'use app-only sign-in (--app-id, --organization and a certificate) for scheduled jobs',
      );
    }
    return {
      kind: 'interactive',
      ...(options.userPrincipalName === undefined
        ? {}
        : { userPrincipalName: validate.userPrincipalName(options.userPrincipalName, 'userPrincipalName') }),
      disableWam: options.disableWam ?? false,
    };
  }
  if (options.appId === undefined) {
    throw new ValidationError('appId', 'app-only sign-in needs the application (client) id', 'pass --app-id <guid>');
  }
  if (options.organization === undefined) {
    throw new ValidationError(
      'organization',
      'app-only sign-in needs the tenant',
      'pass --organization contoso.onmicrosoft.com',
    );
  }
  const appId = validate.guid(options.appId, 'appId');
  const organization = validate.organization(options.organization, 'organization', domainSuffixes);
  if (options.certificateThumbprint !== undefined && options.certificatePath !== undefined) {
    throw new ValidationError(
      'certificateThumbprint',
      'both a thumbprint and a certificate file were given',
      'pass one of them',
    );
  }
  if (options.certificateThumbprint !== undefined) {
    if (context.platform !== 'windows') {
      throw new ValidationError(
        'certificateThumbprint',
        'the certificate store (-CertificateThumbprint) exists only on Windows',
        'use --certificate-path with a .pfx file on this system',
      );
    }
    return {
      kind: 'certificate-thumbprint',
      appId,
      organization,
      thumbprint: validate.thumbprint(options.certificateThumbprint, 'certificateThumbprint'),
    };
  }
  if (options.certificatePath !== undefined) {
    assertTypeable(options.certificatePath, 'certificatePath');
    const passwordEnv = options.certificatePasswordEnv;
    if (passwordEnv !== undefined) validate.environmentVariableName(passwordEnv, 'certificatePasswordEnv');
    return {
      kind: 'certificate-file',
      appId,
      organization,
      // PowerShell would resolve a relative path against its own location, not where ippsconnect was started.
      path: resolvePath(options.certificatePath),
      ...(passwordEnv ? { passwordEnv } : {}),
    };
  }
  throw new ValidationError(
    'certificatePath',
    'app-only sign-in needs a certificate',
    'pass --certificate-path <file.pfx> (or --certificate-thumbprint on Windows)',
  );
}

/** Sign-in with an access token ippsconnect acquires: client secret, PEM certificate, or device code. */
function resolveTokenSource(
  options: z.output<typeof connectOptionsSchema>,
  unattended: boolean,
  domainSuffixes: readonly string[],
): SignIn | undefined {
  const chosen = [options.clientSecretEnv, options.certificatePem, options.deviceCode ? true : undefined].filter(
    (value) => value !== undefined,
  );
  if (chosen.length === 0) return undefined;
  if (chosen.length > 1) {
    throw new ValidationError(
      'clientSecretEnv',
      'more than one token source was given',
      'pick one of --client-secret-env, --certificate-pem, --device-code',
    );
  }
  if (options.certificatePath !== undefined || options.certificateThumbprint !== undefined) {
    throw new ValidationError(
      'certificatePath',
      'a certificate and an access-token source were both given',
      'pass one sign-in method',
    );
  }
  if (options.organization === undefined) {
    throw new ValidationError(
      'organization',
      'access-token sign-in needs the tenant',
      'pass --organization contoso.onmicrosoft.com',
    );
  }
  const organization = validate.organization(options.organization, 'organization', domainSuffixes);
  if (options.deviceCode) {
    if (unattended) {
      throw new ValidationError(
        'deviceCode',
        'device-code sign-in needs a person, and this session is unattended',
        'use --client-secret-env or --certificate-pem for scheduled jobs',
      );
    }
    return {
      kind: 'access-token',
      organization,
      source: {
        kind: 'device-code',
        ...(options.appId === undefined ? {} : { appId: validate.guid(options.appId, 'appId') }),
        ...(options.userPrincipalName === undefined
          ? {}
          : { userPrincipalName: validate.userPrincipalName(options.userPrincipalName, 'userPrincipalName') }),
      },
    };
  }
  if (options.appId === undefined) {
    throw new ValidationError('appId', 'app-only sign-in needs the application (client) id', 'pass --app-id <guid>');
  }
  const appId = validate.guid(options.appId, 'appId');
  if (options.clientSecretEnv !== undefined) {
    validate.environmentVariableName(options.clientSecretEnv, 'clientSecretEnv');
    return {
      kind: 'access-token',
      organization,
      source: { kind: 'client-secret', appId, secretEnv: options.clientSecretEnv },
    };
  }
  const passwordEnv = options.certificatePasswordEnv;
  if (passwordEnv !== undefined) validate.environmentVariableName(passwordEnv, 'certificatePasswordEnv');
  return {
    kind: 'access-token',
    organization,
    source: {
      kind: 'client-certificate',
      appId,
      pemPath: options.certificatePem!,
      ...(passwordEnv ? { passwordEnv } : {}),
    },
  };
}

function invalidInput(field: string, message: string, fix: string, cause?: unknown): IppsConnectError {
  return new IppsConnectError(message.startsWith('Invalid') ? message : `Invalid ${field}: ${message}`, {
    code: 'INVALID_INPUT',
    field,
    fix,
    cause,
  });
}
