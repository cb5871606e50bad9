// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} is GitHub Actions expression syntax in the workflow, not a template
// The CI workflow is YAML nobody runs locally: check its shape, and that its Windows job runs the same
// commands as .ci/run (the CI entry point the Linux job calls), so the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/pwsh.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: Record<string, unknown> & { include?: Array<Record<string, string>> } };
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
const { linux, windows } = workflow.jobs;

/** Every command a job runs, one per line. */
function commands(job: Job): string[] {
  return job.steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim())).filter(Boolean);
}

function action(job: Job, name: string): Step | undefined {
  return job.steps.find((step) => step.uses?.startsWith(`${name}@`));
}

/** The commands of .ci/run: its lines other than comments, echo, set, cd and export. */
const ciRunCommands = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !/^(#|echo |set |cd |export )/.test(line))
  // Steps .ci/run marks as Linux-only (tmux for the terminal tests) have no Windows counterpart.
  .filter((line) => !line.includes('# linux only'));

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes to main and on pull requests, with CI=true', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(workflow.env?.CI).toBe('true');
  });

  it('has a Linux job and a Windows job', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(['linux', 'windows']);
    expect(linux!['runs-on']).toBe('ubuntu-latest');
    expect(windows!['runs-on']).toBe('${{ matrix.os }}');
    expect(windows!.strategy?.matrix.os).toEqual(['windows-latest']);
  });

  it('tests Windows PowerShell 5.1 and PowerShell 7 on Windows, through IPPSCONNECT_PWSH', () => {
    const include = windows!.strategy?.matrix.include ?? [];
    expect(include.map((entry) => entry.pwsh)).toEqual([
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
    ]);
    expect(windows!.strategy?.matrix.powershell).toEqual(include.map((entry) => entry.powershell));
    expect(windows!.env?.IPPSCONNECT_PWSH).toBe('${{ matrix.pwsh }}');
  });

  it.each([
    ['linux', linux!],
    ['windows', windows!],
  ])('%s: checks out, and sets up Node 20 (package.json engines) and the .NET SDK for pinned pwsh', (_name, job) => {
    expect(action(job, 'actions/checkout')).toBeDefined();
    expect(String(action(job, 'actions/setup-node')?.with?.['node-version'])).toBe('20');
    const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node as string;
    expect(engines).toMatch(/^>=20\./);
    // PowerShell 7.6 runs on .NET 10.
    expect(String(action(job, 'actions/setup-dotnet')?.with?.['dotnet-version'])).toBe('10.0.x');
    const tools = JSON.parse(readFileSync(join(repoRoot, '.config', 'dotnet-tools.json'), 'utf8'));
    expect(tools.tools.powershell.version).toMatch(/^7\.6\./);
  });

  it('linux: runs .ci/run itself', () => {
    expect(commands(linux!)).toContain('bash .ci/run');
  });

  it('windows: runs the commands of .ci/run in Git Bash, PowerShell under test in place of .tools/bin/pwsh', () => {
    expect(windows!.defaults?.run?.shell).toBe('bash');
    const run = commands(windows!);
    for (const command of ciRunCommands) {
      if (command.startsWith('.tools/bin/pwsh ')) {
        expect(run.some((line) => line.includes('$IPPSCONNECT_PWSH') && line.includes('$PSVersionTable'))).toBe(true);
      } else {
        expect(run, command).toContain(command);
      }
    }
    expect(run).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'dotnet tool restore', 'npm test']));
  });

  it('windows: keeps LF line endings (biome) by configuring Git before the checkout', () => {
    const steps = windows!.steps;
    const autocrlf = steps.findIndex((step) => step.run?.includes('core.autocrlf false'));
    const checkout = steps.findIndex((step) => step.uses?.startsWith('actions/checkout@'));
    expect(autocrlf).toBeGreaterThanOrEqual(0);
    expect(autocrlf).toBeLessThan(checkout);
  });

  it('.ci/run has the commands this test expects to find', () => {
    expect(ciRunCommands).toEqual(
      expect.arrayContaining(['npm ci --no-audit --no-fund', 'dotnet tool restore', 'npx biome check .', 'npm test']),
    );
  });
});
