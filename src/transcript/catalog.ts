/**
 * The error catalog: which text means which stable code (exo-facts §5), what to tell the user, and whether
 * trying again may help. The first entry with a matching pattern wins, so specific entries come first:
 * the NonInteractive refusal before anything, AADSTS codes before the generic WinRM "Access is denied",
 * `Create Powershell Session is failed using OAuth` under WINRM_BASIC_AUTH_DISABLED, the generic
 * HttpRequestException text (TLS_ERROR) late. TIMEOUT has no pattern (the orchestrator raises it);
 * UNKNOWN is the fallback for an error record nothing here recognises.
 */
import { literalAnchor } from './anchors.js';
import type { ErrorCode } from './events.js';
import { normalizeText } from './normalize.js';

export interface CatalogEntry {
  code: ErrorCode;
  /** Regexes tried against the record's message and FullyQualifiedErrorId. */
  patterns: readonly RegExp[];
  /** What the user should do about it. */
  fix: string;
  /** Whether trying again may succeed. */
  retryable: boolean;
}

export interface Classification {
  code: ErrorCode;
  fix: string;
  retryable: boolean;
  /** The text the winning pattern matched (absent for UNKNOWN). */
  matched?: string;
}

// The module's own commands: "not recognized" for one of these means the module is missing, not a typo elsewhere.
const MODULE_COMMAND =
  '(?:Connect-IPPSSession|Connect-ExchangeOnline|Disconnect-ExchangeOnline|Get-ConnectionInformation|Connect-EXOPSSession|New-ExoPSSession)';

// Cmdlets of the Security & Compliance / Exchange Online session (its temporary module), by their nouns.
const SESSION_COMMAND =
  '[A-Za-z]+-(?:Compliance\\w*|EXO\\w+|Mailbox\\w*|Retention\\w*|Dlp\\w*|CaseHold\\w*|ProtectionAlert|Label\\w*|eDiscovery\\w*)';

export const errorCatalog: readonly CatalogEntry[] = [
  {
    code: 'PROMPT_IN_UNATTENDED',
    patterns: [
      // Host refusal under -NonInteractive (Read-Host, Get-Credential, ShouldProcess, mandatory parameters):
      // "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
      /PowerShell is in NonInteractive mode\. Read and Prompt functionality is not available\./,
      // A host with no user interface (real-world: dotnet-interactive-190, Get-Credential in a notebook):
      // "A command that prompts the user failed because the host program or the command type does not support
      // user interaction."
      /A command that prompts the user failed because the host program or the command type does not support user interaction/,
      // Mandatory parameters left out where PowerShell cannot ask for them (real-world: vscode-powershell-3820,
      // "Get-Credential : Cannot process command because of one or more missing mandatory parameters: Credential.").
      /Cannot process command because of one or more missing mandatory parameters/,
    ],
    fix: 'The session asked for input while unattended: supply the value up front (parameters, -Confirm:$false) or use app-only authentication (certificate or access token).',
    retryable: false,
  },
  {
    code: 'MODULE_NOT_FOUND',
    patterns: [
      // CommandNotFoundException, PowerShell 7 wording: "The term 'Connect-IPPSSession' is not recognized as a
      // name of a cmdlet, function, script file, or executable program."; Windows PowerShell 5.1: "... as the
      // name of a cmdlet, function, script file, or operable program."
      new RegExp(`The term '${MODULE_COMMAND}' is not recognized as (?:the|a) name of a cmdlet`),
      // A cmdlet of the connected session itself (real-world: "new-ComplianceSearch : The term
      // 'new-ComplianceSearch' is not recognized as the name of a cmdlet", officedocs-5377; "Get-Mailbox: The
      // term 'Get-Mailbox' is not recognized", officedocs-7970): the session's module was never imported.
      new RegExp(`The term '${SESSION_COMMAND}' is not recognized as (?:the|a) name of a cmdlet`, 'i'),
      // Import-Module: "The specified module 'ExchangeOnlineManagement' was not loaded because no valid module
      // file was found in any module directory."
      /The specified module 'ExchangeOnlineManagement' was not loaded because no valid module file was found/,
    ],
    fix: 'Install the ExchangeOnlineManagement module (Install-Module ExchangeOnlineManagement -Scope CurrentUser), or run with module installation allowed.',
    retryable: false,
  },
  {
    code: 'EXECUTION_POLICY',
    patterns: [
      // PSSecurityException: "File C:\...\ExchangeOnlineManagement.psm1 cannot be loaded because running scripts
      // is disabled on this system. For more information, see about_Execution_Policies ..."
      /running scripts is disabled on this system/,
      // AllSigned / RemoteSigned on a downloaded file: "... cannot be loaded. The file ... is not digitally signed."
      /cannot be loaded\. The file .* is not digitally signed/,
    ],
    fix: 'Allow scripts for this user: Set-ExecutionPolicy RemoteSigned -Scope CurrentUser.',
    retryable: false,
  },
  {
    code: 'PARAMETER_NOT_SUPPORTED',
    patterns: [
      // ParameterBindingException (NamedParameterNotFound): "A parameter cannot be found that matches parameter
      // name 'CertificateThumbprint'." — the installed module predates the parameter, or the OS lacks it.
      /A parameter cannot be found that matches parameter name '[^']*'/,
      // issue 10: ParameterBindingException (MissingArgument): "Missing an argument for parameter 'Prefix'. Specify
      // a parameter of type 'System.String' and try again."; an enum value that fails to bind (ExchangeEnvironmentName):
      // "Cannot bind parameter 'ExchangeEnvironmentName'. Cannot convert value ...".
      /Missing an argument for parameter '[^']*'\. Specify a parameter of type/,
      /Cannot (?:bind|process argument transformation on) parameter '[^']*'\./,
    ],
    fix: 'The installed module is too old for this parameter, or the parameter is not supported on this OS: update ExchangeOnlineManagement or drop the parameter.',
    retryable: false,
  },
  {
    code: 'INVALID_CONNECTION_URI',
    patterns: [
      // ExchangeOnlineManagement.psm1: throw "Invalid ConnectionUri parameter '$ConnectionUri'" (a positional
      // word became -ConnectionUri).
      /Invalid ConnectionUri parameter '[^']*'/,
      // issue 10: the same check of -AzureADAuthorizationEndpointUri (psm1, every build).
      /Invalid AzureADAuthorizationEndpointUri parameter '[^']*'/,
    ],
    fix: 'Pass a valid https URI to -ConnectionUri / -AzureADAuthorizationEndpointUri, by name (position 0 is -ConnectionUri, so a stray word becomes the URI).',
    retryable: false,
  },
  // ---- issue 10: the prefix checks of ExchangeOnlineManagement.psm1 (exo-real-interface §2.1) ----
  {
    code: 'INVALID_PREFIX',
    patterns: [
      // psm1, every build: `$Prefix -eq 'EXO'` (any case) -> "Prefix 'EXO' is a reserved Prefix, please use a
      // different prefix." The modern module's own REST cmdlets are Get-EXOMailbox, Get-EXORecipient, ...
      /Prefix '[^']*' is a reserved Prefix, please use a different prefix\./,
      // psm1, every build: `$Prefix -notmatch '^[a-z0-9]+$'` -> "Use of any special characters in the Prefix string
      // is not supported."
      /Use of any special characters in the Prefix string is not supported\./,
    ],
    fix: 'A prefix may hold letters and digits only, and never EXO in any case (the module reserves it for its Get-EXO* cmdlets): pick one such as Ex or Cc. Only the retired V1 module (--legacy, Windows PowerShell 5.1) takes EXO.',
    retryable: false,
  },
  // ---- end of issue 10's block ----
  {
    code: 'WINRM_BASIC_AUTH_DISABLED',
    patterns: [
      // PSRemotingTransportException from WinRM: "The WinRM client cannot process the request. Basic
      // authentication is currently disabled in the client configuration."
      /Basic authentication is currently disabled in the client configuration/,
      // ExchangeOnlineManagement ≤ 3.1 (RPS mode) rethrow: "Create Powershell Session is failed using OAuth".
      /Create Powershell Session is failed using OAuth/,
    ],
    fix: 'Use ExchangeOnlineManagement 3.2 or later (REST, no WinRM Basic needed); otherwise allow WinRM Basic on the client: winrm set winrm/config/client/auth @{Basic="true"} (or the AllowBasic policy).',
    retryable: false,
  },
  {
    code: 'CONNECTION_LIMIT',
    patterns: [
      // Remote runspace refusal: "Fail to create a runspace because you have exceeded the maximum number of
      // connections allowed : 3. Please close existing runspace and try again."
      /exceeded the maximum number of connections allowed/,
      // M365DSC's retry warning (real-world: m365dsc-135, "WARNING: Exceeded max number of connections. Waiting 60 seconds").
      /Exceeded max number of connections/i,
      // WS-Management's shell quota, same remedy (real-world: m365dsc-966, skype-docs-359: "The maximum number of
      // concurrent shells for this user has been exceeded. Close existing shells or raise the quota for this user.").
      /maximum number of concurrent shells for this user has been exceeded/,
    ],
    fix: 'Too many open sessions for this account: close the others (Disconnect-ExchangeOnline -Confirm:$false) or wait for them to expire, then retry with backoff.',
    retryable: true,
  },
  {
    code: 'SHELL_NOT_FOUND',
    patterns: [
      // WinRM: "The request for the Windows Remote Shell with ShellId <ID> failed because the shell was not
      // found on the server."
      /The request for the Windows Remote Shell with ShellId \S+ failed because the shell was not found on the server/,
    ],
    fix: 'The client IP changed during the connection (an egress/SNAT pool with several addresses): route through one egress IP, then retry.',
    retryable: true,
  },
  {
    code: 'MFA_REQUIRED',
    patterns: [
      // Entra ID (MSAL): "AADSTS50076: Due to a configuration change made by your administrator, or because you
      // moved to a new location, you must use multi-factor authentication to access ..."; 50079 (MFA
      // registration required); 50158 (external security challenge).
      /AADSTS(?:50076|50079|50158)\b/,
      /you must use multi-factor authentication/i,
    ],
    fix: 'The account needs multi-factor authentication: sign in interactively, or use certificate / app-only authentication for unattended jobs.',
    retryable: false,
  },
  {
    code: 'INVALID_CREDENTIALS',
    // Entra ID: "AADSTS50126: Error validating credentials due to invalid username or password."
    patterns: [/AADSTS50126\b/],
    fix: 'Check the user name and password.',
    retryable: false,
  },
  {
    code: 'USER_NOT_FOUND',
    // Entra ID: "AADSTS50034: The user account {EUII Hidden} does not exist in the <tenant> directory."; 50020: an
    // account from another identity provider not in the tenant (real-world: powerbi-csharp-64, "AADSTS50020: User
    // account 'user@contoso.com' from identity provider 'live.com' does not exist in tenant 'Contoso'").
    patterns: [/AADSTS50034\b/, /AADSTS50020\b/],
    fix: 'Check the user principal name and the tenant.',
    retryable: false,
  },
  {
    code: 'CONDITIONAL_ACCESS_BLOCKED',
    // Entra ID: "AADSTS53003: Access has been blocked by Conditional Access policies." 53000–53002: the policy
    // wants a compliant / domain-joined device or an approved app (real-world: azuread-docs-465, "AADSTS53001:
    // Device is not in required device state: domain_joined.").
    patterns: [/AADSTS5300[0-3]\b/],
    fix: 'A Conditional Access policy blocks this sign-in: ask an administrator to allow it (location, device, app).',
    retryable: false,
  },
  {
    code: 'CONSENT_REQUIRED',
    // Entra ID: "AADSTS65001: The user or administrator has not consented to use the application ..."
    patterns: [/AADSTS65001\b/],
    fix: 'An administrator must grant consent for the application in the tenant.',
    retryable: false,
  },
  {
    code: 'APP_NOT_FOUND',
    // Entra ID: "AADSTS700016: Application with identifier '<id>' was not found in the directory '<tenant>'."
    patterns: [/AADSTS700016\b/],
    fix: 'Wrong application (client) id or tenant: check -AppId and -Organization.',
    retryable: false,
  },
  {
    code: 'INVALID_CLIENT_SECRET',
    // Entra ID: "AADSTS7000215: Invalid client secret provided."; ADAL-era wording (real-world: letsencrypt-144,
    // "AADSTS70002: Error validating credentials. AADSTS50012: Invalid client secret is provided.").
    patterns: [/AADSTS7000215\b/, /Invalid client secret is provided/],
    fix: 'The client secret is invalid or expired: create a new one.',
    retryable: false,
  },
  {
    code: 'CERTIFICATE_REJECTED',
    // Entra ID: "AADSTS700027: Client assertion failed signature validation." (key not registered on the app)
    patterns: [/AADSTS700027\b/],
    fix: "Upload the certificate's public key to the app registration (Certificates & secrets).",
    retryable: false,
  },
  {
    code: 'CERTIFICATE_UNUSABLE',
    patterns: [
      // MSAL with a CNG key it cannot sign with: "Could not use the certificate for signing."
      /Could not use the certificate for signing/,
      // CryptographicException when the private key is not readable: "Keyset does not exist"
      /Keyset does not exist/,
      // Microsoft.Graph's certificate lookup (CurrentUser\My only): "<thumbprint> certificate was not found or has
      // expired." (real-world: b2b-to-ad-sync-1, msgraph-675).
      /certificate was not found or has expired/,
      // CryptographicException when the private key is protected for another user or context (real-world:
      // msgraph-2430, "ClientCertificateCredential authentication failed: Key not valid for use in specified state.").
      /Key not valid for use in specified state/,
    ],
    fix: 'Use a certificate whose private key this account can read, from CurrentUser\\My, created with a legacy CSP key (New-SelfSignedCertificate -KeySpec KeyExchange) rather than a CNG-only key.',
    retryable: false,
  },
  {
    code: 'ROLE_NOT_SUPPORTED',
    patterns: [
      // Service: "The role assigned to application <id> isn't supported in this scenario. Please check online
      // documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication."
      /The role assigned to application \S+ isn't supported in this scenario/,
      // As posted with the id replaced by a placeholder with spaces (real-world: m365dsc-3382 "<app id>  isn't",
      // officedocs-11332 "{app id} isn't").
      /The role assigned to application .{1,60}? isn't supported in this scenario/,
      // The app holds no directory role at all (holdout: officedocs-8927, 21Vianet, module 2.0.5: "[FailureCategory=
      // AuthZ-CmdletAccessDeniedException] The application **<app id>** isn't assigned to any management roles.
      // Please check online documentation for assigning Directory Roles to Azure AD Application."). Same fix:
      // assign a supported role; retrying without it cannot help.
      /The application \S+ isn't assigned to any management roles/,
    ],
    fix: 'Assign the app a role Security & Compliance accepts: Compliance Administrator, Security Administrator/Reader, Global Reader or Global Administrator.',
    retryable: false,
  },
  {
    code: 'INVALID_ACCESS_TOKEN',
    patterns: [
      // Newtonsoft.Json on a token that is not a JWT for the service (after "Returning the provided AccessToken"):
      // "Unexpected character encountered while parsing value: e. Path '', line 0, position 0."
      /Unexpected character encountered while parsing value/,
    ],
    fix: 'The access token is for the wrong audience or app: request it for the Security & Compliance resource (…/.default) with the right app.',
    retryable: false,
  },
  {
    code: 'WAM_WINDOW_HANDLE',
    // MSAL broker (WAM, module ≥ 3.7) without a console window: "A window handle must be configured. See
    // https://aka.ms/msal-net-wam#parent-window-handles"
    patterns: [/A window handle must be configured/],
    fix: 'Web Account Manager needs a console window: pass -DisableWAM (module 3.7.2 or later) or run from a console host.',
    retryable: false,
  },
  {
    code: 'WAM_NO_USER_SESSION',
    patterns: [
      // WAM under Task Scheduler "Run whether user is logged on or not" / RunAs: "Error Acquiring Token:" block
      // with "Error: 0xffffffff80070520" (ERROR_NO_SUCH_LOGON_SESSION).
      /Error: 0x(?:ffffffff)?80070520\b/i,
    ],
    fix: 'No interactive logon session for WAM (scheduled task, RunAs): use certificate authentication for jobs, or -DisableWAM.',
    retryable: false,
  },
  {
    code: 'WAM_BROKER_ERROR',
    // MsalServiceException from the broker: "ErrorCode: unknown_broker_error"
    patterns: [
      /\bunknown_broker_error\b/,
      // The module's Write-Host block for any broker failure (real-world: m365dsc-6469, "Error Acquiring Token: /
      // WAM Error / Error Code: 3399614466 / Error Message: IncorrectConfiguration").
      /\bWAM Error\b/,
      // MSAL without the broker package (real-world: msgraph-pr-1344, "The Windows broker is not directly available
      // on MSAL for .NET Framework").
      /The Windows broker is not directly available/,
    ],
    fix: 'The Web Account Manager broker failed: retry, or pass -DisableWAM.',
    retryable: true,
  },
  {
    code: 'MODULE_BUILD_FAILED',
    // ExchangeOnlineManagement.psm1 (REST mode) after building tmpEXO_*: "Module could not be correctly formed.
    // Please run Connect-ExchangeOnline again."
    patterns: [
      /Module could not be correctly formed/,
      // The temporary module's manifest could not be written (real-world: officedocs-11092, "Cannot update the
      // manifest file 'C:\Users\…\tmpEXO_f2qn0x4u.k0p\tmpEXO_f2qn0x4u.k0p.psd1' because the manifest is not valid.").
      /Cannot update the manifest file '[^']*tmpEXO_/,
    ],
    fix: 'The temporary module failed to build: retry in a new PowerShell session, and clear the temp folder of tmpEXO_* folders.',
    retryable: true,
  },
  {
    code: 'ASSEMBLY_CONFLICT',
    patterns: [
      // MissingMethodException when another module loaded an older MSAL first: "Method not found:
      // 'Microsoft.Identity.Client...'"
      /Method not found: '[^']*?Microsoft\.Identity\.Client/,
      // As pasted with a stray space (real-world: msgraph-2227, "Method not found: '!0 Microsoft.Identity .Client.").
      /Method not found: '[^']*?Microsoft\.Identity \.Client/,
      // FileLoadException for the same clash: "Could not load file or assembly 'Microsoft.Identity.Client, ..."
      /Could not load file or assembly 'Microsoft\.Identity\.Client/,
    ],
    fix: 'Another module (often Microsoft.Graph or Az) loaded a different MSAL first: connect before loading it, or in a fresh process.',
    retryable: false,
  },
  {
    code: 'MANAGED_IDENTITY_UNAVAILABLE',
    // -ManagedIdentity outside Azure: "Failed to acquire managed identity token ..."
    patterns: [
      /Failed to acquire (?:a )?managed identity token/i,
      // Azure.Identity's wording (real-world: adminseanmc-12 "ManagedIdentityCredential authentication unavailable.
      // Multiple attempts failed to obtain a token from the managed identity endpoint."; azure-powershell-23115
      // "ManagedIdentityCredential authentication failed: User assigned identity is currently not supported").
      /ManagedIdentityCredential authentication (?:unavailable|failed)/,
    ],
    fix: 'Managed identity only works inside Azure (Automation, VMs, Functions): use a certificate elsewhere.',
    retryable: false,
  },
  {
    code: 'SEARCH_ONLY_SESSION_REQUIRED',
    // Service (module ≥ 3.9): "... open a new session using Connect-IPPSSession with the -EnableSearchOnlySession flag."
    patterns: [/Connect-IPPSSession with the -EnableSearchOnlySession/],
    fix: 'Reconnect with Connect-IPPSSession -EnableSearchOnlySession (module 3.9.0 or later) for *-ComplianceSearch* cmdlets.',
    retryable: false,
  },
  {
    code: 'REMOTE_POWERSHELL_DISABLED',
    patterns: [
      // RPS connect for a user without remote PowerShell: "Connecting to remote server outlook.office365.com
      // failed with the following error message : Bad Request"
      /Connecting to remote server \S+ failed with the following error message ?: ?Bad Request/,
    ],
    fix: 'Remote PowerShell is disabled for this user: an administrator runs Set-User <id> -RemotePowerShellEnabled $true (EXOModuleEnabled), then wait 15–20 minutes.',
    retryable: false,
  },
  {
    code: 'ACCESS_DENIED',
    patterns: [
      // PSRemotingTransportException: "Connecting to remote server <host> failed with the following error message :
      // Access is denied."; FullyQualifiedErrorId "AccessDenied,PSSessionOpenFailed".
      /Connecting to remote server \S+ failed with the following error message ?: ?Access is denied/,
      /\bAccessDenied,PSSessionOpenFailed\b/,
      // WinRM on Linux/macOS refusing the account (real-world: officedocs-support-436, "… failed with the following
      // error message : Basic Authorization failed for user …").
      /failed with the following error message ?: ?Basic Authorization failed/,
    ],
    fix: 'Wrong password, or the account lacks Exchange Online access or a Security & Compliance role.',
    retryable: false,
  },
  {
    code: 'RPS_UNAVAILABLE',
    patterns: [
      // WinRM connect refused by the service, with an empty reason (module ≤ 3.1): "... failed with the following
      // error message :  For more information, see the about_Remote_Troubleshooting Help topic."
      /failed with the following error message ?:\s*For more information, see the about_Remote_Troubleshooting Help topic/,
      // PowerShell 6+ on Linux, whose WinRM client cannot reach the service (real-world: powershell-5130, -5372:
      // "… failed with the following error message : MI_RESULT_FAILED For more information, see …").
      /failed with the following error message ?:\s*MI_RESULT_FAILED/,
      // The same on Linux with the PSWSMan client, module 3.0.0 (holdout: officedocs-10098, Connect-IPPSSession:
      // "ResourceUnavailable: Processing data from remote server ps.compliance.protection.outlook.com failed with the
      // following error message: ERROR_WSMAN_INVALID_SELECTORS: The WS-Management service cannot process the request
      // because the request contained invalid selectors for the resource."): a WinRM client error, gone with the
      // REST connection of module 3.2+; retrying the same remote session does not help.
      /failed with the following error message ?:\s*ERROR_WSMAN_[A-Z_]+:/,
    ],
    fix: 'Remote PowerShell (WinRM) sessions are refused: update the module to 3.2 or later (REST) and drop -UseRPSSession.',
    retryable: false,
  },
  {
    code: 'UNAUTHORIZED',
    // Module (REST, app-only) after a token was acquired: a record whose whole message is "UnAuthorized".
    patterns: [
      /^\s*UnAuthorized\s*$/im,
      // As an Automation runbook shows it (real-world: officedocs-11008, "UnAuthorized (UnAuthorized)").
      /^\s*UnAuthorized \(UnAuthorized\)\s*$/im,
      // The REST cmdlets (real-world: officedocs-7970, "Get-EXOMailbox: Error while querying REST service.
      // HttpStatusCode=401 ErrorMessage={"error":{"code":"Unauthorized","message":"User is not allowed to call Get-Mailbox"").
      /HttpStatusCode=401\b/,
    ],
    fix: 'The app lacks the Exchange.ManageAsApp permission (with admin consent) or an RBAC role for Security & Compliance.',
    retryable: false,
  },
  {
    code: 'TLS_ERROR',
    // HttpRequestException on .NET Framework without TLS 1.2: "An error occurred while sending the request."
    patterns: [
      /An error occurred while sending the request/,
      // .NET Framework's WebRequest without TLS 1.2 (real-world: evotec-o365health-6, "The underlying connection
      // was closed: An unexpected error occurred on a send.").
      /The underlying connection was closed: An unexpected error occurred on a send/,
      // PowerShell 7 behind a TLS-inspecting proxy (real-world: powershell-21307, "OperationStopped: The SSL
      // connection could not be established, see inner exception.").
      /The SSL connection could not be established/,
      // Entra ID refusing an old TLS version (holdout: openidconnect-75, "AADSTS1002016" with "the app is using
      // ' TLS version 1.0, 1.1 and/or 3DES cipher'"): the same fix, TLS 1.2; a retry on the same TLS fails again.
      /AADSTS1002016\b/,
      /\bTLS version 1\.0, 1\.1 and\/or 3DES cipher/,
    ],
    fix: 'Enable TLS 1.2: [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12.',
    retryable: false,
  },
  {
    code: 'TIMEOUT',
    // Never recognised from text: the orchestrator raises it when nothing happens within the configured time.
    patterns: [],
    fix: 'Nothing happened within the configured time: check network access to the service, then retry or raise the timeout.',
    retryable: true,
  },
  {
    code: 'UNKNOWN',
    // Fallback for an error record no pattern recognises; its message and FullyQualifiedErrorId are kept.
    patterns: [],
    fix: 'Unrecognised error: read the message and FullyQualifiedErrorId.',
    retryable: false,
  },
];

const unknown = errorCatalog.find((entry) => entry.code === 'UNKNOWN')!;

/**
 * The text each case-sensitive pattern's every match contains (anchors.ts): a pattern whose anchor is not in
 * the text cannot match, and `includes` says so far faster than the regex.
 */
const anchorOf = new Map(
  errorCatalog.flatMap((entry) =>
    entry.patterns.flatMap((pattern) => {
      const anchor = pattern.flags.includes('i') ? undefined : literalAnchor(pattern);
      return anchor === undefined ? [] : [[pattern, anchor] as const];
    }),
  ),
);

/** Classifies an error text (a record's message, optionally followed by its FullyQualifiedErrorId). */
export function classifyError(raw: string): Classification {
  const text = normalizeText(raw);
  for (const entry of errorCatalog) {
    for (const pattern of entry.patterns) {
      const anchor = anchorOf.get(pattern);
      if (anchor !== undefined && !text.includes(anchor)) continue;
      const match = pattern.exec(text);
      if (match) return { code: entry.code, fix: entry.fix, retryable: entry.retryable, matched: match[0].trim() };
    }
  }
  return { code: unknown.code, fix: unknown.fix, retryable: unknown.retryable };
}
