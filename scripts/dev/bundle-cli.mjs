/**
 * Bundles the CLI (src/cli/main.ts and what it imports, dependencies included) into dist/cli/main.js,
 * replacing the file tsc wrote there. Why: Node spends most of the CLI's start resolving and loading
 * modules one by one (about 150 files for `connect`: ours, zod, commander, execa…), before PowerShell is
 * even spawned; one file with lazily loaded chunks starts in a fraction of that (bench/cli-start.mjs,
 * the cli row of bench/connect.mjs). The library (dist/index.js) is left as tsc built it; tsc's own
 * dist/cli/ files are removed, so what is there is what runs.
 *
 * Lazy `import()`s stay lazy: each becomes a chunk under dist/cli/chunks/, loaded only by the command
 * that needs it. node-pty stays outside: it is a native addon that loads its build from its own folder.
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'cli');

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['node-pty'],
  // Dependencies written as CommonJS (commander, @xterm/headless…) call require(); an ES module has none.
  banner: {
    js: "import { createRequire as __ippsCreateRequire } from 'node:module'; const require = __ippsCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
