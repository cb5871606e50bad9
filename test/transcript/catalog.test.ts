import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyError, errorCatalog } from '../../src/transcript/catalog.js';
import { type ErrorCode, errorCodes } from '../../src/transcript/events.js';
import { repoRoot } from '../helpers/pwsh.js';

// exo-facts §5: for each code, texts that must be recognised (verbatim where the spec quotes them).
const examples: Record<Exclude<ErrorCode, 'TIMEOUT' | 'UNKNOWN'>, string[]> = {
  MODULE_NOT_FOUND: [
    "The term 'Connect-IPPSSession' is not recognized as the name of a cmdlet, function, script file, or operable program.",
    "The term 'Connect-IPPSSession' is not recognized as a name of a cmdlet, function, script file, or executable program.",
    "Import-Module : The specified module 'ExchangeOnlineManagement' was not loaded because no valid module file was found in any module directory.",
  ],
  PARAMETER_NOT_SUPPORTED: ["A parameter cannot be found that matches parameter name 'CertificateThumbprint'."],
  INVALID_PREFIX: [
    "Prefix 'EXO' is a reserved Prefix, please use a different prefix.",
    'Use of any special characters in the Prefix string is not supported.',
  ],
  WINRM_BASIC_AUTH_DISABLED: [
    'The WinRM client cannot process the request. Basic authentication is currently disabled in the client configuration.',
    'Create Powershell Session is failed using OAuth',
  ],
  CONNECTION_LIMIT: [
    'Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3',
  ],
  SHELL_NOT_FOUND: [
    'The request for the Windows Remote Shell with ShellId 6A2A2E0B-1F3C-4E8F-9B7D-0C2D5E4F1A3B failed because the shell was not found on the server.',
  ],
  ACCESS_DENIED: [
    'Connecting to remote server ps.compliance.protection.outlook.com failed with the following error message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.',
    'Connecting to remote server outlook.office365.com failed with the following error message: Access is denied.',
  ],
  REMOTE_POWERSHELL_DISABLED: [
    'Connecting to remote server outlook.office365.com failed with the following error message: Bad Request',
    'Connecting to remote server outlook.office365.com failed with the following error message : Bad Request For more information, see the about_Remote_Troubleshooting Help topic.',
  ],
  RPS_UNAVAILABLE: [
    'Connecting to remote server outlook.office365.com failed with the following error message :  For more information, see the about_Remote_Troubleshooting Help topic.',
  ],
  MFA_REQUIRED: [
    'AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access',
    'AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you are required to enroll in multi-factor authentication.',
    'AADSTS50158: External security challenge not satisfied.',
    'Sign-in failed: you must use multi-factor authentication to access this resource.',
  ],
  INVALID_CREDENTIALS: ['AADSTS50126: Error validating credentials due to invalid username or password.'],
  USER_NOT_FOUND: [
    'AADSTS50034: The user account {EUII Hidden} does not exist in the contoso.onmicrosoft.com directory.',
  ],
  CONDITIONAL_ACCESS_BLOCKED: ['AADSTS53003: Access has been blocked by Conditional Access policies.'],
  CONSENT_REQUIRED: ['AADSTS65001: The user or administrator has not consented to use the application'],
  APP_NOT_FOUND: ["AADSTS700016: Application with identifier '5b1e7c4a' was not found in the directory 'Contoso'."],
  INVALID_CLIENT_SECRET: ['AADSTS7000215: Invalid client secret provided.'],
  CERTIFICATE_REJECTED: ['AADSTS700027: Client assertion failed signature validation.'],
  CERTIFICATE_UNUSABLE: [
    'Could not use the certificate for signing. See inner exception for details.',
    'System.Security.Cryptography.CryptographicException: Keyset does not exist',
  ],
  ROLE_NOT_SUPPORTED: [
    "The role assigned to application 5b1e7c4a-2f3d-4e6a-9b8c-1d2e3f4a5b6c isn't supported in this scenario.",
  ],
  UNAUTHORIZED: ['UnAuthorized', 'UnAuthorized\nUnAuthorized'],
  INVALID_ACCESS_TOKEN: ["Unexpected character encountered while parsing value: e. Path '', line 0, position 0."],
  WAM_WINDOW_HANDLE: ['A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles'],
  WAM_NO_USER_SESSION: ['Unknown Status: Unexpected Error: 0xffffffff80070520 Context: (pii)'],
  WAM_BROKER_ERROR: ['MSAL.CoreCLR.4.65.0.0.MsalServiceException: ErrorCode: unknown_broker_error'],
  TLS_ERROR: ['An error occurred while sending the request.'],
  MODULE_BUILD_FAILED: ['Module could not be correctly formed. Please run Connect-ExchangeOnline again.'],
  ASSEMBLY_CONFLICT: [
    "Method not found: 'Microsoft.Identity.Client.BaseAbstractApplicationBuilder`1<!0> Microsoft.Identity.Client.BaseAbstractApplicationBuilder`1.WithLogging(Microsoft.IdentityModel.Abstractions.IIdentityLogger, Boolean)'.",
    "Could not load file or assembly 'Microsoft.Identity.Client, Version=4.61.3.0, Culture=neutral, PublicKeyToken=0a613f4dd989e8ae'.",
  ],
  MANAGED_IDENTITY_UNAVAILABLE: ['Failed to acquire managed identity token. No managed identity endpoint was found.'],
  INVALID_CONNECTION_URI: ["Invalid ConnectionUri parameter 'cmdlet'"],
  EXECUTION_POLICY: [
    'File C:\\Jobs\\job.ps1 cannot be loaded because running scripts is disabled on this system.',
    'File C:\\Jobs\\job.ps1 cannot be loaded. The file C:\\Jobs\\job.ps1 is not digitally signed. You cannot run this script on the current system.',
  ],
  SEARCH_ONLY_SESSION_REQUIRED: [
    'Please close the current PowerShell session and open a new session using Connect-IPPSSession with the -EnableSearchOnlySession flag.',
  ],
  PROMPT_IN_UNATTENDED: ['PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.'],
};

// exo-facts §5 "retry?" column.
const retryable: ErrorCode[] = [
  'CONNECTION_LIMIT',
  'SHELL_NOT_FOUND',
  'WAM_BROKER_ERROR',
  'MODULE_BUILD_FAILED',
  'TIMEOUT',
];

describe('errorCatalog', () => {
  it('has exactly one entry per error code, in an order that ends with TIMEOUT and UNKNOWN', () => {
    expect([...errorCatalog.map((entry) => entry.code)].sort()).toEqual([...errorCodes].sort());
    expect(errorCatalog.slice(-2).map((entry) => entry.code)).toEqual(['TIMEOUT', 'UNKNOWN']);
  });

  it('marks exactly the codes exo-facts calls retryable', () => {
    expect(errorCatalog.filter((entry) => entry.retryable).map((entry) => entry.code)).toEqual(
      expect.arrayContaining(retryable),
    );
    expect(errorCatalog.filter((entry) => entry.retryable)).toHaveLength(retryable.length);
  });

  it('gives every code a fix, and patterns to every code the parser can produce', () => {
    for (const entry of errorCatalog) {
      expect(entry.fix.length, entry.code).toBeGreaterThan(10);
      if (entry.code === 'TIMEOUT' || entry.code === 'UNKNOWN') expect(entry.patterns).toEqual([]);
      else expect(entry.patterns.length, entry.code).toBeGreaterThan(0);
    }
  });

  it('names the PowerShell output behind every pattern in a comment', () => {
    // Each entry's source text, from `code:` to the next entry, must carry a `//` comment.
    const source = readFileSync(join(repoRoot, 'src', 'transcript', 'catalog.ts'), 'utf8');
    const entries = source.split(/\n {4}code: /).slice(1);
    expect(entries).toHaveLength(errorCatalog.length);
    for (const text of entries) expect(text, text.slice(0, 40)).toMatch(/\/\/ \S/);
  });
});

describe('classifyError', () => {
  it.each(Object.entries(examples).flatMap(([code, texts]) => texts.map((text) => [code, text] as const)))(
    '%s ← %s',
    (code, text) => {
      const result = classifyError(text);
      expect(result.code).toBe(code);
      expect(result.matched).toBeDefined();
      expect(text).toContain(result.matched!.split('\n')[0]);
      const entry = errorCatalog.find((e) => e.code === code)!;
      expect(result).toMatchObject({ fix: entry.fix, retryable: entry.retryable });
    },
  );

  it('puts MFA AADSTS codes before the generic WinRM "Access is denied"', () => {
    const text =
      'Connecting to remote server outlook.office365.com failed with the following error message : AADSTS50076: you must use multi-factor authentication. Access is denied.';
    expect(classifyError(text).code).toBe('MFA_REQUIRED');
  });

  it('reads the OAuth rethrow as WinRM Basic being disabled, not as UNKNOWN', () => {
    expect(classifyError('Create Powershell Session is failed using OAuth').code).toBe('WINRM_BASIC_AUTH_DISABLED');
  });

  it('recognises the NonInteractive refusal inside another message', () => {
    expect(
      classifyError(
        'Exception calling "ShouldProcess" with "3" argument(s): "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."',
      ).code,
    ).toBe('PROMPT_IN_UNATTENDED');
  });

  it('does not call a connection-limit message with a remote-troubleshooting tail RPS_UNAVAILABLE', () => {
    expect(
      classifyError(
        'Processing data from remote server x failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. For more information, see the about_Remote_Troubleshooting Help topic.',
      ).code,
    ).toBe('CONNECTION_LIMIT');
  });

  it('only calls MODULE_NOT_FOUND for the module’s own commands', () => {
    expect(classifyError("The term 'Get-Lable' is not recognized as a name of a cmdlet").code).toBe('UNKNOWN');
  });

  it('does not read UnAuthorized inside a sentence as UNAUTHORIZED', () => {
    expect(classifyError('The caller is UnAuthorized to read this mailbox.').code).toBe('UNKNOWN');
  });

  it('returns UNKNOWN with its fix for anything else, and never TIMEOUT', () => {
    const unknown = errorCatalog.find((e) => e.code === 'UNKNOWN')!;
    expect(classifyError('Something nobody has seen before')).toEqual({
      code: 'UNKNOWN',
      fix: unknown.fix,
      retryable: false,
    });
    expect(classifyError('timed out after 300 seconds').code).not.toBe('TIMEOUT');
  });
});
