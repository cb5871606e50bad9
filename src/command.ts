import { clouds } from './clouds.js';
import type { ResolvedOptions, SignIn } from './options.js';
import { quotePowerShell, quotePowerShellArray } from './powershell/quote.js';

/**
 * Pure: resolved options → the PowerShell ippsconnect types. Every parameter is passed by name
 * (position 0 of Connect-IPPSSession is -ConnectionUri: a stray word would become the URI), and every
 * value is either validated by options.ts or quoted here. Secrets never appear as values: they are
 * referenced from the environment PowerShell inherited.
 */

/** A named parameter: a switch, `-Name value`, or `-Name:value` when the value starts with a colon. */
type Parameter = readonly [name: string, value?: string];

function render(cmdlet: string, parameters: readonly Parameter[]): string {
  const parts = parameters.map(([name, value]) => {
    if (value === undefined) return `-${name}`;
    return value.startsWith(':') ? `-${name}${value}` : `-${name} ${value}`;
  });
  return [cmdlet, ...parts].join(' ');
}

function signInParameters(signIn: SignIn): Parameter[] {
  switch (signIn.kind) {
    case 'interactive':
      return [
        ...(signIn.userPrincipalName
          ? [['UserPrincipalName', quotePowerShell(signIn.userPrincipalName)] as const]
          : []),
        ...(signIn.disableWam ? [['DisableWAM'] as const] : []),
      ];
    case 'certificate-thumbprint':
      return [
        ['AppId', quotePowerShell(signIn.appId)],
        ['Organization', quotePowerShell(signIn.organization)],
        ['CertificateThumbprint', quotePowerShell(signIn.thumbprint)],
      ];
    case 'certificate-file':
      return [
        ['AppId', quotePowerShell(signIn.appId)],
        ['Organization', quotePowerShell(signIn.organization)],
        ['CertificateFilePath', quotePowerShell(signIn.path)],
        ...(signIn.passwordEnv
          ? [
              [
                'CertificatePassword',
                `(ConvertTo-SecureString -String $env:${signIn.passwordEnv} -AsPlainText -Force)`,
              ] as const,
            ]
          : []),
      ];
  }
}

function commonParameters(options: ResolvedOptions): Parameter[] {
  return [
    ...(options.delegatedOrganization
      ? [['DelegatedOrganization', quotePowerShell(options.delegatedOrganization)] as const]
      : []),
    ...(options.commandName ? [['CommandName', quotePowerShellArray(options.commandName)] as const] : []),
    ...(options.showBanner === undefined ? [] : [['ShowBanner', `:$${options.showBanner}`] as const]),
  ];
}

/** `Connect-IPPSSession ...` for the options' cloud and sign-in. The commercial cloud passes no endpoints. */
export function connectIppsCommand(options: ResolvedOptions): string {
  const cloud = clouds[options.cloud];
  const connectionUri = options.connectionUri ?? cloud.ippsConnectionUri;
  const authority = options.authority ?? cloud.ippsAuthority;
  const parameters: Parameter[] = [
    ...signInParameters(options.signIn),
    ...(connectionUri ? [['ConnectionUri', quotePowerShell(connectionUri)] as const] : []),
    ...(authority ? [['AzureADAuthorizationEndpointUri', quotePowerShell(authority)] as const] : []),
    ...(options.prefix ? [['Prefix', quotePowerShell(options.prefix)] as const] : []),
    ...(options.enableSearchOnlySession ? [['EnableSearchOnlySession'] as const] : []),
    ...commonParameters(options),
  ];
  return render('Connect-IPPSSession', parameters);
}

/** `Connect-ExchangeOnline ...` for the same sign-in, under the EXO prefix when one is set. */
export function connectExchangeOnlineCommand(options: ResolvedOptions): string {
  const cloud = clouds[options.cloud];
  const parameters: Parameter[] = [
    ...signInParameters(options.signIn),
    ...(cloud.exchangeEnvironmentName === 'O365Default'
      ? []
      : [['ExchangeEnvironmentName', cloud.exchangeEnvironmentName] as const]),
    ...(options.exo?.prefix ? [['Prefix', quotePowerShell(options.exo.prefix)] as const] : []),
    ...commonParameters(options),
  ];
  return render('Connect-ExchangeOnline', parameters);
}

/** Closes every connection of the session, IPPS included; -Confirm:$false because it is ConfirmImpact High. */
export const disconnectCommand = 'Disconnect-ExchangeOnline -Confirm:$false';

/** Imports exactly the module version that was chosen, by its manifest path. */
export function importModuleCommand(manifestPath: string): string {
  return `Import-Module -Name ${quotePowerShell(manifestPath)} -ErrorAction Stop`;
}

/** Fields of Get-ConnectionInformation that the `connected` event reports. */
export const connectionInformationCommand =
  'Get-ConnectionInformation | Select-Object Name, State, UserPrincipalName, ConnectionUri, Organization, ModulePrefix, TenantID, IsEopSession';
