/**
 * Multi-line blocks that are not errors: the module's banners, the Get-ConnectionInformation list,
 * the device-code message, and the classic progress block when it arrives as separate lines.
 */
import type { ConnectedEvent, ProgressEvent } from './events.js';
import { isBoundary, type Line, type Recognizer, startsBlock } from './line.js';
import { readClassicProgressRows } from './progress.js';
import * as shape from './shapes.js';

/** Longest banner (the v3 banner is 14 lines; wrapped at 40 columns it is about 30). */
const MAX_BANNER_LINES = 48;
/** Blank lines allowed between a rule and the banner's first sentence. */
const MAX_BANNER_LEAD = 2;
/** Longest ConnectionInformation list (19 properties, some wrapped). */
const MAX_LIST_LINES = 60;
/** Lines the device-code sentence may wrap over. */
const MAX_DEVICE_CODE_LINES = 6;

// ---------------------------------------------------------------- banners

export const recognizeBanner: Recognizer = (lines, final) => {
  const first = lines[0]!;
  if (shape.BANNER_RULE.test(first.text)) {
    // A rule opens a banner only if a banner sentence follows it.
    let i = 1;
    for (; ; i++) {
      const line = lines[i];
      if (!line) return final ? undefined : 'more';
      if (line.text !== '') break;
      if (i > MAX_BANNER_LEAD) return undefined;
    }
    if (!isBannerStart(lines[i]!)) return undefined;
  } else if (!isBannerStart(first)) return undefined;
  const flavour = shape.BANNER_V3_START.test(firstSentence(lines)) ? 'v3' : 'legacy';
  // Up to the closing rule; without one, up to the last non-blank line before something else begins.
  let end = -1;
  let lastText = 0;
  for (let i = 1; i <= MAX_BANNER_LINES; i++) {
    const line = lines[i];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    if (shape.BANNER_RULE.test(line.text)) {
      end = i + 1;
      break;
    }
    if (line.text !== '' && startsBlock(line) && !isBannerStart(line)) break;
    if (line.text !== '') lastText = i;
  }
  if (end < 0) end = lastText + 1;
  const text = lines
    .slice(0, end)
    .map((line) => line.text)
    .join('\n')
    .trim();
  return { consumed: end, events: [{ type: 'banner', flavour, text }] };
};

function isBannerStart(line: Line): boolean {
  return shape.BANNER_V3_START.test(line.text) || shape.BANNER_LEGACY_START.test(line.text);
}

function firstSentence(lines: readonly Line[]): string {
  return lines.find((line) => line.text !== '' && !shape.BANNER_RULE.test(line.text))?.text ?? '';
}

// ---------------------------------------------------------------- Get-ConnectionInformation

/** ConnectionInformation properties we report, by list label. */
const CONNECTED_FIELDS: Record<string, keyof Omit<ConnectedEvent, 'type' | 'isEopSession'>> = {
  Name: 'name',
  UserPrincipalName: 'userPrincipalName',
  ConnectionUri: 'connectionUri',
  Organization: 'organization',
  ModulePrefix: 'prefix',
  TenantID: 'tenantId',
};

/** Property labels of ConnectionInformation (exo-facts §4), in its list view's order. */
const CONNECTION_PROPERTIES = new Set([
  'ConnectionId',
  'State',
  'Id',
  'Name',
  'UserPrincipalName',
  'ConnectionUri',
  'AzureAdAuthorizationEndpointUri',
  'TokenExpiryTimeUTC',
  'CertificateAuthentication',
  'ModuleName',
  'ModulePrefix',
  'Organization',
  'DelegatedOrganization',
  'AppId',
  'PageSize',
  'TenantID',
  'TokenStatus',
  'ConnectionUsedForInbuiltCmdlets',
  'IsEopSession',
]);

/** Connection names: `ExchangeOnline_1` (EXO), `ExchangeOnlineProtection_1` (IPPS). */
const CONNECTION_NAME = /^ExchangeOnline(?:Protection)?_\d+$/;

/**
 * A Get-ConnectionInformation object in list view (all properties, or a Format-List selection): rows of
 * ConnectionInformation properties, one object per run of rows. Reported when its State is Connected.
 */
export const recognizeConnectionInfo: Recognizer = (lines, final) => {
  const first = shape.LIST_ROW.exec(lines[0]!.text);
  if (!first || !CONNECTION_PROPERTIES.has(first[1]!)) return undefined;
  const rows = new Map<string, string>();
  let key = '';
  let end = 0;
  for (; end <= MAX_LIST_LINES; end++) {
    const line = lines[end];
    if (!line) {
      if (!final) return 'more';
      break;
    }
    const row = shape.LIST_ROW.exec(line.text);
    if (row) {
      // Another property set, or the next object of the list: this object ends here.
      if (!CONNECTION_PROPERTIES.has(row[1]!) || rows.has(row[1]!)) break;
      key = row[1]!;
      rows.set(key, (row[2] ?? '').trim());
    } else if (key !== '' && shape.LIST_CONTINUATION.test(line.text)) {
      // The list view wraps long values at the width, mid-word, indented to the value column.
      rows.set(key, rows.get(key)! + line.text.trim());
    } else break;
  }
  const name = rows.get('Name');
  const isConnection = rows.has('ConnectionId') || (name !== undefined && CONNECTION_NAME.test(name));
  if (rows.get('State') !== 'Connected' || !isConnection) return undefined;
  const event: ConnectedEvent = { type: 'connected' };
  for (const [label, field] of Object.entries(CONNECTED_FIELDS)) {
    const value = rows.get(label);
    if (value) event[field] = value;
  }
  const eop = rows.get('IsEopSession');
  if (eop === 'True' || eop === 'False') event.isEopSession = eop === 'True';
  return { consumed: end, events: [event] };
};

// ---------------------------------------------------------------- device code

export const recognizeDeviceCode: Recognizer = (lines, final) => {
  if (!shape.DEVICE_CODE_START.test(lines[0]!.text)) return undefined;
  let squeezed = '';
  for (let i = 0; i < MAX_DEVICE_CODE_LINES; i++) {
    const line = lines[i];
    if (!line) return final ? undefined : 'more';
    if (i > 0 && isBoundary(line)) return undefined;
    squeezed += line.text.replace(/\s+/g, '');
    const match = shape.DEVICE_CODE_SQUEEZED.exec(squeezed);
    if (match) return { consumed: i + 1, events: [{ type: 'device-code', url: match[1]!, code: match[2]! }] };
  }
  return undefined;
};

// ---------------------------------------------------------------- classic progress as lines

/** RenderFull rows: ` {activity} `, `    {status} `, `    [ooo   ] ` (Windows PowerShell 5.1 progress pane). */
const CLASSIC_ACTIVITY_ROW = /^ \S/;
const CLASSIC_STATUS_ROW = /^ {4}\S/;
const CLASSIC_BAR_ROW = /^ {4}\[o* *\]$/;

export const recognizeClassicProgressRows: Recognizer = (lines, final) => {
  if (!CLASSIC_ACTIVITY_ROW.test(lines[0]!.text)) return undefined;
  const status = lines[1];
  if (!status) return final ? undefined : 'more';
  if (!CLASSIC_STATUS_ROW.test(status.text)) return undefined;
  const bar = lines[2];
  if (!bar) return final ? undefined : 'more';
  if (!CLASSIC_BAR_ROW.test(bar.text)) return undefined;
  const event: ProgressEvent | undefined = readClassicProgressRows(
    lines[0]!.text.trim(),
    status.text.trim(),
    bar.text.trim(),
  );
  return event ? { consumed: 3, events: [event] } : undefined;
};
