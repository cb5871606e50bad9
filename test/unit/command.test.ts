import { describe, expect, it } from 'vitest';
import { cloudNames } from '../../src/clouds.js';
import { connectExchangeOnlineCommand, connectIppsCommand } from '../../src/command.js';
import { resolveOptions } from '../../src/options.js';

const attended = { platform: 'posix', interactiveTerminal: true } as const;
const resolve = (input: object, context: Parameters<typeof resolveOptions>[1] = attended) =>
  resolveOptions(input, context);

describe('connectIppsCommand', () => {
  it('passes no endpoints for the commercial cloud, and names every parameter', () => {
    expect(connectIppsCommand(resolve({ userPrincipalName: 'chris@contoso.com' }))).toBe(
      "Connect-IPPSSession -UserPrincipalName 'chris@contoso.com'",
    );
  });

  it.each([
    [
      'gcchigh',
      'https://ps.compliance.protection.office365.us/powershell-liveid/',
      'https://login.microsoftonline.us/organizations',
    ],
    [
      'dod',
      'https://l5.ps.compliance.protection.office365.us/powershell-liveid/',
      'https://login.microsoftonline.us/organizations',
    ],
    [
      'china',
      'https://ps.compliance.protection.partner.outlook.cn/powershell-liveid',
      'https://login.chinacloudapi.cn/organizations',
    ],
    [
      'germany',
      'https://ps.compliance.protection.outlook.de/PowerShell-LiveID',
      'https://login.microsoftonline.de/common',
    ],
  ])('uses the %s endpoints', (cloud, uri, authority) => {
    expect(connectIppsCommand(resolve({ cloud, userPrincipalName: 'a@b.us' }))).toBe(
      `Connect-IPPSSession -UserPrincipalName 'a@b.us' -ConnectionUri '${uri}' -AzureADAuthorizationEndpointUri '${authority}'`,
    );
  });

  it('lets --connection-uri and --authority override the cloud', () => {
    const command = connectIppsCommand(
      resolve({ cloud: 'gcchigh', connectionUri: 'https://compliance.dod.microsoft.com/powershell-liveid' }),
    );
    expect(command).toContain("-ConnectionUri 'https://compliance.dod.microsoft.com/powershell-liveid'");
    expect(command).toContain("-AzureADAuthorizationEndpointUri 'https://login.microsoftonline.us/organizations'");
  });

  it('builds certificate-file sign-in with the password referenced from the environment', () => {
    const command = connectIppsCommand(
      resolve({
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        organization: 'contoso.onmicrosoft.com',
        certificatePath: "/certs/o'brien.pfx",
        certificatePasswordEnv: 'PFX_PASSWORD',
      }),
    );
    expect(command).toBe(
      "Connect-IPPSSession -AppId '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f' -Organization 'contoso.onmicrosoft.com' " +
        "-CertificateFilePath '/certs/o''brien.pfx' " +
        '-CertificatePassword (ConvertTo-SecureString -String $env:PFX_PASSWORD -AsPlainText -Force)',
    );
  });

  it('passes switches, prefix, command names and banner choice', () => {
    const command = connectIppsCommand(
      resolve({
        userPrincipalName: 'chris@contoso.com',
        disableWam: true,
        prefix: 'Cc',
        enableSearchOnlySession: true,
        commandName: ['Get-RetentionCompliancePolicy', '*-ComplianceSearch*'],
        showBanner: false,
        delegatedOrganization: 'fabrikam.onmicrosoft.com',
      }),
    );
    expect(command).toBe(
      "Connect-IPPSSession -UserPrincipalName 'chris@contoso.com' -DisableWAM -Prefix 'Cc' -EnableSearchOnlySession " +
        "-DelegatedOrganization 'fabrikam.onmicrosoft.com' -CommandName @('Get-RetentionCompliancePolicy','*-ComplianceSearch*') -ShowBanner:$false",
    );
  });
});

describe('connectExchangeOnlineCommand', () => {
  it.each(cloudNames)('names the Exchange environment of %s only when it is not the default', (cloud) => {
    const command = connectExchangeOnlineCommand(resolve({ cloud, userPrincipalName: 'a@b.com', exoPrefix: 'Ex' }));
    if (cloud === 'commercial' || cloud === 'gcc') expect(command).not.toContain('ExchangeEnvironmentName');
    else expect(command).toMatch(/-ExchangeEnvironmentName O365\w+ /);
    expect(command).toMatch(/-Prefix 'Ex'$/);
  });
});

describe('the module 3.0.x thumbprint bug in Windows PowerShell 5.1', () => {
  const windows = { platform: 'windows', interactiveTerminal: false } as const;
  const thumbprintSignIn = resolveOptions(
    {
      appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
      organization: 'contoso.onmicrosoft.com',
      certificateThumbprint: 'AB'.repeat(20),
    },
    windows,
  );

  it('sets $Global:IsWindows first for 3.0.x on Desktop', () => {
    const command = connectIppsCommand(thumbprintSignIn, { version: '3.0.0', powershellEdition: 'Desktop' });
    expect(command).toMatch(/^\$Global:IsWindows = \$true; Connect-IPPSSession -AppId /);
  });

  it.each([
    ['3.1.0', 'Desktop'],
    ['3.0.0', 'Core'],
    ['2.0.6', 'Desktop'],
  ])('leaves it out for %s on %s', (version, powershellEdition) => {
    expect(connectIppsCommand(thumbprintSignIn, { version, powershellEdition })).toMatch(/^Connect-IPPSSession /);
  });
});
