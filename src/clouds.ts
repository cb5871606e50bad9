/**
 * Endpoints of each Microsoft 365 cloud (exo-facts §3). Pure data: the command builder reads it, and
 * `ippsconnect endpoints` prints it.
 */
export const cloudNames = ['commercial', 'gcc', 'gcchigh', 'dod', 'china', 'germany'] as const;
export type CloudName = (typeof cloudNames)[number];

export interface Cloud {
  name: CloudName;
  description: string;
  /** Connect-IPPSSession -ConnectionUri; undefined: the module's default is right, pass nothing. */
  ippsConnectionUri?: string;
  /** Connect-IPPSSession -AzureADAuthorizationEndpointUri; undefined: the module's default. */
  ippsAuthority?: string;
  /** Connect-ExchangeOnline -ExchangeEnvironmentName. */
  exchangeEnvironmentName: string;
  /** Token scopes for -AccessToken (community practice; Microsoft does not document them). */
  ippsTokenScope: string;
  exoTokenScope: string;
  /**
   * Suffixes of a tenant's initial domain, which app-only -Organization needs (exo-real-interface / exo-facts
   * §3): `*.onmicrosoft.com` commercial and GCC, `*.onmicrosoft.us` GCC High and DoD,
   * `*.partner.onmschina.cn` 21Vianet, `*.onmicrosoft.de` Germany.
   */
  initialDomainSuffixes: readonly string[];
  /** Said before connecting, e.g. for a closed cloud. */
  warning?: string;
}

const commercialIppsScope = 'https://ps.compliance.protection.outlook.com/.default';
const usGovIppsScope = 'https://ps.compliance.protection.office365.us/.default';

export const clouds: Readonly<Record<CloudName, Cloud>> = {
  commercial: {
    name: 'commercial',
    initialDomainSuffixes: ['onmicrosoft.com'],
    description: 'Microsoft 365 commercial',
    exchangeEnvironmentName: 'O365Default',
    ippsTokenScope: commercialIppsScope,
    exoTokenScope: 'https://outlook.office365.com/.default',
  },
  gcc: {
    name: 'gcc',
    initialDomainSuffixes: ['onmicrosoft.com'],
    description: 'Microsoft 365 GCC (uses the commercial endpoints)',
    exchangeEnvironmentName: 'O365Default',
    ippsTokenScope: commercialIppsScope,
    exoTokenScope: 'https://outlook.office365.com/.default',
  },
  gcchigh: {
    name: 'gcchigh',
    initialDomainSuffixes: ['onmicrosoft.us'],
    description: 'Microsoft 365 GCC High',
    ippsConnectionUri: 'https://ps.compliance.protection.office365.us/powershell-liveid/',
    ippsAuthority: 'https://login.microsoftonline.us/organizations',
    exchangeEnvironmentName: 'O365USGovGCCHigh',
    ippsTokenScope: usGovIppsScope,
    exoTokenScope: 'https://outlook.office365.us/.default',
  },
  dod: {
    name: 'dod',
    initialDomainSuffixes: ['onmicrosoft.us'],
    description: 'Microsoft 365 DoD',
    ippsConnectionUri: 'https://l5.ps.compliance.protection.office365.us/powershell-liveid/',
    ippsAuthority: 'https://login.microsoftonline.us/organizations',
    exchangeEnvironmentName: 'O365USGovDoD',
    ippsTokenScope: usGovIppsScope,
    exoTokenScope: 'https://outlook-dod.office365.us/.default',
  },
  china: {
    name: 'china',
    initialDomainSuffixes: ['partner.onmschina.cn'],
    description: 'Office 365 operated by 21Vianet',
    ippsConnectionUri: 'https://ps.compliance.protection.partner.outlook.cn/powershell-liveid',
    ippsAuthority: 'https://login.chinacloudapi.cn/organizations',
    exchangeEnvironmentName: 'O365China',
    ippsTokenScope: 'https://ps.compliance.protection.partner.outlook.cn/.default',
    exoTokenScope: 'https://partner.outlook.cn/.default',
  },
  germany: {
    name: 'germany',
    initialDomainSuffixes: ['onmicrosoft.de'],
    description: 'Office 365 Germany (Microsoft Cloud Deutschland)',
    ippsConnectionUri: 'https://ps.compliance.protection.outlook.de/PowerShell-LiveID',
    ippsAuthority: 'https://login.microsoftonline.de/common',
    exchangeEnvironmentName: 'O365GermanyCloud',
    ippsTokenScope: 'https://ps.compliance.protection.outlook.de/.default',
    exoTokenScope: 'https://outlook.office.de/.default',
    warning:
      'Microsoft Cloud Deutschland closed on 2021-10-29; tenants moved to the commercial cloud (--cloud commercial).',
  },
};

/** Hosts a --connection-uri may name without --allow-any-host: those of the table above. */
export const knownConnectionHosts: readonly string[] = [
  'ps.compliance.protection.outlook.com',
  ...Object.values(clouds).flatMap((cloud) => (cloud.ippsConnectionUri ? [new URL(cloud.ippsConnectionUri).host] : [])),
  'outlook.office365.com',
  'outlook.office365.us',
  'outlook-dod.office365.us',
  'partner.outlook.cn',
  'compliance.dod.microsoft.com',
];

/** Hosts an --authority may name without --allow-any-host. */
export const knownAuthorityHosts: readonly string[] = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
];
