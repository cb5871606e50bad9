#!/usr/bin/env node
// The quick-start demo: a real `ippsconnect connect` through real PowerShell in a real pty, against the
// STAND-IN ExchangeOnlineManagement module in fixtures/modules (test equipment: Microsoft 365 is not
// contacted). Run with `npm run demo` after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pwsh = join(root, '.tools', 'bin', process.platform === 'win32' ? 'pwsh.cmd' : 'pwsh');
if (!existsSync(pwsh)) {
  console.error('demo: the pinned PowerShell is missing; run `npm run pwsh:setup` first.');
  process.exit(1);
}
console.log('DEMO — against the stand-in ExchangeOnlineManagement module (test equipment), not Microsoft 365.\n');
const args = [
  join(root, 'dist', 'cli', 'main.js'),
  'connect',
  '--upn',
  'chris@contoso.com',
  '--attended',
  '--pwsh',
  pwsh,
  '--module-path',
  join(root, 'fixtures', 'modules'),
  '--command',
  'Get-RetentionCompliancePolicy | Format-Table Name, Mode, Enabled',
  ...process.argv.slice(2),
];
const result = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  // Pin the stand-in's behaviour to a plain success, whatever the caller's environment says, and let its
  // import take a moment as the real module's does, so the progress shows.
  env: { ...process.env, IPPSCONNECT_STANDIN_SCENARIO: 'success', IPPSCONNECT_STANDIN_DELAY_MS: '150' },
});
process.exit(result.status ?? 1);
