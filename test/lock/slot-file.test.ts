import { describe, expect, it } from 'vitest';
import { accountKey, normalizeAccount } from '../../src/lock/paths.js';
import { formatSlotRecord, parseSlotRecord } from '../../src/lock/slot-file.js';
import { fakeRecord } from './helpers.js';

describe('slot records', () => {
  it('round-trips through the file format', () => {
    const record = fakeRecord({ startedAt: 'linux:abc:123' });
    expect(parseSlotRecord(formatSlotRecord(record))).toEqual(record);
  });

  it.each([
    ['empty text', ''],
    ['half-written JSON', '{"token":"a","pid":12'],
    ['not an object', '42'],
    ['pid 0 (would probe the process group)', JSON.stringify({ ...fakeRecord(), pid: 0 })],
    ['negative pid', JSON.stringify({ ...fakeRecord(), pid: -1 })],
    ['missing token', JSON.stringify({ ...fakeRecord(), token: '' })],
    ['startedAt of the wrong type', JSON.stringify({ ...fakeRecord(), startedAt: 5 })],
  ])('rejects %s', (_name, text) => {
    expect(parseSlotRecord(text)).toBeUndefined();
  });
});

describe('account keys', () => {
  it('ignore case and surrounding space, and are safe in file names', () => {
    expect(normalizeAccount('  Admin@Contoso.COM ')).toBe('admin@contoso.com');
    expect(accountKey('Admin@Contoso.com')).toBe(accountKey('admin@contoso.com '));
    expect(accountKey('a/b\\c:d')).toMatch(/^[0-9a-f]{32}$/);
    expect(accountKey('alice@contoso.com')).not.toBe(accountKey('bob@contoso.com'));
  });
});
