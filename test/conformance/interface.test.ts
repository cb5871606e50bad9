import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/module/versions.js';
import { repoRoot, skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standInVersions } from '../standin/versions.js';
import {
  connectExchangeOnline,
  connectIppsSession,
  disconnectExchangeOnline,
  getConnectionInformation,
  type Row,
  type SetParameter,
} from './real-interface-table.js';

/**
 * Conformance: for each stand-in version and edition, the parameter metadata PowerShell reports equals the table
 * transcribed by hand from exo-real-interface.md (real-interface-table.ts).
 */
interface Reported {
  name: string;
  type: string;
  dynamic: boolean;
  switch: boolean;
  sets: Array<{ set: string; position: number | null; mandatory: boolean; fromPipelineByPropertyName: boolean }>;
}

type Edition = 'Core' | 'Desktop';
const onWindows = process.platform === 'win32';
const allSets = '__AllParameterSets';

async function report(version: string, edition: Edition): Promise<Record<string, Reported[]>> {
  const manifest = join(standInModulesDir, 'ExchangeOnlineManagement', version, 'ExchangeOnlineManagement.psd1');
  const script = join(repoRoot, 'test', 'conformance', 'dump-parameters.ps1');
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script, '-Manifest', manifest];
  const { stdout } = await execa(testPwsh!, edition === 'Desktop' ? [...args, '-Desktop'] : args);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, Reported[]>;
}

/** What the table says PowerShell must report for a connect command, sorted by name. */
function expectedConnect(rows: readonly Row[], version: string, edition: Edition): Reported[] {
  const windows = edition === 'Desktop' || onWindows;
  return rows
    .filter(([, , , since]) => compareVersions(version, since) >= 0)
    .filter(([, , kind]) => (kind === 'DW' ? windows : kind === 'DC' ? edition === 'Core' : true))
    .map(([name, type, kind]) => ({
      name,
      type,
      dynamic: typeof kind === 'string' && kind.startsWith('D'),
      switch: type === 'SwitchParameter',
      sets: [
        {
          set: allSets,
          position: typeof kind === 'number' ? kind : null,
          mandatory: false,
          fromPipelineByPropertyName: false,
        },
      ],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function expectedSets(parameters: readonly SetParameter[], version: string): Reported[] {
  return parameters
    .filter((parameter) => compareVersions(version, parameter.since) >= 0)
    .map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      dynamic: false,
      switch: false,
      sets: [
        {
          set: parameter.set,
          position: null,
          mandatory: parameter.mandatory,
          fromPipelineByPropertyName: parameter.fromPipelineByPropertyName,
        },
      ],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const byName = (list: Reported[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

const cases = standInVersions.flatMap((version) => (['Core', 'Desktop'] as const).map((edition) => [version, edition]));

describe.skipIf(skipWithoutPwsh)('the stand-in reports the real parameter metadata (exo-real-interface §1)', () => {
  it.concurrent.each(cases)('%s, %s', async (version, edition) => {
    const reported = await report(version, edition as Edition);
    expect(byName(reported['Connect-IPPSSession']!)).toEqual(
      expectedConnect(connectIppsSession, version, edition as Edition),
    );
    expect(byName(reported['Connect-ExchangeOnline']!)).toEqual(
      expectedConnect(connectExchangeOnline, version, edition as Edition),
    );
    expect(byName(reported['Disconnect-ExchangeOnline']!)).toEqual(expectedSets(disconnectExchangeOnline, version));
    expect(byName(reported['Get-ConnectionInformation']!)).toEqual(expectedSets(getConnectionInformation, version));
  });
});
