import { describe, expect, it } from 'vitest';
import { connectionCheckCommand, connectOrder } from '../../src/session/connection-check.js';

// exo-real-interface §1.5 / consequence 2: Get-ConnectionInformation describes REST connections only;
// Connect-IPPSSession uses remote PowerShell before 3.2.0, confirmed by its PSSession instead.
describe('connectionCheckCommand', () => {
  it.each([
    ['ipps', '3.0.0', /Get-PSSession .*Microsoft\.Exchange.*ExchangeOnlineInternalSession\*/],
    ['ipps', '3.1.0', /Get-PSSession/],
    ['ipps', '3.2.0', /^Get-ConnectionInformation/],
    ['ipps', '3.9.2', /^Get-ConnectionInformation/],
    ['exo', '3.0.0', /^Get-ConnectionInformation/],
  ] as const)('%s on %s', (service, moduleVersion, expected) => {
    expect(connectionCheckCommand({ service, legacy: false, moduleVersion })).toMatch(expected);
  });
});

describe('connectOrder', () => {
  it('IPPS alone, or IPPS then Exchange Online', () => {
    expect(connectOrder({ enableSearchOnlySession: false })).toEqual(['ipps']);
    expect(connectOrder({ exo: {}, enableSearchOnlySession: false })).toEqual(['ipps', 'exo']);
  });

  it('Exchange Online first when IPPS is search-only (3.9.x keeps the flag in script scope)', () => {
    expect(connectOrder({ exo: {}, enableSearchOnlySession: true })).toEqual(['exo', 'ipps']);
  });
});
