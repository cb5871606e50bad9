import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const relativeImport = /(?:\bfrom|\bimport)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g;

/**
 * Child `node` processes on Node 20 cannot import .ts, so the cross-process tests compile src/lock and
 * what it imports (followed through relative imports) into `outDir` with TypeScript's transpileModule:
 * types erased, nothing bundled, the same module graph. Returns the path of the compiled lock index.
 */
export async function compileLockModule(outDir: string): Promise<string> {
  const entry = join(srcRoot, 'lock', 'index.ts');
  const pending = [entry];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(relativeImport)) {
      const imported = resolve(dirname(file), `${match[1]}.ts`);
      if (existsSync(imported)) pending.push(imported);
    }
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    const target = join(outDir, relative(srcRoot, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
  return join(outDir, 'lock', 'index.js');
}
