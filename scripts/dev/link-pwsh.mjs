#!/usr/bin/env node
// Writes .tools/bin/pwsh: a wrapper that execs the PowerShell pinned in .config/dotnet-tools.json.
// `dotnet tool run pwsh` goes through a shim that starts pwsh as a child process; exec-ing pwsh.dll
// directly keeps one process, so killing it kills PowerShell (the process-tree tests rely on that).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(join(root, '.config', 'dotnet-tools.json'), 'utf8'));
const version = manifest.tools.powershell.version;
const packages = process.env.NUGET_PACKAGES ?? join(homedir(), '.nuget', 'packages');
const toolDir = join(packages, 'powershell', version, 'tools');
const flavour = process.platform === 'win32' ? 'win' : 'unix';
const candidates = ['net10.0', 'net9.0', 'net8.0'].map((tfm) => join(toolDir, tfm, 'any', flavour, 'pwsh.dll'));
const dll = candidates.find((path) => existsSync(path));
if (!dll) {
  console.error(`link-pwsh: PowerShell ${version} is not restored under ${toolDir}; run \`dotnet tool restore\`.`);
  process.exit(1);
}
const binDir = join(root, '.tools', 'bin');
mkdirSync(binDir, { recursive: true });
if (process.platform === 'win32') {
  writeFileSync(join(binDir, 'pwsh.cmd'), `@dotnet "${dll}" %*\r\n`);
} else {
  const wrapper = join(binDir, 'pwsh');
  writeFileSync(wrapper, `#!/bin/sh\nexec dotnet "${dll}" "$@"\n`);
  chmodSync(wrapper, 0o755);
}
console.log(`link-pwsh: PowerShell ${version} -> ${binDir}`);
