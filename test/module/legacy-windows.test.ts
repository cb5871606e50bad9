/**
 * --legacy through a real session, Windows only: a ClickOnce store on disk (empty files with the real
 * names) under a LOCALAPPDATA of the test's own. Under PowerShell 7 the session finds it and refuses it
 * before importing anything; Windows PowerShell 5.1 would go on to load the (fake) dll, so that edition
 * is left to the pure tests in prepare.test.ts. Linux covers the rest with the same code and fake trees.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { legacyDllName, legacyScriptName } from '../../src/module/legacy-finder.js';
import type { SessionEvent } from '../../src/session/events.js';
import { testPwsh } from '../helpers/pwsh.js';

const onWindows = process.platform === 'win32' && testPwsh !== undefined;

describe.skipIf(!onWindows)('--legacy in a real session (Windows)', () => {
  const localAppData = mkdtempSync(join(tmpdir(), 'ipps-clickonce-'));
  afterAll(() => rmSync(localAppData, { recursive: true, force: true }));

  it('finds the V1 module in the ClickOnce store and refuses it under PowerShell 7', async () => {
    const edition = await execa(testPwsh!, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSEdition']);
    if (String(edition.stdout).trim() !== 'Core') return;
    const app = join(
      localAppData,
      'Apps',
      '2.0',
      'TD1HV8YN.61O',
      '1EP3V7G6.KPP',
      'micr..tion_c3bce3770c238a49_0010.0000_90fa60bba125a33a',
    );
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, legacyScriptName), '');
    writeFileSync(join(app, legacyDllName), '');
    const events: SessionEvent[] = [];
    const failure = await runSession(
      { powershell: testPwsh!, legacy: true, userPrincipalName: 'chris@contoso.com', unattended: false },
      { env: { ...process.env, LOCALAPPDATA: localAppData }, onEvent: (event) => events.push(event) },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'MODULE_TOO_OLD', fix: expect.stringContaining('--pwsh powershell.exe') });
    expect(events.find((event) => event.type === 'warning')).toMatchObject({
      message: expect.stringContaining('retired on 2022-12-31'),
    });
    expect(events.some((event) => event.type === 'phase' && event.phase === 'importing-module')).toBe(false);
  });
});
