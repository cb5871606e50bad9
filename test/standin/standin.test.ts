// Tests of the stand-in ExchangeOnlineManagement module (test equipment, fixtures/modules): real pwsh runs it
// the way ippsconnect will, and every check looks at what PowerShell printed, returned or recorded.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';

const bannerFirst =
  "This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Client-Server communication.";
const bannerLast = 'For more information check https://aka.ms/exov3-module';
const connectionLimitText =
  'Processing data from remote server ps.compliance.protection.outlook.com failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help topic.';
const nonInteractiveText = 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.';
const appId = '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f';

/** Per error code, the text exo-facts §5 says it is recognised by (ippsconnect's parser keys on these). */
const errorFragments: Record<string, string> = {
  MODULE_BUILD_FAILED: 'Module could not be correctly formed. Please run Connect-ExchangeOnline again.',
  CONNECTION_LIMIT: 'Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3',
  WINRM_BASIC_AUTH_DISABLED:
    'The WinRM client cannot process the request. Basic authentication is currently disabled in the client configuration.',
  SHELL_NOT_FOUND: 'failed because the shell was not found on the server.',
  ACCESS_DENIED: 'failed with the following error message: Access is denied.',
  REMOTE_POWERSHELL_DISABLED: 'failed with the following error message: Bad Request',
  RPS_UNAVAILABLE:
    'failed with the following error message :  For more information, see the about_Remote_Troubleshooting Help topic.',
  MFA_REQUIRED: 'you must use multi-factor authentication',
  INVALID_CREDENTIALS: 'AADSTS50126',
  USER_NOT_FOUND: 'AADSTS50034',
  CONDITIONAL_ACCESS_BLOCKED: 'AADSTS53003',
  CONSENT_REQUIRED: 'AADSTS65001',
  APP_NOT_FOUND: 'AADSTS700016',
  INVALID_CLIENT_SECRET: 'AADSTS7000215',
  CERTIFICATE_REJECTED: 'AADSTS700027',
  CERTIFICATE_UNUSABLE: 'Could not use the certificate for signing.',
  ROLE_NOT_SUPPORTED: `The role assigned to application ${appId} isn't supported in this scenario.`,
  UNAUTHORIZED: 'UnAuthorized',
  INVALID_ACCESS_TOKEN: 'Unexpected character encountered while parsing value',
  WAM_WINDOW_HANDLE: 'A window handle must be configured. See https://aka.ms/msal-net-wam#parent-window-handles',
  WAM_NO_USER_SESSION: 'Error: 0xffffffff80070520',
  WAM_BROKER_ERROR: 'ErrorCode: unknown_broker_error',
  TLS_ERROR: 'An error occurred while sending the request.',
  ASSEMBLY_CONFLICT: "Method not found: 'Microsoft.Identity.Client",
  MANAGED_IDENTITY_UNAVAILABLE: 'Failed to acquire managed identity token',
  SEARCH_ONLY_SESSION_REQUIRED: 'open a new session using Connect-IPPSSession with the -EnableSearchOnlySession flag.',
};

interface RecordedCall {
  cmdlet: string;
  moduleVersion: string;
  parameters: Record<string, unknown>;
  pid: number;
  time: string;
}

const worlds: string[] = [];
afterAll(() => {
  for (const dir of worlds) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder per test for the record file and the shared state. */
function newWorld() {
  const dir = mkdtempSync(join(tmpdir(), 'ipps-standin-test-'));
  worlds.push(dir);
  const record = join(dir, 'record.jsonl');
  const state = join(dir, 'state');
  return {
    record,
    state,
    env: { IPPSCONNECT_STANDIN_RECORD: record, IPPSCONNECT_STANDIN_STATE: state },
    calls(): RecordedCall[] {
      return readFileSync(record, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as RecordedCall);
    },
  };
}

/** The stand-in first on PSModulePath; scenario success unless a test says otherwise. */
function standInEnv(): Record<string, string> {
  return {
    PSModulePath: [standInModulesDir, process.env.PSModulePath].filter(Boolean).join(delimiter),
    IPPSCONNECT_STANDIN_SCENARIO: 'success',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one -NonInteractive pwsh with the stand-in first on PSModulePath; output without colours. */
async function pwsh(script: string, env: Record<string, string> = {}) {
  const result = await execa(testPwsh!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
    env: { ...standInEnv(), ...env },
    reject: false,
  });
  return {
    exitCode: result.exitCode,
    stdout: stripVTControlCharacters(result.stdout),
    stderr: stripVTControlCharacters(result.stderr),
  };
}

/** PowerShell wraps error messages at the console width behind "| " gutters; join them back into one line. */
function unwrap(text: string): string {
  return text.replace(/\s*\n\s*\|\s?/g, ' ').replace(/\s*\n\s*/g, ' ');
}

/** The scripts end by printing one JSON object (ConvertTo-Json -Compress) as their last line. */
function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

describe.skipIf(skipWithoutPwsh)('stand-in ExchangeOnlineManagement module (real pwsh)', () => {
  it('is found as versions 3.9.2, 3.7.1, 3.2.0 and 3.0.0, and 3.0.0 lacks the later parameters', async () => {
    const result = await pwsh(`
      $versions = @(Get-Module -ListAvailable ExchangeOnlineManagement | ForEach-Object { $_.Version.ToString() })
      Import-Module ExchangeOnlineManagement -RequiredVersion 3.0.0
      $parameters = @((Get-Command Connect-IPPSSession).Parameters.Keys)
      [ordered]@{ versions = $versions; loaded = (Get-Module ExchangeOnlineManagement).Version.ToString(); parameters = $parameters } | ConvertTo-Json -Compress
      Connect-IPPSSession -AccessToken 'eyJ0eXAiOiJKV1QifQ.e30.sig'
    `);
    const facts = lastJson<{ versions: string[]; loaded: string; parameters: string[] }>(result.stdout);
    expect(facts.versions).toEqual(expect.arrayContaining(['3.9.2', '3.7.1', '3.2.0', '3.0.0']));
    expect(facts.loaded).toBe('3.0.0');
    // CertificateThumbprint is dynamic and exists only on Windows (exo-real-interface §1.2): not on Linux.
    expect(facts.parameters).toEqual(expect.arrayContaining(['ConnectionUri', 'Organization']));
    if (process.platform !== 'win32') expect(facts.parameters).not.toContain('CertificateThumbprint');
    for (const later of ['AccessToken', 'EnableSearchOnlySession', 'DisableWAM', 'EXOModuleBasePath', 'ShowBanner']) {
      expect(facts.parameters).not.toContain(later);
    }
    expect(result.stderr).toContain("A parameter cannot be found that matches parameter name 'AccessToken'.");
    expect(result.exitCode).not.toBe(0);
  });

  it('connects: records exact parameters with secrets masked, reports the connection, imports prefixed cmdlets, disconnects', async () => {
    const world = newWorld();
    const result = await pwsh(
      `
      $password = ConvertTo-SecureString 'Sup3r-Secret!' -AsPlainText -Force
      $credential = [pscredential]::new('alice@contoso.onmicrosoft.com', $password)
      Connect-IPPSSession -UserPrincipalName 'admin@contoso.onmicrosoft.com' -ShowBanner:$false -CommandName Get-RetentionCompliancePolicy, Get-ComplianceSearch
      $ipps = @(Get-ConnectionInformation)
      $policies = @(Get-RetentionCompliancePolicy | ForEach-Object { $_.Name })
      Connect-ExchangeOnline -Prefix Ex -Credential $credential -AccessToken 'eyJ0eXAi.not-for-the-record' -CertificatePassword $password -ShowBanner:$false
      $mailboxes = @(Get-ExMailbox | ForEach-Object { $_.PrimarySmtpAddress })
      $both = @(Get-ConnectionInformation | ForEach-Object { $_.Name })
      $files = @(Get-ChildItem -LiteralPath $env:IPPSCONNECT_STANDIN_STATE -Filter 'connection-*' | ForEach-Object { $_.Name })
      Disconnect-ExchangeOnline -Confirm:$false
      [ordered]@{
        ipps = $ipps; policies = $policies; mailboxes = $mailboxes; both = $both; files = $files
        after = @(Get-ConnectionInformation).Count
        tmpModules = @(Get-Module -Name 'tmpEXO_*').Count
        maxConcurrent = [int](Get-Content -LiteralPath (Join-Path $env:IPPSCONNECT_STANDIN_STATE 'max-concurrent'))
      } | ConvertTo-Json -Depth 4 -Compress
    `,
      world.env,
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const facts = lastJson<{
      ipps: Record<string, unknown>[];
      policies: string[];
      mailboxes: string[];
      both: string[];
      files: string[];
      after: number;
      tmpModules: number;
      maxConcurrent: number;
    }>(result.stdout);
    expect(facts.ipps).toHaveLength(1);
    expect(facts.ipps[0]).toMatchObject({
      State: 'Connected',
      Id: 1,
      Name: 'ExchangeOnlineProtection_1',
      UserPrincipalName: 'admin@contoso.onmicrosoft.com',
      ConnectionUri: 'https://ps.compliance.protection.outlook.com/PowerShell-LiveId', // IPPS's default (exo-real-interface §1.2), forwarded,
      AzureAdAuthorizationEndpointUri: 'https://login.microsoftonline.com/organizations',
      CertificateAuthentication: false,
      ModulePrefix: '',
      PageSize: 1000,
      TokenStatus: 'Active',
      ConnectionUsedForInbuiltCmdlets: false,
      IsEopSession: true,
    });
    expect(facts.ipps[0]!.ConnectionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(facts.ipps[0]!.ModuleName).toMatch(/tmpEXO_[a-z0-9]{8}\.[a-z0-9]{3}$/);
    for (const field of ['TokenExpiryTimeUTC', 'Organization', 'DelegatedOrganization', 'AppId', 'TenantID']) {
      expect(facts.ipps[0]).toHaveProperty(field);
    }
    expect(facts.policies).toHaveLength(2);
    expect(facts.mailboxes).toContain('AdeleV@contoso.onmicrosoft.com');
    expect(facts.both).toEqual(['ExchangeOnlineProtection_1', 'ExchangeOnline_2']);
    expect(facts.files).toHaveLength(2);
    expect(facts).toMatchObject({ after: 0, tmpModules: 0, maxConcurrent: 2 });

    const calls = world.calls();
    expect(calls.map((call) => call.cmdlet)).toEqual([
      'Connect-IPPSSession',
      'Get-ConnectionInformation',
      'Get-RetentionCompliancePolicy',
      'Connect-ExchangeOnline',
      'Get-ExMailbox',
      'Get-ConnectionInformation',
      'Disconnect-ExchangeOnline',
      'Get-ConnectionInformation',
    ]);
    expect(calls[0]).toMatchObject({ moduleVersion: '3.9.2', pid: expect.any(Number), time: expect.any(String) });
    expect(calls[0]!.parameters).toEqual({
      UserPrincipalName: 'admin@contoso.onmicrosoft.com',
      ShowBanner: false,
      CommandName: ['Get-RetentionCompliancePolicy', 'Get-ComplianceSearch'],
    });
    expect(calls[3]!.parameters).toEqual({
      Prefix: 'Ex',
      Credential: { UserName: 'alice@contoso.onmicrosoft.com', Password: '***' },
      AccessToken: '***',
      CertificatePassword: '***',
      ShowBanner: false,
    });
    expect(calls[6]!.parameters).toEqual({ Confirm: false });
    const recordText = readFileSync(world.record, 'utf8');
    expect(recordText).not.toContain('Sup3r-Secret!');
    expect(recordText).not.toContain('not-for-the-record');
  });

  it('refuses a stray positional word and an unconfirmed Disconnect; prompt and flood scenarios', async () => {
    // The stand-in reads IPPSCONNECT_STANDIN_SCENARIO at each call, so one process can try several scenarios.
    const result = await pwsh(`
      $trap = try { Connect-IPPSSession cmdlet; 'connected' } catch { $_.Exception.Message }
      Connect-IPPSSession -ShowBanner:$false
      $confirm = try { Disconnect-ExchangeOnline; 'disconnected' } catch { $_.Exception.Message }
      $env:IPPSCONNECT_STANDIN_SCENARIO = 'prompt'
      $prompt = try { Connect-IPPSSession -ShowBanner:$false; 'connected' } catch { '{0}: {1}' -f $_.CategoryInfo.Reason, $_.Exception.Message }
      $env:IPPSCONNECT_STANDIN_SCENARIO = 'flood:0.5'
      Connect-IPPSSession -ShowBanner:$false
      [ordered]@{ trap = $trap; confirm = $confirm; prompt = $prompt; connections = @(Get-ConnectionInformation).Count } | ConvertTo-Json -Compress
    `);
    expect(result.stderr).toBe('');
    const facts = lastJson<{ trap: string; confirm: string; prompt: string; connections: number }>(result.stdout);
    expect(facts.trap).toBe("Invalid ConnectionUri parameter 'cmdlet'");
    expect(facts.confirm).toContain(nonInteractiveText);
    // Re-thrown by Connect-ExchangeOnline's catch as the bare exception (exo-real-interface §2.2).
    expect(facts.prompt).toBe(`PSInvalidOperationException: ${nonInteractiveText}`);
    expect(facts.connections).toBe(2);
    expect(result.stdout).toMatch(/^stand-in flood line 000000001 /);
    expect(result.stdout.length).toBeGreaterThanOrEqual(512 * 1024);
  });

  it('prints the banner (sign-in succeeded), then the verbatim connection-limit error re-thrown bare, and exits non-zero', async () => {
    const result = await pwsh('Connect-IPPSSession -UserPrincipalName admin@contoso.onmicrosoft.com', {
      IPPSCONNECT_STANDIN_SCENARIO: 'error:CONNECTION_LIMIT',
    });
    expect(result.stdout).toContain(bannerFirst);
    expect(result.stdout).toContain(bannerLast);
    expect(unwrap(result.stderr)).toContain(connectionLimitText);
    // §2.2: the catch re-throws the exception: "OperationStopped: (:) [], PSRemotingTransportException" in 5.1 terms.
    expect(result.stderr).not.toContain('New-ExoPSSession');
    expect(result.exitCode).not.toBe(0);
  });

  it('raises every error:<CODE> with the text exo-facts §5 recognises it by', async () => {
    const result = await pwsh(`
      Import-Module ExchangeOnlineManagement
      $codes = & (Get-Module ExchangeOnlineManagement) { Get-StandInErrorCodes }
      $messages = [ordered]@{}
      foreach ($code in $codes) {
        $env:IPPSCONNECT_STANDIN_SCENARIO = "error:$code"
        $Error.Clear()
        try {
          Connect-IPPSSession -ShowBanner:$false -AppId '${appId}' -Organization 'contoso.onmicrosoft.com' -EnableSearchOnlySession
          Get-ComplianceSearch | Out-Null
        } catch { }
        $messages[$code] = @($Error | ForEach-Object { $_.Exception.Message }) -join ' || '
      }
      $messages | ConvertTo-Json -Compress
    `);
    const messages = lastJson<Record<string, string>>(result.stdout);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(errorFragments).sort());
    for (const [code, fragment] of Object.entries(errorFragments)) {
      expect(messages[code], code).toContain(fragment);
    }
    expect(result.stdout).toContain('Error Acquiring Token:');
    expect(result.stdout).toContain('Returning the provided AccessToken');
  });

  it('error:<CODE>:1 fails the first attempt and lets the next process connect', async () => {
    const world = newWorld();
    const env = { ...world.env, IPPSCONNECT_STANDIN_SCENARIO: 'error:MFA_REQUIRED:1' };
    const script = 'Connect-IPPSSession -ShowBanner:$false; (Get-ConnectionInformation).State';
    const first = await pwsh(script, env);
    expect(unwrap(first.stderr)).toContain(
      'AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access',
    );
    expect(first.exitCode).not.toBe(0);
    const second = await pwsh(script, env);
    expect(second.stderr).toBe('');
    expect(second.stdout.trim()).toBe('Connected');
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(world.state, 'attempts-MFA_REQUIRED'), 'utf8').trim()).toBe('2');
  });

  it('counts live connections of other processes against IPPSCONNECT_STANDIN_LIMIT, ignoring exited ones', async () => {
    const world = newWorld();
    const child = execa(process.execPath, ['-e', '']);
    const exitedPid = child.pid;
    await child;
    // Connections "of another process": this test runner (alive, twice) and a process that has exited.
    mkdirSync(world.state, { recursive: true });
    for (const name of [`connection-${process.pid}-1`, `connection-${process.pid}-2`, `connection-${exitedPid}-1`]) {
      writeFileSync(join(world.state, name), '{}');
    }
    const result = await pwsh(
      `
      $first = try { Connect-IPPSSession -ShowBanner:$false; 'connected' } catch { $_.Exception.Message }
      Remove-Item -LiteralPath (Join-Path $env:IPPSCONNECT_STANDIN_STATE 'connection-${process.pid}-2')
      $second = try { Connect-IPPSSession -ShowBanner:$false; 'connected' } catch { $_.Exception.Message }
      [ordered]@{ first = $first; second = $second; connections = @(Get-ConnectionInformation).Count } | ConvertTo-Json -Compress
    `,
      { ...world.env, IPPSCONNECT_STANDIN_LIMIT: '2' },
    );
    const facts = lastJson<{ first: string; second: string; connections: number }>(result.stdout);
    expect(facts.first).toContain(
      'Fail to create a runspace because you have exceeded the maximum number of connections allowed : 2.',
    );
    expect(facts.second).toBe('connected');
    expect(facts.connections).toBe(1);
    // One remaining live connection of "another process" plus this one; the exited process's file never counted.
    expect(readFileSync(join(world.state, 'max-concurrent'), 'utf8').trim()).toBe('2');
  });

  it('hang: connect is called, then never returns and prints nothing', async () => {
    const world = newWorld();
    const controller = new AbortController();
    const run = execa(testPwsh!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', 'Connect-IPPSSession'], {
      env: { ...standInEnv(), ...world.env, IPPSCONNECT_STANDIN_SCENARIO: 'hang' },
      cancelSignal: controller.signal,
      reject: false,
    });
    const called = () => existsSync(world.record) && readFileSync(world.record, 'utf8').includes('Connect-IPPSSession');
    for (const until = Date.now() + 20_000; !called() && Date.now() < until; ) await sleep(50);
    expect(called()).toBe(true);
    await sleep(1_000);
    controller.abort();
    const result = await run;
    expect(result.isCanceled).toBe(true);
    expect(stripVTControlCharacters(result.stdout)).toBe('');
  });
});
