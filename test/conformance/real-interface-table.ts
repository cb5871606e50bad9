/**
 * ExchangeOnlineManagement's real parameter lists, TRANSCRIBED BY HAND from /work/shared/exo-real-interface.md
 * (§1.2 Connect-IPPSSession, §1.3 Connect-ExchangeOnline, §1.5 Disconnect-ExchangeOnline and
 * Get-ConnectionInformation), for the versions the stand-in models. Never generate this from the stand-in:
 * it is the oracle the stand-in is checked against, and a drift on either side must fail the test.
 *
 * Row: [name, type (the .NET short name PowerShell reports), kind, since]
 *   kind: a number = static and positional at that number; 'S' static switch (named); 'D' dynamic;
 *         'DW' dynamic, only on Windows PowerShell or PowerShell 7 on Windows; 'DC' dynamic, PowerShell 7 only
 *   since: the first version of the four modelled (3.0.0, 3.2.0, 3.7.1, 3.9.x) that has it
 */
export type Kind = number | 'S' | 'D' | 'DW' | 'DC';
export type Row = readonly [name: string, type: string, kind: Kind, since: string];

/** §1.2, columns 3.0.0 … 3.9.0, top to bottom. */
export const connectIppsSession: readonly Row[] = [
  ['ConnectionUri', 'String', 0, '3.0.0'],
  ['AzureADAuthorizationEndpointUri', 'String', 1, '3.0.0'],
  ['DelegatedOrganization', 'String', 2, '3.0.0'],
  ['PSSessionOption', 'PSSessionOption', 3, '3.0.0'],
  ['BypassMailboxAnchoring', 'SwitchParameter', 'S', '3.0.0'],
  ['Prefix', 'String', 4, '3.0.0'],
  ['CommandName', 'String[]', 5, '3.0.0'],
  ['FormatTypeName', 'String[]', 6, '3.0.0'],
  ['UseRPSSession', 'SwitchParameter', 'S', '3.2.0'],
  ['ShowBanner', 'SwitchParameter', 'S', '3.2.0'],
  ['DisableWAM', 'SwitchParameter', 'S', '3.9.0'],
  ['AccessToken', 'String', 7, '3.9.0'],
  ['EnableSearchOnlySession', 'SwitchParameter', 'S', '3.9.0'],
  ['UserPrincipalName', 'String', 'D', '3.0.0'],
  ['Credential', 'PSCredential', 'D', '3.0.0'],
  ['Certificate', 'X509Certificate2', 'D', '3.0.0'],
  ['CertificateFilePath', 'String', 'D', '3.0.0'],
  ['CertificatePassword', 'SecureString', 'D', '3.0.0'],
  ['AppId', 'String', 'D', '3.0.0'],
  ['Organization', 'String', 'D', '3.0.0'],
  ['EnableErrorReporting', 'SwitchParameter', 'D', '3.9.0'],
  ['LogDirectoryPath', 'String', 'D', '3.9.0'],
  ['LogLevel', 'LogLevel', 'D', '3.9.0'],
  ['CertificateThumbprint', 'String', 'DW', '3.0.0'],
];

/** §1.3, columns 3.0.0 … 3.9.0, top to bottom (the grouped rows split into one row per parameter). */
export const connectExchangeOnline: readonly Row[] = [
  ['ConnectionUri', 'String', 0, '3.0.0'],
  ['AzureADAuthorizationEndpointUri', 'String', 1, '3.0.0'],
  ['ExchangeEnvironmentName', 'ExchangeEnvironment', 2, '3.0.0'],
  ['PSSessionOption', 'PSSessionOption', 3, '3.0.0'],
  ['BypassMailboxAnchoring', 'SwitchParameter', 'S', '3.0.0'],
  ['DelegatedOrganization', 'String', 4, '3.0.0'],
  ['Prefix', 'String', 5, '3.0.0'],
  ['ShowBanner', 'SwitchParameter', 'S', '3.0.0'],
  ['CommandName', 'String[]', 6, '3.0.0'],
  ['FormatTypeName', 'String[]', 7, '3.0.0'],
  ['UseRPSSession', 'SwitchParameter', 'S', '3.0.0'],
  ['SkipLoadingFormatData', 'SwitchParameter', 'S', '3.0.0'],
  ['SkipLoadingCmdletHelp', 'SwitchParameter', 'S', '3.7.0'],
  ['LoadCmdletHelp', 'SwitchParameter', 'S', '3.7.0'],
  ['AccessToken', 'String', 8, '3.2.0'],
  ['SigningCertificate', 'X509Certificate2', 9, '3.2.0'],
  ['DisableWAM', 'SwitchParameter', 'S', '3.9.0'],
  ['UserPrincipalName', 'String', 'D', '3.0.0'],
  ['Credential', 'PSCredential', 'D', '3.0.0'],
  ['Certificate', 'X509Certificate2', 'D', '3.0.0'],
  ['CertificateFilePath', 'String', 'D', '3.0.0'],
  ['CertificatePassword', 'SecureString', 'D', '3.0.0'],
  ['AppId', 'String', 'D', '3.0.0'],
  ['Organization', 'String', 'D', '3.0.0'],
  ['EnableErrorReporting', 'SwitchParameter', 'D', '3.0.0'],
  ['LogDirectoryPath', 'String', 'D', '3.0.0'],
  ['LogLevel', 'LogLevel', 'D', '3.0.0'],
  ['ManagedIdentity', 'SwitchParameter', 'D', '3.0.0'],
  ['ManagedIdentityAccountId', 'String', 'D', '3.0.0'],
  ['TrackPerformance', 'Boolean', 'D', '3.0.0'],
  ['ShowProgress', 'Boolean', 'D', '3.0.0'],
  ['UseMultithreading', 'Boolean', 'D', '3.0.0'],
  ['PageSize', 'UInt32', 'D', '3.0.0'],
  ['Device', 'SwitchParameter', 'DC', '3.0.0'],
  ['InlineCredential', 'SwitchParameter', 'DC', '3.0.0'],
  ['CertificateThumbprint', 'String', 'DW', '3.0.0'],
];

/** §1.5: a named, mandatory parameter of one parameter set. */
export interface SetParameter {
  name: string;
  type: string;
  set: string;
  mandatory: boolean;
  fromPipelineByPropertyName: boolean;
  since: string;
}

/** §1.5: 2.0.5–3.0.0 no parameters; 3.2.0–3.9.0 -ConnectionId (pipeline by property name) and -ModulePrefix. */
export const disconnectExchangeOnline: readonly SetParameter[] = [
  {
    name: 'ConnectionId',
    type: 'String[]',
    set: 'ConnectionId',
    mandatory: true,
    fromPipelineByPropertyName: true,
    since: '3.2.0',
  },
  {
    name: 'ModulePrefix',
    type: 'String[]',
    set: 'ModulePrefix',
    mandatory: true,
    fromPipelineByPropertyName: false,
    since: '3.2.0',
  },
];

/**
 * §1.5: a compiled cmdlet with parameter sets none, -ConnectionId string[], -ModulePrefix string[]. The file
 * does not say whether they are mandatory; each is the only parameter of its set, so the stand-in makes them
 * mandatory (an assumption, marked here).
 */
export const getConnectionInformation: readonly SetParameter[] = [
  {
    name: 'ConnectionId',
    type: 'String[]',
    set: 'ConnectionId',
    mandatory: true,
    fromPipelineByPropertyName: false,
    since: '3.0.0',
  },
  {
    name: 'ModulePrefix',
    type: 'String[]',
    set: 'ModulePrefix',
    mandatory: true,
    fromPipelineByPropertyName: false,
    since: '3.0.0',
  },
];
