import { afterEach, describe, expect, it } from 'vitest';
import { PowerShellHost } from '../../src/host/powershell-host.js';
import { currentPlatform } from '../../src/platform/index.js';
import { skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';

describe.skipIf(skipWithoutPwsh)('PowerShellHost (real pwsh in a real pty)', () => {
  let host: PowerShellHost | undefined;
  afterEach(async () => {
    await host?.kill();
    host = undefined;
  });
  const start = () => PowerShellHost.start({ executable: testPwsh!, platform: currentPlatform(), unattended: true });

  it('smoke', async () => {
    host = await start();
    console.log(await host.run('foo {'));
    console.log(await host.run('bash -c "exit 4"'));
    console.log(await host.run('Write-Output 1', { typed: true }));
    await expect(host.run('Start-Sleep 100', { timeoutMs: 500 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    console.log('busy', host.busy);
    const t = Date.now();
    console.log('interrupt', await host.interrupt(3000), Date.now() - t);
    console.log(await host.run('Write-Output after'));
    await host.close();
  });
});
