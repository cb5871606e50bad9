// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are PowerShell source, where ${name} is a variable
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkWindowsPowerShellSyntax,
  type SyntaxFinding,
  type SyntaxRule,
} from '../../src/powershell/syntax-check.js';
import { repoRoot, skipWithoutPwsh, testPwsh } from '../helpers/pwsh.js';

/** Tiny samples, each with exactly one construct Windows PowerShell 5.1 cannot run. */
const positives: Array<[rule: SyntaxRule, source: string]> = [
  ['parse-error', 'if ('],
  ['ternary-operator', '$a = $true ? 1 : 2'],
  ['pipeline-chain', 'git status && git log'],
  ['pipeline-chain', 'git status || exit 1'],
  ['null-coalescing', '$a = $b ?? 1'],
  ['null-coalescing', '$a ??= 1'],
  ['null-conditional', '${a}?.Name'],
  ['null-conditional', '${a}?.ToString()'],
  ['null-conditional', '${a}?[0]'],
  ['foreach-parallel', '1..3 | ForEach-Object -Parallel { $_ }'],
  ['foreach-parallel', '1..3 | % -pa { $_ } -ThrottleLimit 2'],
  ['foreach-parallel', '1..3 | Microsoft.PowerShell.Core\\ForEach-Object -Parallel { $_ }'],
  ['clean-block', 'function f { process { } clean { } }'],
  ['escape-sequence', '"`e[31m"'],
  ['escape-sequence', '"`u{1F600}"'],
  ['escape-sequence', '@"\nred `e[31m\n"@'],
  ['escape-sequence', 'Write-Output bare`e[0m'],
  ['escape-sequence', '"$(\'x\' + "`e")"'],
  ['numeric-literal', '$a = 1u'],
  ['numeric-literal', '$a = 0b1010'],
  ['numeric-literal', '$a = 10n'],
  ['platform-variable', 'if ($IsWindows) { }'],
  ['platform-variable', 'if ($PSVersionTable.PSEdition -eq "Core") { } elseif ($true) { } ; $IsLinux'],
  ['platform-variable', 'if ($x) { $IsMacOS }'],
  ['platform-variable', '$variable:IsWindows'],
  ['platform-variable', '$w = $IsWindows -or $PSVersionTable.PSEdition -eq "Desktop"'],
];

const samples = join(repoRoot, 'test', 'powershell', 'samples');

describe.skipIf(skipWithoutPwsh)('checkWindowsPowerShellSyntax', () => {
  let findings: SyntaxFinding[] = [];

  beforeAll(async () => {
    findings = await checkWindowsPowerShellSyntax({
      pwsh: testPwsh!,
      commands: positives.map(([, source]) => source),
      files: [join(samples, 'clean-5.1.ps1')],
    });
  });

  it.each(positives.map(([rule, source], index) => ({ rule, source, index })))('$rule: $source', ({ rule, index }) => {
    const forSample = findings.filter((f) => f.file === `<command ${index}>`);
    expect(forSample.map((f) => f.rule)).toEqual([rule]);
  });

  it('passes clean Windows PowerShell 5.1 code (samples/clean-5.1.ps1)', () => {
    expect(findings.filter((f) => !f.file.startsWith('<command '))).toEqual([]);
  });

  it('points at the escape itself, even lines into a here-string', () => {
    const hereString = positives.findIndex(([, source]) => source.startsWith('@"'));
    expect(findings.find((f) => f.file === `<command ${hereString}>`)).toMatchObject({
      line: 2,
      column: 5,
      text: '`e[31m',
    });
  });

  it('reports files as the caller named them', async () => {
    const file = relative(process.cwd(), join(samples, 'ternary.ps1'));
    const result = await checkWindowsPowerShellSyntax({ pwsh: testPwsh!, files: [file] });
    expect(result).toEqual([{ file, line: 2, column: 6, rule: 'ternary-operator', text: '$x ? 1 : 2' }]);
  });

  it('throws when the check itself fails', async () => {
    await expect(checkWindowsPowerShellSyntax({ pwsh: testPwsh!, files: ['does-not-exist.ps1'] })).rejects.toThrow(
      /check-syntax\.ps1 failed \(exit 2\).*does-not-exist\.ps1/s,
    );
  });

  it('passes every PowerShell file we ship or load: scripts/ps, fixtures/modules, test scripts', async () => {
    const files = [
      ...powerShellFiles(join(repoRoot, 'scripts', 'ps')),
      ...powerShellFiles(join(repoRoot, 'fixtures', 'modules')),
      ...powerShellFiles(join(repoRoot, 'test', 'powershell')).filter((file) => !file.startsWith(samples)),
    ];
    expect(files).toContain(join(repoRoot, 'scripts', 'ps', 'check-syntax.ps1'));
    expect(await checkWindowsPowerShellSyntax({ pwsh: testPwsh!, files })).toEqual([]);
  });
});

/** *.ps1, *.psm1 and *.psd1 under `directory`, at any depth; none when it does not exist yet. */
function powerShellFiles(directory: string): string[] {
  try {
    return readdirSync(directory, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.ps[dm]?1$/i.test(name))
      .map((name) => join(directory, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
