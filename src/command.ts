import { clouds } from './clouds.js';
import { compareVersions } from './module/versions.js';
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

/**
 * The environment variables of the PowerShell process that carry access tokens: IPPS and Exchange Online
 * need tokens for different audiences. Set before PowerShell starts, removed right after connecting.
 */
export const accessTokenVariables = { ipps: 'IPPSCONNECT_ACCESS_TOKEN', exo: 'IPPSCONNECT_EXO_ACCESS_TOKEN' } as const;

function signInParameters(signIn: SignIn, service: keyof typeof accessTokenVariables): Parameter[] {
  switch (signIn.kind) {
    case 'access-token':
      return [
        ['AccessToken', `$env:${accessTokenVariables[service]}`],
        ['Organization', quotePowerShell(signIn.organization)],
        ...(signIn.source.kind === 'device-code' && signIn.source.userPrincipalName
          ? [['UserPrincipalName', quotePowerShell(signIn.source.userPrincipalName)] as const]
          : []),
      ];
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

/** Parameters both connects take; each gets its own -CommandName list (IPPS and EXO cmdlets differ). */
function commonParameters(options: ResolvedOptions, commandName: readonly string[] | undefined): Parameter[] {
  return [
    ...(options.delegatedOrganization
      ? [['DelegatedOrganization', quotePowerShell(options.delegatedOrganization)] as const]
      : []),
    ...(commandName ? [['CommandName', quotePowerShellArray(commandName)] as const] : []),
    ...(options.showBanner === undefined ? [] : [['ShowBanner', `:$${options.showBanner}`] as const]),
  ];
}

/** The module version and PowerShell edition a command is built for, once the module is chosen. */
export interface ModuleContext {
  version: string;
  powershellEdition: string;
}

/**
 * Module 3.0.x in Windows PowerShell 5.1 ignores -CertificateThumbprint unless `$Global:IsWindows` is set
 * first (5.1 has no such variable; fixed in 3.1.0, exo-facts §1).
 */
function needsIsWindowsWorkaround(options: ResolvedOptions, module: ModuleContext | undefined): boolean {
  return (
    options.signIn.kind === 'certificate-thumbprint' &&
    module?.powershellEdition === 'Desktop' &&
    compareVersions(module.version, '3.0.0') >= 0 &&
    compareVersions(module.version, '3.1.0') < 0
  );
}

/** `Connect-IPPSSession ...` for the options' cloud and sign-in. The commercial cloud passes no endpoints. */
export function connectIppsCommand(options: ResolvedOptions, module?: ModuleContext): string {
  const cloud = clouds[options.cloud];
  const connectionUri = options.connectionUri ?? cloud.ippsConnectionUri;
  const authority = options.authority ?? cloud.ippsAuthority;
  const parameters: Parameter[] = [
    ...signInParameters(options.signIn, 'ipps'),
    ...(connectionUri ? [['ConnectionUri', quotePowerShell(connectionUri)] as const] : []),
    ...(authority ? [['AzureADAuthorizationEndpointUri', quotePowerShell(authority)] as const] : []),
    ...(options.prefix ? [['Prefix', quotePowerShell(options.prefix)] as const] : []),
    ...(options.enableSearchOnlySession ? [['EnableSearchOnlySession'] as const] : []),
    ...commonParameters(options, options.commandName),
  ];
  const command = render('Connect-IPPSSession', parameters);
  return needsIsWindowsWorkaround(options, module) ? `$Global:IsWindows = $true; ${command}` : command;
}

/** `Connect-ExchangeOnline ...` for the same sign-in, under the EXO prefix when one is set. */
export function connectExchangeOnlineCommand(options: ResolvedOptions, module?: ModuleContext): string {
  const cloud = clouds[options.cloud];
  const parameters: Parameter[] = [
    ...signInParameters(options.signIn, 'exo'),
    ...(cloud.exchangeEnvironmentName === 'O365Default'
      ? []
      : [['ExchangeEnvironmentName', cloud.exchangeEnvironmentName] as const]),
    ...(options.exo?.prefix ? [['Prefix', quotePowerShell(options.exo.prefix)] as const] : []),
    ...commonParameters(options, options.exo?.commandName),
  ];
  const command = render('Connect-ExchangeOnline', parameters);
  return needsIsWindowsWorkaround(options, module) ? `$Global:IsWindows = $true; ${command}` : command;
}

/**
 * Secret-carrying variables PowerShell never needs: ippsconnect reads the client secret and a PEM key's
 * password itself to acquire tokens, so they are left out of PowerShell's environment altogether.
 */
export function variablesHiddenFromPowerShell(options: ResolvedOptions): string[] {
  const signIn = options.signIn;
  if (signIn.kind !== 'access-token') return [];
  if (signIn.source.kind === 'client-secret') return [signIn.source.secretEnv];
  if (signIn.source.kind === 'client-certificate' && signIn.source.passwordEnv) return [signIn.source.passwordEnv];
  return [];
}

/**
 * Secret-carrying variables PowerShell needs only to connect: the access tokens and a certificate file's
 * password. They are removed from its environment right after connecting, so scripts and the processes
 * they start never see them.
 */
export function variablesForgottenAfterConnect(options: ResolvedOptions): string[] {
  const signIn = options.signIn;
  if (signIn.kind === 'access-token') return Object.values(accessTokenVariables);
  if (signIn.kind === 'certificate-file' && signIn.passwordEnv) return [signIn.passwordEnv];
  return [];
}

/** Assigning $null removes a variable and, unlike Remove-Item, never fails on a missing one. */
export function forgetVariablesCommand(names: readonly string[]): string {
  return names.map((name) => `$env:${name} = $null`).join('; ');
}

/** The clean-up line of an access-token sign-in, for the dry run and the syntax checks. */
export const forgetAccessTokensCommand = forgetVariablesCommand(Object.values(accessTokenVariables));

/** Closes every connection of the session, IPPS included; -Confirm:$false because it is ConfirmImpact High. */
export const disconnectCommand = 'Disconnect-ExchangeOnline -Confirm:$false';

/** Imports exactly the module version that was chosen, by its manifest path. */
export function importModuleCommand(manifestPath: string): string {
  return `Import-Module -Name ${quotePowerShell(manifestPath)} -ErrorAction Stop`;
}

/** Fields of Get-ConnectionInformation that the `connected` event reports. */
export const connectionInformationCommand =
  'Get-ConnectionInformation | Select-Object Name, State, UserPrincipalName, ConnectionUri, Organization, ModulePrefix, TenantID, IsEopSession';
