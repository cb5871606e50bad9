import { describe, expect, it } from 'vitest';
import {
  findLegacyModule,
  legacyDllName,
  legacyScriptName,
  parseClickOnceVersion,
} from '../../src/module/legacy-finder.js';
import { fakeTree } from './fake-tree.js';

const root = 'C:\\Users\\ada\\AppData\\Local\\Apps\\2.0';

/** A complete EXO V1 application folder, as ClickOnce lays it out. */
function app(r1: string, r2: string, folder: string): string[] {
  const path = `${root}\\${r1}\\${r2}\\${folder}`;
  return [
    `${path}\\${legacyScriptName}`,
    `${path}\\${legacyDllName}`,
    `${path}\\Microsoft.Online.CSE.PSModule.Client.exe`,
    `${path}\\Microsoft.IdentityModel.Clients.ActiveDirectory.dll`,
  ];
}

describe('parseClickOnceVersion', () => {
  it.each([
    // Folder names seen in public scripts and Microsoft's support articles.
    ['micr..tion_c3bce3770c238a49_0010.0000_4dd1e7fd8b1f8b9f', '16.0'],
    ['micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a', '16.0'],
    ['micr..tion_1f16bd4ec4c2bb19_0010.0000_673f37c317fb5976', '16.0'],
    ['micr..tion_45baf49ae30bdb15_0010.0000_9957e8953b5cb903', '16.0'],
    ['micr..dule_31bf3856ad364e35_0010.0000_none_e092d310eab729ab', '16.0'],
    // Hex digits; four-part versions; a culture; any case.
    ['micr..tion_c3bce3770c238a49_0011.000a_0123456789abcdef', '17.10'],
    ['micr..tion_c3bce3770c238a49_0010.0000.05fa.0001_0123456789abcdef', '16.0.1530.1'],
    ['micr..dule_31bf3856ad364e35_0010.0000_en-us_0123456789abcdef', '16.0'],
    ['MICR..TION_C3BCE3770C238A49_0010.0000_4DD1E7FD8B1F8B9F', '16.0'],
  ])('%s → %s', (name, version) => {
    expect(parseClickOnceVersion(name)).toBe(version);
  });

  it.each([
    'micr..tion_1975b8453054a2b5_a8362367f014c3d6', // an app id without a version (a notification key)
    'TD1HV8YN.61O',
    'manifests',
    'micr..tion_c3bce3770c238a49_10.0_4dd1e7fd8b1f8b9f',
  ])('%s has no version', (name) => {
    expect(parseClickOnceVersion(name)).toBeUndefined();
  });
});

describe('findLegacyModule', () => {
  it('finds the script and the dll and reads the version from the folder name', async () => {
    const { reader } = fakeTree(
      app('TD1HV8YN.61O', '1EP3V7G6.KPP', 'micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a'),
    );
    const folder = `${root}\\TD1HV8YN.61O\\1EP3V7G6.KPP\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a`;
    expect(await findLegacyModule({ root, reader })).toEqual({
      scriptPath: `${folder}\\CreateExoPSSession.ps1`,
      dllPath: `${folder}\\Microsoft.Exchange.Management.ExoPowershellModule.dll`,
      version: '16.0',
      folder,
    });
  });

  it('takes the newest version', async () => {
    const { reader } = fakeTree([
      ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB', 'micr..tion_c3bce3770c238a49_000f.0000_1111111111111111'),
      ...app('CCCCCCCC.CCC', 'DDDDDDDD.DDD', 'micr..tion_c3bce3770c238a49_0010.0000_2222222222222222'),
      ...app('EEEEEEEE.EEE', 'FFFFFFFF.FFF', 'micr..tion_c3bce3770c238a49_000e.0005_3333333333333333'),
    ]);
    expect((await findLegacyModule({ root, reader }))?.folder).toMatch(/_0010\.0000_2222/);
  });

  it('takes the most recently written of two installs of the same version (ClickOnce keeps the last build)', async () => {
    const older = `${root}\\AAAAAAAA.AAA\\BBBBBBBB.BBB\\micr..tion_c3bce3770c238a49_0010.0000_1111111111111111`;
    const newer = `${root}\\AAAAAAAA.AAA\\BBBBBBBB.BBB\\micr..tion_c3bce3770c238a49_0010.0000_2222222222222222`;
    const { reader } = fakeTree(
      [
        ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB', 'micr..tion_c3bce3770c238a49_0010.0000_1111111111111111'),
        ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB', 'micr..tion_c3bce3770c238a49_0010.0000_2222222222222222'),
      ],
      { [older]: 1_600_000_000_000, [newer]: 1_650_000_000_000 },
    );
    expect((await findLegacyModule({ root, reader }))?.folder).toBe(newer);
  });

  it('skips _none_ folders, even with both files in them', async () => {
    const { reader } = fakeTree([
      ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB', 'micr..dule_31bf3856ad364e35_0011.0000_none_e092d310eab729ab'),
      ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB', 'micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a'),
    ]);
    expect((await findLegacyModule({ root, reader }))?.version).toBe('16.0');
  });

  it('skips folders missing either file: component copies, other ClickOnce apps, half-removed installs', async () => {
    const base = `${root}\\AAAAAAAA.AAA\\BBBBBBBB.BBB`;
    const { reader } = fakeTree([
      `${base}\\micr..tion_c3bce3770c238a49_0010.0000_0000000000000001\\${legacyDllName}`,
      `${base}\\micr..tion_c3bce3770c238a49_0010.0000_0000000000000002\\${legacyScriptName}`,
      // The Hybrid Configuration Wizard: same token, different app.
      `${base}\\micr..tion_c3bce3770c238a49_0010.0000_06b16895f88ffa1a\\Microsoft.Online.CSE.Hybrid.App.exe`,
      // A folder named like the script is not the script.
      `${base}\\micr..tion_c3bce3770c238a49_0010.0000_0000000000000003\\${legacyScriptName}\\`,
      `${base}\\micr..tion_c3bce3770c238a49_0010.0000_0000000000000003\\${legacyDllName}`,
      `${root}\\Data\\AAAAAAAA.AAA\\BBBBBBBB.BBB\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a\\Data\\`,
    ]);
    expect(await findLegacyModule({ root, reader })).toBeUndefined();
  });

  it('matches the file names whatever their case, and returns them as spelled on disk', async () => {
    const folder = `${root}\\AAAAAAAA.AAA\\BBBBBBBB.BBB\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a`;
    const { reader } = fakeTree([
      `${folder}\\createexopssession.ps1`,
      `${folder}\\Microsoft.Exchange.Management.ExoPowerShellModule.dll`,
    ]);
    const found = await findLegacyModule({ root, reader });
    expect(found?.scriptPath).toBe(`${folder}\\createexopssession.ps1`);
    expect(found?.dllPath).toBe(`${folder}\\Microsoft.Exchange.Management.ExoPowerShellModule.dll`);
  });

  it('looks exactly three levels down, not anywhere in the store', async () => {
    const { reader } = fakeTree([
      ...app('AAAAAAAA.AAA', 'BBBBBBBB.BBB\\deeper', 'micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a'),
      `${root}\\micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a\\${legacyScriptName}`,
    ]);
    expect(await findLegacyModule({ root, reader })).toBeUndefined();
  });

  it('finds nothing when the store is missing or empty, or there is no root', async () => {
    const { reader, listed } = fakeTree(['C:\\Users\\ada\\AppData\\Local\\Temp\\x.txt']);
    expect(await findLegacyModule({ root, reader })).toBeUndefined();
    expect(listed).toEqual([root]);
    expect(await findLegacyModule({ root, reader: fakeTree([`${root}\\`]).reader })).toBeUndefined();
    expect(await findLegacyModule({ root: undefined, reader })).toBeUndefined();
  });
});
