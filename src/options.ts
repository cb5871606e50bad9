import { z } from 'zod';
import type { CassetteSettings } from './cassette/cassette.js';
import { type CloudName, cloudNames, clouds, knownAuthorityHosts, knownConnectionHosts } from './clouds.js';
import { IppsConnectError } from './errors.js';
import { resolveModuleOptions } from './module/module-options.js';
import { ValidationError } from './powershell/errors.js';
import { assertTypeable } from './powershell/typeable.js';
import * as validate from './powershell/validate.js';

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
    timeouts: z
      .object({
        startMs: z.number().int().positive().optional(),
        connectMs: z.number().int().positive().optional(),
        commandMs: z.number().int().positive().optional(),
        idleMs: z.number().int().positive().optional(),
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

export interface Timeouts {
  startMs: number;
  connectMs: number;
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
  exo?: { prefix?: string };
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
    if (error instanceof ValidationError) throw invalidInput(error.field, error.message, error.fix, error);
    throw error;
  }
}

function resolveValid(options: z.output<typeof connectOptionsSchema>, context: ResolveContext): ResolvedOptions {
  const cloud = options.cloud ?? 'commercial';
  const warnings = clouds[cloud].warning ? [clouds[cloud].warning!] : [];
  const unattended = options.unattended ?? !context.interactiveTerminal;
  const signIn = resolveSignIn(options, context, unattended);
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
    timeouts: {
      startMs: options.timeouts?.startMs ?? defaultTimeouts.startMs,
      connectMs: options.timeouts?.connectMs ?? (unattended ? defaultUnattendedConnectMs : defaultTimeouts.connectMs),
      ...(options.timeouts?.commandMs ? { commandMs: options.timeouts.commandMs } : {}),
      ...(options.timeouts?.idleMs ? { idleMs: options.timeouts.idleMs } : {}),
    },
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
  if (options.prefix !== undefined) resolved.prefix = validate.prefix(options.prefix, 'prefix');
  if (options.commandName !== undefined) {
    resolved.commandName = options.commandName.map((name) => validate.cmdletName(name, 'commandName'));
  }
  if (options.showBanner !== undefined) resolved.showBanner = options.showBanner;
  if (options.exo || options.exoPrefix !== undefined) {
    resolved.exo = options.exoPrefix === undefined ? {} : { prefix: validate.prefix(options.exoPrefix, 'exoPrefix') };
  }
  if (options.powershell !== undefined) resolved.powershell = options.powershell;
  if (options.cassette !== undefined) {
    resolved.cassette = typeof options.cassette === 'string' ? { path: options.cassette } : { ...options.cassette };
  }
  for (const path of resolved.modulePath) assertTypeable(path, 'modulePath');
  if (options.command !== undefined) resolved.work = { kind: 'command', code: options.command };
  if (options.script !== undefined) resolved.work = { kind: 'script', path: options.script };
  return resolved;
}

function resolveSignIn(
  options: z.output<typeof connectOptionsSchema>,
  context: ResolveContext,
  unattended: boolean,
): SignIn {
  const tokenSignIn = resolveTokenSource(options, unattended);
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
  const organization = validate.organization(options.organization, 'organization');
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
      path: options.certificatePath,
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
function resolveTokenSource(options: z.output<typeof connectOptionsSchema>, unattended: boolean): SignIn | undefined {
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
  const organization = validate.organization(options.organization, 'organization');
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
