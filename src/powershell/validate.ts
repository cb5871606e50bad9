/**
 * Validators for the values ippsconnect types into PowerShell. Each returns the value with a type that
 * records which check it passed, or throws a ValidationError naming the field and the fix.
 * They catch mistakes early and clearly; they are not what keeps input from injecting code: quoting
 * does that (quote.ts), for every value, validated or not.
 * Pure: no I/O. Use as `import * as validate from './validate.js'` → `validate.userPrincipalName(x)`.
 */
import { showValue, ValidationError } from './errors.js';

declare const validatedAs: unique symbol;
/** A string that passed the validator for `Kind`. Only this module makes them. */
export type Validated<Kind extends string> = string & { readonly [validatedAs]: Kind };
export type UserPrincipalName = Validated<'UserPrincipalName'>;
export type DomainName = Validated<'DomainName'>;
export type OrganizationDomain = Validated<'OrganizationDomain'>;
export type Guid = Validated<'Guid'>;
export type HttpsUri = Validated<'HttpsUri'>;
export type CommandPrefix = Validated<'CommandPrefix'>;
export type Thumbprint = Validated<'Thumbprint'>;
export type CmdletName = Validated<'CmdletName'>;

// A DNS host name: letter-digit-hyphen labels of 1–63 characters, not starting or ending with a hyphen,
// at least two labels, a top-level label of letters (or an IDN `xn--` label). At most 253 characters.
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP_LEVEL_LABEL = '(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})';
const DOMAIN_NAME = new RegExp(`^(?:${DNS_LABEL}\\.)+${TOP_LEVEL_LABEL}$`);
const MAX_DOMAIN_LENGTH = 253;

// The part of a UPN before the @: an RFC 5322 dot-atom (no quoted strings, ASCII only), at most 64
// characters. Entra ID allows fewer characters than this; the service gives the precise error.
const UPN_LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const MAX_UPN_LOCAL_LENGTH = 64;

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

// -Prefix becomes part of every imported cmdlet's noun (Get-<Prefix>ComplianceSearch). The module's own
// check (ExchangeOnlineManagement.psm1, every build): `$Prefix -notmatch '^[a-z0-9]+$'` (case-insensitive)
// throws "Use of any special characters in the Prefix string is not supported." (exo-real-interface §2.1).
const COMMAND_PREFIX = /^[a-z0-9]+$/i;
// Ours, not the module's: a prefix longer than this makes unreadable cmdlet names and is surely a mistake.
const MAX_COMMAND_PREFIX_LENGTH = 32;
// `$Prefix -eq 'EXO'` (case-insensitive) throws "Prefix 'EXO' is a reserved Prefix, please use a different
// prefix.": the modern module's own REST cmdlets are Get-EXOMailbox, Get-EXORecipient, ...
const RESERVED_PREFIX = 'exo';

// A SHA-1 certificate thumbprint. Copied from the Windows certificate dialog it comes with spaces and
// often an invisible left-to-right mark in front; Get-PfxCertificate shows it plain.
const THUMBPRINT_SEPARATORS = /[\s:\u200E\u200F\uFEFF]/g;
const SHA1_HEX = /^[0-9A-Fa-f]{40}$/;
const SHA256_HEX = /^[0-9A-Fa-f]{64}$/;

// Verb-Noun with letters and digits; `*` wildcards for -CommandName (e.g. `*-ComplianceSearch*`).
// Without a hyphen a name must contain a wildcard (`*Label*`), since no cmdlet name lacks the hyphen.
const CMDLET_NAME = /^[A-Za-z*][A-Za-z0-9*]*(?:-[A-Za-z0-9*]+)?$/;
const MAX_CMDLET_NAME_LENGTH = 128;

/** Checks that a JavaScript caller passed a string at all, so the other checks can rely on it. */
function requireString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new ValidationError(
      field,
      `expected a string, got ${value === null ? 'null' : typeof value}`,
      `pass ${field} as text`,
    );
  }
}

function isDomainName(value: string): boolean {
  return value.length <= MAX_DOMAIN_LENGTH && DOMAIN_NAME.test(value);
}

/** A sign-in name such as `admin@contoso.onmicrosoft.com`, for -UserPrincipalName. */
export function userPrincipalName(value: string, field = 'UserPrincipalName'): UserPrincipalName {
  requireString(value, field);
  const fix = 'pass the sign-in name, e.g. admin@contoso.onmicrosoft.com';
  const at = value.lastIndexOf('@');
  if (at < 0) throw new ValidationError(field, `${showValue(value)} has no @`, fix);
  const local = value.slice(0, at);
  const domainPart = value.slice(at + 1);
  if (local.length === 0 || local.length > MAX_UPN_LOCAL_LENGTH || !UPN_LOCAL_PART.test(local)) {
    throw new ValidationError(
      field,
      `${showValue(value)} has an invalid part before the @ (1–64 characters: letters, digits, . _ - ' and similar, no spaces, no leading, trailing or double dots)`,
      fix,
    );
  }
  if (!isDomainName(domainPart)) {
    throw new ValidationError(field, `${showValue(value)} has an invalid domain after the @`, fix);
  }
  return value as UserPrincipalName;
}

/** A DNS domain name such as `contoso.com` or `contoso.onmicrosoft.com`. */
export function domain(value: string, field = 'Domain'): DomainName {
  requireString(value, field);
  if (!isDomainName(value)) {
    throw new ValidationError(
      field,
      `${showValue(value)} is not a domain name (labels of letters, digits and hyphens separated by dots)`,
      'pass a domain such as contoso.onmicrosoft.com, without spaces, scheme or path',
    );
  }
  return value as DomainName;
}

/**
 * The tenant's initial domain, which -Organization needs for app-only (certificate or access token)
 * sign-in; a custom domain like contoso.com is rejected by the service. Its suffix depends on the cloud
 * (`*.onmicrosoft.com`, `*.onmicrosoft.us`, ...): `suffixes` are those the tenant's cloud uses.
 */
export function organization(
  value: string,
  field = 'Organization',
  suffixes: readonly string[] = ['onmicrosoft.com'],
): OrganizationDomain {
  domain(value, field);
  const lower = value.toLowerCase();
  const suffix = suffixes.find((candidate) => lower.endsWith(`.${candidate}`));
  const name = suffix === undefined ? '' : value.slice(0, value.length - suffix.length - 1);
  if (suffix === undefined || !new RegExp(`^${DNS_LABEL}$`).test(name)) {
    const domains = suffixes.map((candidate) => `*.${candidate}`).join(' or ');
    throw new ValidationError(
      field,
      `${showValue(value)} is not the tenant's initial ${domains} domain, which app-only sign-in requires`,
      `pass the initial domain, e.g. contoso.${suffixes[0]} (Entra admin center › Overview › Primary domain), and --cloud for a sovereign cloud`,
    );
  }
  return value as OrganizationDomain;
}

// A portable environment variable name (POSIX; Windows accepts it too). Secrets travel only as such names.
const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a string can name an environment variable. */
export function isEnvironmentVariableName(value: string): boolean {
  return ENVIRONMENT_VARIABLE_NAME.test(value);
}

/** The name of the environment variable a secret is read from, e.g. for --certificate-password-env. */
export function environmentVariableName(value: string, field: string): string {
  requireString(value, field);
  if (!isEnvironmentVariableName(value)) {
    throw new ValidationError(
      field,
      `${showValue(value)} is not an environment variable name`,
      'pass the name of the variable that holds the secret, such as IPPS_SECRET (never the secret itself)',
    );
  }
  return value;
}

/** A GUID in the 8-4-4-4-12 form, such as an application (client) id for -AppId. */
export function guid(value: string, field = 'AppId'): Guid {
  requireString(value, field);
  if (!GUID.test(value)) {
    throw new ValidationError(
      field,
      `${showValue(value)} is not a GUID`,
      'pass the application (client) id from the app registration, e.g. 00000000-0000-0000-0000-000000000000, without braces',
    );
  }
  return value as Guid;
}

export interface HttpsUriOptions {
  /** When given, the URI's host must be one of these (compared case-insensitively)… */
  allowedHosts?: readonly string[];
  /** …unless this is true: the user asked for a custom endpoint on purpose. */
  allowAnyHost?: boolean;
}

/**
 * An absolute https URI without credentials, for -ConnectionUri and -AzureADAuthorizationEndpointUri.
 * Returns the URL's canonical form (`URL.href`): that is the exact text that was checked, whereas the
 * WHATWG parser quietly accepts and repairs sloppier input.
 */
export function httpsUri(value: string, field = 'ConnectionUri', options: HttpsUriOptions = {}): HttpsUri {
  requireString(value, field);
  const fix = 'pass an absolute https URI, e.g. https://ps.compliance.protection.outlook.com/powershell-liveid/';
  // The URL parser silently drops tabs and newlines and trims spaces; refuse them instead.
  if (/[\s\u0000-\u001F\u007F-\u009F]/.test(value)) {
    throw new ValidationError(field, `${showValue(value)} contains spaces or control characters`, fix);
  }
  if (!/^https:\/\//i.test(value)) {
    throw new ValidationError(field, `${showValue(value)} does not start with https://`, fix);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `${showValue(value)} is not a valid URI`, fix);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(field, 'the URI contains a user name or password', 'remove the credentials from the URI');
  }
  const { allowedHosts, allowAnyHost = false } = options;
  if (allowedHosts && !allowAnyHost && !allowedHosts.some((host) => host.toLowerCase() === url.hostname)) {
    throw new ValidationError(
      field,
      `host ${showValue(url.hostname)} is not a known endpoint (${allowedHosts.join(', ')})`,
      'use a known endpoint, or explicitly allow a custom host if you really mean this one',
    );
  }
  return url.href as HttpsUri;
}

/**
 * A -Prefix for imported cmdlet nouns, by the module's own rules: letters and digits only (any case,
 * digits first allowed), and never `EXO` in any case, which the modern module reserves for its Get-EXO*
 * cmdlets. `allowReserved` is for the retired V1 flow (`Import-PSSession -Prefix EXO`), where EXO is valid.
 */
export function prefix(value: string, field = 'Prefix', options: { allowReserved?: boolean } = {}): CommandPrefix {
  requireString(value, field);
  if (!COMMAND_PREFIX.test(value) || value.length > MAX_COMMAND_PREFIX_LENGTH) {
    throw new ValidationError(
      field,
      `${showValue(value)} is not a command prefix (1–${MAX_COMMAND_PREFIX_LENGTH} letters or digits: the module refuses any other character)`,
      'pass letters and digits only, such as Cc or Ex',
    );
  }
  if (!options.allowReserved && value.toLowerCase() === RESERVED_PREFIX) {
    throw new ValidationError(
      field,
      `${showValue(value)} is reserved by ExchangeOnlineManagement for its own Get-EXO* cmdlets (Get-EXOMailbox, ...) and refused in any letter case ("Prefix 'EXO' is a reserved Prefix")`,
      'pick another prefix, such as Ex or Ol; or, on Windows PowerShell 5.1 only, --legacy (the retired V1 module, where Import-PSSession -Prefix EXO is valid)',
    );
  }
  return value as CommandPrefix;
}

/**
 * A SHA-1 certificate thumbprint for -CertificateThumbprint: 40 hex digits. Spaces, colons and the
 * invisible marks the Windows certificate dialog copies along are removed; the result is upper case.
 */
export function thumbprint(value: string, field = 'CertificateThumbprint'): Thumbprint {
  requireString(value, field);
  const hex = value.replace(THUMBPRINT_SEPARATORS, '');
  const fix = 'pass the 40-digit SHA-1 thumbprint shown by Get-ChildItem Cert:\\CurrentUser\\My';
  if (SHA256_HEX.test(hex)) {
    throw new ValidationError(field, 'that is a 64-digit SHA-256 thumbprint; Windows finds certificates by SHA-1', fix);
  }
  if (!SHA1_HEX.test(hex)) {
    throw new ValidationError(field, `${showValue(value)} is not 40 hexadecimal digits`, fix);
  }
  return hex.toUpperCase() as Thumbprint;
}

/** A cmdlet name or wildcard pattern for -CommandName: `Get-ComplianceSearch`, `*-Label`, `*Dlp*`. */
export function cmdletName(value: string, field = 'CommandName'): CmdletName {
  requireString(value, field);
  const valid =
    value.length <= MAX_CMDLET_NAME_LENGTH && CMDLET_NAME.test(value) && (value.includes('-') || value.includes('*'));
  if (!valid) {
    throw new ValidationError(
      field,
      `${showValue(value)} is not a cmdlet name (Verb-Noun of letters and digits, * as a wildcard)`,
      'pass names such as Get-ComplianceSearch or *-ComplianceSearch*',
    );
  }
  return value as CmdletName;
}
