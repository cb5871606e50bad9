/**
 * Test equipment: the transcripts in fixtures/transcripts that are *built* from documented formats rather
 * than captured (Windows PowerShell 5.1 cannot run here). Each is laid out by powershell-format.ts (checked
 * against exo-facts' verbatim 5.1 sample) or copied from a verbatim text; SOURCES.md says which.
 * corpus.test.ts fails when a built .txt no longer matches this file; `UPDATE_BUILT_FIXTURES=1` rewrites them.
 * Their locked events (`../regression-locks/<name>.events.json`) are the parser's reading, reviewed: a
 * regression lock, not independent evidence (fixtures/transcripts/SOURCES.md).
 */
import { consoleWrap, type ErrorRecord51, renderErrorRecord51 } from './powershell-format.js';

export interface BuiltFixture {
  name: string;
  /** Where the text comes from (goes to SOURCES.md). */
  origin: string;
  text: string;
}

const CRLF = '\r\n';
const ESC = '\u001b';

// ---- Shared texts (exo-facts §5 and the stand-in module's wording) ----

const PSM1_51 =
  'C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.9.2\\netFramework\\ExchangeOnlineManagement.psm1';
const TRACE =
  'Trace ID: 2d6f0b2e-7c1a-4e8b-9f3d-5a6b7c8d9e0f Correlation ID: 8e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b Timestamp: 2026-11-20 09:14:07Z';
const REMOTE_HELP = 'For more information, see the about_Remote_Troubleshooting Help topic.';
const SERVER = 'ps.compliance.protection.outlook.com';
const APP_ID = '5b1e7c4a-2f3d-4e6a-9b8c-1d2e3f4a5b6c';

/** The module's rethrow at psm1:766 (`throw $_.Exception.InnerException;`), message-only. */
function thrown(message: string, exceptionType: string): ErrorRecord51 {
  return {
    message,
    position: [
      `At ${PSM1_51}:766 char:21`,
      '+                     throw $_.Exception.InnerException;',
      '+                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
    ],
    categoryInfo: `OperationStopped: (:) [], ${exceptionType}`,
    fullyQualifiedErrorId: message,
  };
}

/** An error of the module's New-ExoPSSession cmdlet (remote PowerShell), as 2.0.5–3.1 print it. */
function session(message: string, category: string, fqid: string): ErrorRecord51 {
  return {
    command: 'New-ExoPSSession',
    message,
    position: [
      `At ${PSM1_51.replace('3.9.2', '3.1.0')}:475 char:30`,
      '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
      '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
    ],
    categoryInfo: `${category}: (:) [New-ExoPSSession], PSRemotingTransportException`,
    fullyQualifiedErrorId: `${fqid},Microsoft.Exchange.Management.ExoPowershellSnapin.NewExoPSSession`,
  };
}

/** A command typed at the prompt: `At line:1 char:1`. */
function typed(command: string, line: string, message: string, categoryInfo: string, fqid: string): ErrorRecord51 {
  return {
    command,
    message,
    position: ['At line:1 char:1', `+ ${line}`, `+ ${'~'.repeat(command.length)}`],
    categoryInfo,
    fullyQualifiedErrorId: fqid,
  };
}

const CONNECT = 'Connect-IPPSSession -UserPrincipalName admin@contoso.onmicrosoft.com';

/** A 5.1 console transcript: the prompt and command, then the lines, CRLF, with the next prompt open. */
function console51(width: number, command: string, ...blocks: (ErrorRecord51 | string[])[]): string {
  const lines = [`PS C:\\Users\\admin> ${command}`];
  for (const block of blocks) {
    if (Array.isArray(block)) lines.push(...block.flatMap((line) => consoleWrap(line, width)));
    else lines.push(...renderErrorRecord51(block, width));
  }
  lines.push('', 'PS C:\\Users\\admin> ');
  return lines.join(CRLF);
}

const FROM_DOCS = 'built: Windows PowerShell 5.1 NormalView layout (powershell-format.ts) of the exo-facts §5 text';

function record51(name: string, width: number, record: ErrorRecord51, command = CONNECT): BuiltFixture {
  return { name, origin: `${FROM_DOCS}, ${width} columns, CRLF`, text: console51(width, command, record) };
}

// ---- The v3 banner as Write-Host prints it (exo-facts §4; text of module 3.7+) ----

const RULE = '-'.repeat(88);
const BANNER_V3 = [
  RULE,
  "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Client-Server communication. You can now run these cmdlets after turning off WinRM Basic Auth in your client machine thus making it more secure.",
  '',
  'Unlike the EXO* prefixed cmdlets, the cmdlets in this module support full functional parity with the RPS (V1) cmdlets.',
  '',
  'V3 cmdlets in the downloaded module are resilient to transient failures, handling retries and throttling errors inherently.',
  '',
  'REST backed EOP and SCC cmdlets are also available in the V3 module. Similar to EXO, the cmdlets can be run without WinRM basic auth enabled.',
  '',
  'For more information check https://aka.ms/exov3-module',
  RULE,
];

export const builtFixtures: readonly BuiltFixture[] = [
  // ---------------------------------------------------------------- verbatim texts
  {
    name: 'connection-limit--ps51-exo-facts-sample-120',
    origin: 'verbatim: exo-facts §5 sample 1 (issue text, 5.1, 120 columns), between prompt lines, CRLF',
    text: console51(120, 'Connect-IPPSSession', [
      'New-ExoPSSession : Processing data from remote server gbr01b.ps.compliance.protection.outlook.com failed with the',
      'following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed',
      ': 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help',
      'topic.',
      'At C:\\Program',
      'Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30',
      '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
      '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
      '    + FullyQualifiedErrorId : System.Management.Automation.Remoting.PSRemotingDataStructureException,Microsoft.Exchang',
      '   e.Management.ExoPowershellSnapin.NewExoPSSession',
      ' ',
    ]),
  },
  {
    name: 'winrm-basic-auth-disabled--ps51-exo-facts-oauth-sample',
    origin: 'verbatim: exo-facts §5 sample 2 (message-only record, module 3.1.0), between prompt lines, CRLF',
    text: console51(200, CONNECT, [
      'Create Powershell Session is failed using OAuth',
      'At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.1.0\\netFramework\\ExchangeOnlineManagement.psm1:733 char:21',
      '+                     throw $_.Exception;',
      '+                     ~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : OperationStopped: (:) [], Exception',
      '    + FullyQualifiedErrorId : Create Powershell Session is failed using OAuth',
      ' ',
    ]),
  },
  {
    name: 'wam-no-user-session--ps51-exo-facts-sample',
    origin: 'verbatim: exo-facts §5 sample 3 (Write-Host block, then -Verbose line), between prompt lines, CRLF',
    text: console51(120, `${CONNECT} -Verbose`, [
      'Error Acquiring Token:',
      'Unknown Status: Unexpected',
      'Error: 0xffffffff80070520',
      'Context: (pii)',
      'Tag: 0x21420087 (error code -2147023584) (internal error code 557973639)',
      'VERBOSE: ConnectionContext Removed',
    ]),
  },
  {
    name: 'wam-window-handle--ps51-exo-facts-sample',
    origin:
      'verbatim: exo-facts §5 sample 4 (Write-Host block + message-only record, module 3.9.0), between prompt lines, CRLF',
    text: console51(120, CONNECT, [
      'Error Acquiring Token:',
      'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      'At C:\\Program',
      'Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.9.0\\netFramework\\ExchangeOnlineManagement.psm1:766 char:21',
      '+                     throw $_.Exception.InnerException;',
      '+                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : OperationStopped: (:) [], MsalClientException',
      '    + FullyQualifiedErrorId : A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      ' ',
    ]),
  },
  {
    name: 'module-build-failed--ps51-exo-facts-sample',
    origin: 'verbatim: exo-facts §5 sample 5 (message-only record without code lines), between prompt lines, CRLF',
    text: console51(200, CONNECT, [
      'Module could not be correctly formed. Please run Connect-ExchangeOnline again.',
      'At C:\\Users\\MY-USER\\Documents\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.6.0\\netFramework\\ExchangeOnlineManagement.psm1:766 char:21',
      '    + CategoryInfo          : NotSpecified: (:) [], ParentContainsErrorRecordException',
      '    + FullyQualifiedErrorId : RuntimeException',
      ' ',
    ]),
  },
  {
    name: 'invalid-connection-uri--ps51-qa-text',
    origin: 'verbatim: Microsoft Q&A thread (module 3.0.0, positional trap), trailing spaces as posted, CRLF',
    text: [
      'PS C:\\Users\\administrator> Connect-ExchangeOnline cmdlet  ',
      "Invalid ConnectionUri parameter 'cmdlet'  ",
      'At C:\\Program  ',
      'Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\3.0.0\\netFramework\\ExchangeOnlineManagement.psm1:487 char:13  ',
      '+             throw "Invalid ConnectionUri parameter \'$ConnectionUri\'"  ',
      '+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~  ',
      "    + CategoryInfo          : OperationStopped: (Invalid ConnectionUri parameter 'cmdlet':String) [], RuntimeException  ",
      "    + FullyQualifiedErrorId : Invalid ConnectionUri parameter 'cmdlet'",
      '',
    ].join(CRLF),
  },
  {
    name: 'certificate-unusable--ps51-keyset-issue-text',
    origin:
      'verbatim: MicrosoftDocs/office-docs-powershell issue #10728 (Write-Host block with a stack trace, trimmed after the quoted part), CRLF',
    text: console51(
      200,
      `Connect-IPPSSession -CertificateThumbprint 83213AEAC56D61C97AEE5C1528F4AC5EBA7321C1 -AppId ${APP_ID} -Organization contoso.onmicrosoft.com`,
      [
        'Error Acquiring Token:',
        'System.Security.Cryptography.CryptographicException: Keyset does not exist',
        '   at System.Security.Cryptography.CapiHelper.CreateProvHandle(CspParameters parameters, Boolean randomKeyContainer)',
        '   at System.Security.Cryptography.RSACryptoServiceProvider.get_SafeProvHandle()',
        '   at System.Security.Cryptography.RSACryptoServiceProvider.get_SafeKeyHandle()',
        '   at System.Security.Cryptography.RSACryptoServiceProvider..ctor(Int32 keySize, CspParameters parameters, Boolean useDefaultKeySize)',
        '   at System.Security.Cryptography.X509Certificates.CertificatePal.<>c.<GetRSAPrivateKey>b__66_0(CspParameters csp)',
        '   at System.Security.Cryptography.X509Certificates.CertificatePal.GetPrivateKey[T](Func`2 createCsp, Func`2 createCng)',
      ],
    ),
  },
  {
    name: 'wam-broker-error--ps7-azure-powershell-issue-text',
    origin:
      "verbatim: Azure/azure-powershell issue #25808 (Write-Host block, the reporter's own log lines, MSAL exception), LF",
    text: [
      'Connecting to Microsoft Security & Compliance...',
      'Error Acquiring Token:',
      'Unknown Status: Unexpected',
      'Context: Operation did not start in the allotted time.',
      'Tag: 0x1e3d43d2 (error code 0) (internal error code 507331538)',
      '[10:50:40 ERR] Failed to Connect to Microsoft Security & Compliance',
      'MSAL.CoreCLR.4.65.0.0.MsalServiceException:',
      '        ErrorCode: unknown_broker_error',
      'Microsoft.Identity.Client.MsalServiceException: Unknown Status: Unexpected',
      'Context: Operation did not start in the allotted time.',
      'Tag: 0x1e3d43d2 (error code 0) (internal error code 507331538)',
      '   at Microsoft.Identity.Client.Platforms.Features.RuntimeBroker.WamAdapters.HandleResponse(AuthResult authResult, AuthenticationRequestParameters authenticationRequestParameters, ILoggerAdapter logger, String errorMessage)',
      '   at Microsoft.Identity.Client.Platforms.Features.RuntimeBroker.RuntimeBroker.SignInInteractivelyAsync(AuthenticationRequestParameters authenticationRequestParameters)',
      '',
    ].join('\n'),
  },
  {
    name: 'unknown--ps51-certificate-password-issue-text',
    origin:
      'verbatim: MicrosoftDocs/office-docs-powershell issue #8109 (module 2.0.5; a tab-indented multi-line message), CRLF',
    text: [
      'New-ExoPSSession : Failed to load the Certificate, this can be because of any of the following reasons.',
      '\t1. Certificate file referred by CertificateFilePath is not a valid Certificate file.',
      '\t2. Missing or invalid CertificatePassword provided to load the certificate.',
      'InnerException : The specified network password is not correct.',
      'At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30',
      '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
      '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : NotSpecified: (:) [New-ExoPSSession], Exception',
      '    + FullyQualifiedErrorId : System.Exception,Microsoft.Exchange.Management.ExoPowershellSnapin.NewExoPSSession',
      ' ',
      '',
    ].join(CRLF),
  },
  {
    name: 'banner--ps51-v3-qa-text-wrapped-120',
    origin:
      'verbatim: Microsoft Q&A thread (5.1 console at 120 columns: the banner broken mid-word, trailing spaces as posted; module 3.0.0 wording), CRLF',
    text: [
      'PS C:\\Users\\administrator> Connect-ExchangeOnline',
      '',
      '----------------------------------------------------------------------------------------  ',
      "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Clien  ",
      't-Server communication. You can now run these cmdlets after turning off WinRM Basic Auth in your client machine thus mak  ',
      'ing it more secure.  ',
      '  ',
      'Unlike the EXO* prefixed cmdlets, the cmdlets in this module support full functional parity with the RPS (V1) cmdlets.  ',
      '  ',
      'V3 cmdlets in the downloaded module are resilient to transient failures, handling retries and throttling errors inherent  ',
      'ly.  ',
      '  ',
      'However, REST backed EOP and SCC cmdlets are not available yet. To use those, you will need to enable WinRM Basic Auth.  ',
      '  ',
      'For more information check https://aka.ms/exov3-module  ',
      '----------------------------------------------------------------------------------------',
      '',
      'PS C:\\Users\\administrator> ',
    ].join(CRLF),
  },

  // ---------------------------------------------------------------- 5.1 records laid out from documented formats
  record51(
    'module-not-found--ps51-normal-120',
    120,
    typed(
      'Connect-IPPSSession',
      CONNECT,
      "The term 'Connect-IPPSSession' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
      'ObjectNotFound: (Connect-IPPSSession:String) [], CommandNotFoundException',
      'CommandNotFoundException',
    ),
  ),
  record51(
    'parameter-not-supported--ps51-normal-80',
    80,
    typed(
      'Connect-IPPSSession',
      `Connect-IPPSSession -AppId ${APP_ID} -CertificateThumbprint 83213AEAC5 ...`,
      "A parameter cannot be found that matches parameter name 'CertificateThumbprint'.",
      'InvalidArgument: (:) [Connect-IPPSSession], ParameterBindingException',
      'NamedParameterNotFound,Connect-IPPSSession',
    ),
    `Connect-IPPSSession -AppId ${APP_ID} -CertificateThumbprint 83213AEAC56D61C97AEE5C1528F4AC5EBA7321C1 -Organization contoso.onmicrosoft.com`,
  ),
  record51(
    'winrm-basic-auth-disabled--ps51-normal-80',
    80,
    session(
      `Connecting to remote server ${SERVER} failed with the following error message : The WinRM client cannot process the request. Basic authentication is currently disabled in the client configuration. Change the client configuration and try the request again. ${REMOTE_HELP}`,
      'OpenError',
      '-2144108321,PSSessionOpenFailed',
    ),
  ),
  record51(
    'connection-limit--ps51-normal-80',
    80,
    session(
      `Processing data from remote server ${SERVER} failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. Please close existing runspace and try again. ${REMOTE_HELP}`,
      'ResourceUnavailable',
      'System.Management.Automation.Remoting.PSRemotingDataStructureException',
    ),
  ),
  record51(
    'shell-not-found--ps51-normal-120',
    120,
    session(
      `Processing data from remote server ${SERVER} failed with the following error message: The request for the Windows Remote Shell with ShellId 4F2C8A1E-6B3D-4E9F-A7C5-1D0E2F3A4B5C failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. ${REMOTE_HELP}`,
      'OperationStopped',
      'JobFailure',
    ),
  ),
  record51(
    'access-denied--ps51-normal-120',
    120,
    session(
      `Connecting to remote server ${SERVER} failed with the following error message : Access is denied. ${REMOTE_HELP}`,
      'OpenError',
      'AccessDenied,PSSessionOpenFailed',
    ),
  ),
  record51(
    'remote-powershell-disabled--ps51-normal-80',
    80,
    session(
      `Connecting to remote server outlook.office365.com failed with the following error message : Bad Request ${REMOTE_HELP}`,
      'OpenError',
      '-2146233087,PSSessionOpenFailed',
    ),
  ),
  record51(
    'rps-unavailable--ps51-normal-120',
    120,
    session(
      `Connecting to remote server ${SERVER} failed with the following error message :  ${REMOTE_HELP}`,
      'OpenError',
      'PSSessionOpenFailed',
    ),
  ),
  record51(
    'mfa-required--ps51-thrown-120',
    120,
    thrown(
      `AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000002-0000-0ff1-ce00-000000000000'. ${TRACE}`,
      'MsalUiRequiredException',
    ),
  ),
  record51(
    'invalid-credentials--ps51-thrown-80',
    80,
    thrown(
      `AADSTS50126: Error validating credentials due to invalid username or password. ${TRACE}`,
      'MsalUiRequiredException',
    ),
  ),
  record51(
    'user-not-found--ps51-thrown-120',
    120,
    thrown(
      `AADSTS50034: The user account {EUII Hidden} does not exist in the contoso.onmicrosoft.com directory. To sign into this application, the account must be added to the directory. ${TRACE}`,
      'MsalServiceException',
    ),
  ),
  record51(
    'conditional-access-blocked--ps51-thrown-80',
    80,
    thrown(
      `AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. ${TRACE}`,
      'MsalUiRequiredException',
    ),
  ),
  record51(
    'consent-required--ps51-thrown-120',
    120,
    thrown(
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${APP_ID}' named 'Contoso Compliance Jobs'. Send an interactive authorization request for this user and resource. ${TRACE}`,
      'MsalUiRequiredException',
    ),
  ),
  record51(
    'app-not-found--ps51-thrown-80',
    80,
    thrown(
      `AADSTS700016: Application with identifier '${APP_ID}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. ${TRACE}`,
      'MsalServiceException',
    ),
  ),
  record51(
    'invalid-client-secret--ps51-thrown-120',
    120,
    thrown(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'. ${TRACE}`,
      'MsalServiceException',
    ),
  ),
  record51(
    'certificate-rejected--ps51-thrown-80',
    80,
    thrown(`AADSTS700027: Client assertion failed signature validation. ${TRACE}`, 'MsalServiceException'),
  ),
  record51(
    'role-not-supported--ps51-thrown-120',
    120,
    thrown(
      `The role assigned to application ${APP_ID} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`,
      'Exception',
    ),
  ),
  record51('unauthorized--ps51-thrown-80', 80, thrown('UnAuthorized', 'UnauthorizedAccessException')),
  {
    name: 'invalid-access-token--ps51-thrown-120',
    origin: `${FROM_DOCS} (the host line before it is the module's), 120 columns, CRLF`,
    text: console51(
      120,
      'Connect-IPPSSession -AccessToken $token -Organization contoso.onmicrosoft.com',
      ['Returning the provided AccessToken'],
      thrown(
        "Unexpected character encountered while parsing value: e. Path '', line 0, position 0.",
        'JsonReaderException',
      ),
    ),
  },
  record51(
    'tls-error--ps51-thrown-80',
    80,
    thrown('An error occurred while sending the request.', 'HttpRequestException'),
  ),
  record51(
    'assembly-conflict--ps51-thrown-120',
    120,
    thrown(
      "Method not found: 'Microsoft.Identity.Client.BaseAbstractApplicationBuilder`1<!0> Microsoft.Identity.Client.BaseAbstractApplicationBuilder`1.WithLogging(Microsoft.IdentityModel.Abstractions.IIdentityLogger, Boolean)'.",
      'MissingMethodException',
    ),
  ),
  record51(
    'managed-identity-unavailable--ps51-thrown-80',
    80,
    thrown(
      'Failed to acquire managed identity token. No managed identity endpoint was found: this is not an Azure resource with a managed identity (Automation, VM, Functions).',
      'MsalServiceException',
    ),
    'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
  ),
  record51(
    'certificate-unusable--ps51-thrown-120',
    120,
    thrown(
      'Could not use the certificate for signing. See inner exception for details. Possible cause: this may be a known issue with apps build against .NET Desktop 4.6 or lower. Either target a higher version of .NET desktop - 4.6.1 and above or use a different certificate type (non-CNG) or sign your own assertion as described at https://aka.ms/msal-net-signed-assertion.',
      'MsalClientException',
    ),
  ),
  record51(
    'wam-window-handle--ps51-thrown-80',
    80,
    thrown(
      'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
      'MsalClientException',
    ),
  ),
  {
    name: 'wam-broker-error--ps51-block-and-record-120',
    origin: `${FROM_DOCS} (Write-Host block, then the rethrown record repeating it), 120 columns, CRLF`,
    text: console51(
      120,
      CONNECT,
      [
        'Error Acquiring Token:',
        'Unknown Status: Unexpected',
        'Error: 0x80004005',
        'Context: (pii)',
        'ErrorCode: unknown_broker_error',
      ],
      thrown(
        'Unknown Status: Unexpected\nError: 0x80004005\nContext: (pii)\nErrorCode: unknown_broker_error',
        'MsalServiceException',
      ),
    ),
  },
  record51(
    'execution-policy--ps51-normal-120',
    120,
    {
      command: 'Import-Module',
      message: `File ${PSM1_51} cannot be loaded because running scripts is disabled on this system. For more information, see about_Execution_Policies at https:/go.microsoft.com/fwlink/?LinkID=135170.`,
      position: [
        'At line:1 char:1',
        '+ Import-Module ExchangeOnlineManagement',
        '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      ],
      categoryInfo: 'SecurityError: (:) [Import-Module], PSSecurityException',
      fullyQualifiedErrorId: 'UnauthorizedAccess,Microsoft.PowerShell.Commands.ImportModuleCommand',
    },
    'Import-Module ExchangeOnlineManagement',
  ),
  record51(
    'execution-policy--ps51-normal-80',
    80,
    {
      command: '.\\connect-ipps.ps1',
      message:
        'File C:\\Jobs\\connect-ipps.ps1 cannot be loaded because running scripts is disabled on this system. For more information, see about_Execution_Policies at https:/go.microsoft.com/fwlink/?LinkID=135170.',
      position: ['At line:1 char:1', '+ .\\connect-ipps.ps1', '+ ~~~~~~~~~~~~~~~~~~'],
      categoryInfo: 'SecurityError: (:) [], PSSecurityException',
      fullyQualifiedErrorId: 'UnauthorizedAccess',
    },
    '.\\connect-ipps.ps1',
  ),
  record51(
    'search-only-session-required--ps51-cmdlet-120',
    120,
    {
      command: 'Write-ErrorMessage',
      message:
        '|System.Management.Automation.RemoteException|Please close the current PowerShell session and open a new session using Connect-IPPSSession with the -EnableSearchOnlySession flag. This requires using ExchangeOnlineManagement v3.9.0 or higher.',
      position: [
        'At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_w2kq1a3b.xyz\\tmpEXO_w2kq1a3b.xyz.psm1:1161 char:13',
        '+             Write-ErrorMessage $ErrorObject',
        '+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      ],
      categoryInfo: 'NotSpecified: (:) [Get-ComplianceSearch], RemoteException',
      fullyQualifiedErrorId:
        '[Server=BN8PR04MB6289,RequestId=0c1d2e3f,TimeStamp=Fri, 20 Nov 2026 09:14:07 GMT],Write-ErrorMessage',
    },
    'Get-ComplianceSearch',
  ),
  record51(
    'prompt-in-unattended--ps51-normal-120',
    120,
    typed(
      'Read-Host',
      "Read-Host 'Enter the code sent to your phone'",
      'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.',
      'ResourceUnavailable: (:) [Read-Host], PSInvalidOperationException',
      'InvalidOperation,Microsoft.PowerShell.Commands.ReadHostCommand',
    ),
    "Read-Host 'Enter the code sent to your phone'",
  ),
  record51(
    'unknown--ps51-cmdlet-80',
    80,
    {
      command: 'Write-ErrorMessage',
      message:
        "|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'Legal Hold 2019' couldn't be found on 'BN8PR04MB6289.namprd04.prod.outlook.com'.",
      position: [
        'At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_w2kq1a3b.xyz\\tmpEXO_w2kq1a3b.xyz.psm1:1161 char:13',
        '+             Write-ErrorMessage $ErrorObject',
        '+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      ],
      categoryInfo: 'NotSpecified: (:) [Get-RetentionCompliancePolicy], ManagementObjectNotFoundException',
      fullyQualifiedErrorId:
        '[Server=BN8PR04MB6289,RequestId=5e6f7a8b,TimeStamp=Fri, 20 Nov 2026 09:14:07 GMT],Write-ErrorMessage',
    },
    "Get-RetentionCompliancePolicy -Identity 'Legal Hold 2019'",
  ),

  // ---------------------------------------------------------------- successes, prompts, progress
  {
    name: 'success--ps51-banner-connected-crlf',
    origin:
      'built: v3 banner (exo-facts §4, Write-Host lines of module 3.x) and a Get-ConnectionInformation list (exo-facts §4 fields), 5.1 console at 200 columns, CRLF',
    text: [
      `PS C:\\Users\\admin> ${CONNECT}; Get-ConnectionInformation`,
      '',
      ...BANNER_V3,
      '',
      '',
      'ConnectionId                    : 5ad2b0c6-4f1e-4d7a-8b3c-9e0f1a2b3c4d',
      'State                           : Connected',
      'Id                              : 1',
      'Name                            : ExchangeOnlineProtection_1',
      'UserPrincipalName               : admin@contoso.onmicrosoft.com',
      'ConnectionUri                   : https://ps.compliance.protection.outlook.com/powershell-liveid/',
      'AzureAdAuthorizationEndpointUri : https://login.microsoftonline.com/organizations',
      'TokenExpiryTimeUTC              : 11/20/2026 10:14:07 AM +00:00',
      'CertificateAuthentication       : False',
      'ModuleName                      : C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_w2kq1a3b.xyz',
      'ModulePrefix                    :',
      'Organization                    : contoso.onmicrosoft.com',
      'DelegatedOrganization           :',
      'AppId                           :',
      'PageSize                        : 1000',
      'TenantID                        : 7b4f1c2d-3e5a-4b6c-8d9e-0f1a2b3c4d5e',
      'TokenStatus                     : Active',
      'ConnectionUsedForInbuiltCmdlets : False',
      'IsEopSession                    : True',
      '',
      '',
      'PS C:\\Users\\admin> ',
    ].join(CRLF),
  },
  {
    name: 'success--ps51-legacy-banner-v1',
    origin:
      'built: the V1 ClickOnce banner as CreateExoPSSession.ps1 writes it (Write-Host lines read from public copies of the script), then a remote-PowerShell import table, CRLF',
    text: [
      'PS C:\\Users\\admin> . "$env:LOCALAPPDATA\\Apps\\2.0\\Q1W2E3R4.T5Y\\A6S7D8F9.G0H\\micr..tion_c3bce3770c238a49_0010.0000_1a2b3c4d5e6f7a8b\\CreateExoPSSession.ps1"',
      '',
      '--------------------------------------------------------------------------',
      'Experience the fast and reliable Exchange PowerShell V2 Cmdlets via new PowerShellGallery module. Go to https://aka.ms/exops-docs',
      '',
      'This PowerShell module allows you to connect to Exchange Online service.',
      'To connect, use: Connect-EXOPSSession -UserPrincipalName <your UPN>',
      'This PowerShell module allows you to connect Exchange Online Protection and Security & Compliance Center services also.',
      'To connect, use: Connect-IPPSSession -UserPrincipalName <your UPN>',
      '',
      'To get additional information, use: Get-Help Connect-EXOPSSession, or Get-Help Connect-IPPSSession',
      '',
      '--------------------------------------------------------------------------',
      '',
      'PS C:\\Users\\admin> Connect-IPPSSession -UserPrincipalName admin@contoso.onmicrosoft.com',
      '',
      'ModuleType Version    Name                                ExportedCommands',
      '---------- -------    ----                                ----------------',
      'Script     1.0        tmp_4qwtjfo2.hx2                    {Add-ComplianceCaseMember, Add-eDiscoveryCaseAdmin, Comp...',
      '',
      '',
      'PS C:\\Users\\admin> ',
    ].join(CRLF),
  },
  {
    name: 'progress--ps51-classic-rows',
    origin:
      'built: Windows PowerShell 5.1 classic progress rows (ProgressNode.RenderFull: " {activity} ", "    {status} ", "    [ooo   ] "), redrawn by moving the cursor up (CSI A); activity and status of exo-facts §4, 120 columns, CRLF',
    text: (() => {
      const activity = ' Creating implicit remoting module . . . ';
      const thermo = 120 - 1 - 3 - 2 - 2 - 5;
      const frame = (commands: number, percent: number): string[] => {
        const mercury = Math.floor((percent * thermo) / 100);
        return [
          activity,
          `    Getting command information from remote session . . . ${commands} commands received `,
          `    [${'o'.repeat(mercury)}${' '.repeat(thermo - mercury)}] `,
        ];
      };
      return [
        `PS C:\\Users\\admin> ${CONNECT} -UseRPSSession`,
        ...frame(120, 10),
        `${ESC}[3A${frame(480, 40)[0]}`,
        ...frame(480, 40).slice(1),
        `${ESC}[3A${frame(480, 40)[0]}`,
        ...frame(480, 40).slice(1),
        `${ESC}[3A${ESC}[2K`,
        `${ESC}[2K`,
        `${ESC}[2K`,
        'PS C:\\Users\\admin> ',
      ].join(CRLF);
    })(),
  },
  {
    name: 'device-code--ps51-wrapped-80',
    origin:
      'built: the MSAL device-code sentence (exo-facts §4) written by Write-Host in a 5.1 console 80 columns wide (broken mid-word), CRLF',
    text: console51(80, 'Connect-ExchangeOnline -Device', [
      'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code K8RZ4TQ2W to authenticate.',
    ]),
  },
  {
    name: 'prompt--ps51-get-credential-supply-values',
    origin:
      'built: 5.1 mandatory-parameter prompting for Get-Credential (console prompting), left open at "User: ", CRLF',
    text: [
      'PS C:\\Users\\admin> Connect-IPPSSession -Credential (Get-Credential)',
      '',
      'cmdlet Get-Credential at command pipeline position 1',
      'Supply values for the following parameters:',
      'Credential',
      'User: ',
    ].join(CRLF),
  },
  {
    name: 'output--no-false-alarms',
    origin:
      'built: ordinary output that mentions errors and failures (a table, Write-Host text, WARNING/VERBOSE/DEBUG lines, a list), LF',
    text: [
      'WARNING: Your connection has been redirected to the following URI: "https://ps.compliance.protection.outlook.com/PowerShell-LiveId?BasicAuthToOAuthConversion=true"',
      'VERBOSE: ConnectionContext Removed',
      'VERBOSE: Error: 0x80004005 seen on the previous attempt; retrying.',
      'DEBUG: failed with the following error message: none',
      'Checking retention policies for errors...',
      '',
      'Name                 Status   Errors LastResult',
      '----                 ------   ------ ----------',
      'Legal Hold 2019      Failed        3 Error: policy sync failed',
      'Finance Retention    Success       0 Access is denied to nothing',
      'Exception Handling   Success       0 UnAuthorized counts: 0',
      '',
      'Mode        : Enforce',
      'Error       : None',
      'At          : 09:14',
      '',
      'Error summary: 0 errors, 0 failed connections.',
      '',
    ].join('\n'),
  },
];
