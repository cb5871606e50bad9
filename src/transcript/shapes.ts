/**
 * The shapes of PowerShell console output the parser recognises, one named regex each, with the PowerShell
 * code or output that produces it. Tested against lines after rendering (escapes removed, trailing spaces
 * dropped). Error *meanings* live in catalog.ts; this file only knows layout.
 */

// ---- Error records, NormalView (Windows PowerShell 5.1; PowerShell 7 with $ErrorView = 'NormalView') ----

/**
 * First line of a record with a command: `$myinv.MyCommand.Name + " : " + message` → `New-ExoPSSession : …`,
 * `.\job.ps1 : File … cannot be loaded …`.
 */
export const NORMAL_HEAD = /^(\S+) :(?: (.*))?$/;

/** InvocationInfo.PositionMessage, first line: `At line:1 char:1`, `At C:\…\ExchangeOnlineManagement.psm1:766 char:21`. */
export const AT_LOCATION = /^At (?:line:\d+ char:\d+|.+:\d+ char:\d+)$/;

/** Start of a location the console wrapped (`At C:\Program` / `Files\WindowsPowerShell\…:475 char:30`). */
export const AT_LOCATION_START = /^At \S/;

/** End of a wrapped location: `…ExchangeOnlineManagement.psm1:475 char:30` (or `char:30` alone, at narrow widths). */
export const LOCATION_END = /char:\d+$/;

/** PositionMessage code and caret lines: `+ Connect-IPPSSession …`, `+ ~~~~~~`. */
export const CODE_LINE = /^\+(?: |$)/;

/**
 * The record's fields (ErrorRecord view in DefaultFormatters): `    + CategoryInfo          : …`,
 * `    + FullyQualifiedErrorId : …`, `    + PSComputerName        : …` (5.1 indents by 4; PowerShell 7 does not).
 */
export const FIELD_LINE = /^\s*\+ (CategoryInfo|FullyQualifiedErrorId|PSComputerName)\s*: ?(.*)$/;

/** A field value continued by the console wrap: 5.1 splits it into chunks and indents the rest (`   e.Management…`). */
export const FIELD_CONTINUATION = /^\s+(?!\+ )\S/;

// ---- Error records, ConciseView (PowerShell 7 default) ----

/**
 * `"${reason}: ${message}"` from Get-ConciseViewPositionMessage: `Connect-IPPSSession: …`, `Exception: …`,
 * `OperationStopped: …`, or with a script position `Get-Foo: /path/script.ps1:12`.
 */
export const CONCISE_HEAD = /^([A-Za-z_][\w.-]*):(?: (.*))?$/;

/** The `Line |` header of ConciseView's script position block. */
export const GUTTER_HEADER = /^\s*Line \|$/;

/** The numbered source line under it: `  766 |                      throw $_.Exception.InnerException;`. */
export const GUTTER_SOURCE = /^\s*\d+ \|(?: |$)/;

/** Gutter lines holding the caret line and the word-wrapped message: `     | ~~~~~`, `     | message…`. */
export const GUTTER_LINE = /^\s*\|(?: (.*))?$/;

/** The caret line inside the gutter: `~~~~~~~~~`. */
export const GUTTER_CARETS = /^\s*~+\s*$/;

/** `  Recommendation: …` appended by ConciseView when ErrorDetails.RecommendedAction is set. */
export const RECOMMENDATION = /^\s+Recommendation: /;

/**
 * Reasons ConciseView prints that are safe to trust on uncoloured text: `Exception` (thrown), command names
 * in Verb-Noun form, scripts, and the ErrorCategory names used when there is no command.
 */
export const TRUSTED_REASON =
  /^(?:Exception|[A-Za-z]+-[A-Za-z0-9]+|[\w.-]+\.ps[dm]?1|NotSpecified|OpenError|CloseError|DeviceError|DeadlockDetected|InvalidArgument|InvalidData|InvalidOperation|InvalidResult|InvalidType|MetadataError|NotImplemented|NotInstalled|ObjectNotFound|OperationStopped|OperationTimeout|SyntaxError|ParserError|PermissionDenied|ResourceBusy|ResourceExists|ResourceUnavailable|ReadError|WriteError|FromStdErr|SecurityError|ProtocolError|ConnectionError|AuthenticationError|LimitsExceeded|QuotaExceeded|NotEnabled)$/;

// ---- Error texts that stand alone ----

/** CommandNotFoundException message, 7.x ("as a name of") and 5.1 ("as the name of"). */
export const TERM_NOT_RECOGNIZED = /^The term '.+' is not recognized as (?:the|a) name of a cmdlet/;

/** Second line of that message in PowerShell 7: "Check the spelling of the name, or if a path was included, …". */
export const CHECK_SPELLING = /^Check the spelling of the name, or if a path was included/;

/** The host's NonInteractive refusal on a line of its own. */
export const NON_INTERACTIVE =
  /^PowerShell is in NonInteractive mode\. Read and Prompt functionality is not available\./;

/** The module (REST, app-only) throwing a bare `UnAuthorized`. */
export const LONE_UNAUTHORIZED = /^UnAuthorized$/i;

/** ExchangeOnlineManagement's Write-Host before a token failure (MSAL/WAM): `Error Acquiring Token:`. */
export const TOKEN_ERROR_HEAD = /^Error Acquiring Token:?(.*)$/;

/** .NET stack frames inside exception text: `   at System.Security.Cryptography…`, `--- End of stack trace …`. */
export const STACK_FRAME = /^\s+at \S|^\s*--- End of /;

// ---- Other streams and the shell ----

/** Warning, verbose, debug and information records: `WARNING: …`, `VERBOSE: ConnectionContext Removed`. */
export const STREAM_PREFIX = /^(?:WARNING|VERBOSE|DEBUG|INFORMATION): /;

/** The default prompt function: `PS C:\Users\u> `, `PS /home/u> `. */
export const SHELL_PROMPT = /^PS [^>]*>(?: |$)/;

// ---- Banners (Write-Host from the module) ----

/** The dashed rule around both banners (v3: 88 dashes; V1 CreateExoPSSession.ps1: 74). */
export const BANNER_RULE = /^-{20,}$/;

/** First line of the v3 banner: "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets …". */
export const BANNER_V3_START = /^This V3 EXO PowerShell module contains new REST API backed/;

/** First lines of the V1 (ClickOnce) banner in CreateExoPSSession.ps1. */
export const BANNER_LEGACY_START =
  /^(?:This PowerShell module allows you to connect to Exchange Online service\.|Experience the fast and reliable Exchange PowerShell V2 Cmdlets)/;

// ---- Get-ConnectionInformation (list view) ----

/** First property of the ConnectionInformation list view: `ConnectionId                    : 5ad2b0c6-…`. */
export const CONNECTION_ID = /^ConnectionId\s*: ?(.*)$/;

/** Any `Name : value` row of a list view (values may be empty). */
export const LIST_ROW = /^([A-Za-z]\w*)\s*: ?(.*)$/;

/** A list value wrapped by the formatter, indented to the value column. */
export const LIST_CONTINUATION = /^\s{2,}\S/;

// ---- Device code (EXO only) ----

/** MSAL device-code message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin …". */
export const DEVICE_CODE_START = /^(?:WARNING: )?To sign in, use a web browser to open the page/;

/** The same message with all whitespace removed, so console wraps (even mid-word) do not matter. */
export const DEVICE_CODE_SQUEEZED = /openthepage(https?:\/\/\S+?)andenterthecode([A-Za-z0-9-]+?)toauthenticate/;

// ---- Prompts ----

/** PSHostUserInterface.PromptForCredential caption: "PowerShell credential request" (5.1: "Windows PowerShell …"). */
export const CREDENTIAL_CAPTION = /^(?:Windows )?PowerShell credential request$/;

/** Credential prompt labels: `User: `, `Password for user admin@contoso.com: `. */
export const CREDENTIAL_LABEL = /^(User|Password for user [^:]+):(?: (.*))?$/;

/** Mandatory-parameter prompting: "cmdlet Get-Credential at command pipeline position 1". */
export const PIPELINE_POSITION = /^cmdlet \S+ at command pipeline position \d+$/;

/** Then: "Supply values for the following parameters:". */
export const SUPPLY_VALUES = /^Supply values for the following parameters:$/;

/** A parameter prompt under it: `Identity: `, `Credential`, `UserPrincipalName[0]: `. */
export const PARAMETER_LABEL = /^([A-Za-z]\w*(?:\[\d+\])?)(?::(?: (.*))?)?$/;

/** ShouldProcess caption and question (ConfirmImpact High, e.g. Disconnect-ExchangeOnline). */
export const CONFIRM_CAPTION = /^(?:Confirm|Are you sure you want to perform this action\?)$/;

/** PromptForChoice choices: `[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help …`. */
export const CHOICES = /^\[[A-Z?]\] \S.*\[\?\] Help/;

/** The end of the choices, maybe on the next line: `(default is "Y"):`. */
export const CHOICE_DEFAULT = /\(?default is "([^"]*)"\):/;

/** A Read-Host prompt left open: Read-Host appends ": " to its prompt. */
export const OPEN_PROMPT = /:$/;
