/**
 * Bad input, everywhere: every option of every command with malformed values, and conflicting
 * combinations. Each must end with exit 2 before anything starts, a message naming the option (the flag on
 * the command line, the key in a job file) and one fix, printed once; nothing left behind: no PowerShell
 * started, no file written. Runs the CLI's program in-process (the shipped, bundled CLI is run as a process
 * by test/integration/cli.test.ts).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appId = '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f';
const organization = 'contoso.onmicrosoft.com';

/** One case: a command line, and the flag or job-file key the message must name. */
interface Row {
  name: string;
  argv: string[];
  names: string;
}

/** Made when the file loads: the rows name paths inside it. */
const dir = mkdtempSync(join(tmpdir(), 'ipps-bad-input-'));
const marker = join(dir, 'powershell-started');
let runCli: (argv: readonly string[], streams: { stdout: Writable; stderr: Writable }) => Promise<number>;

/** Paths inside the test folder, made in beforeAll. */
const paths = {
  get job() {
    return join(dir, 'job.json');
  },
  file(name: string) {
    return join(dir, name);
  },
};

const overlong = 'a'.repeat(5000);
/** Malformed values of a free-text option, each a row. */
const malformed = { empty: '', whitespace: '   ', control: 'ab\u0007cd', newline: 'ab\ncd', overlong };

const signIn = ['--app-id', appId, '--organization', organization, '--certificate-path', '/certs/job.pfx'];

function valueRows(command: string, base: string[], flag: string, values: Record<string, string>): Row[] {
  return Object.entries(values).map(([kind, value]) => ({
    name: `${command} ${flag} ${kind}`,
    argv: [command, ...base, flag, value],
    names: flag,
  }));
}

/** Connection flags that take a word, name, path or address (each gets every malformed value). */
const textFlags = [
  '--upn',
  '--connection-uri',
  '--authority',
  '--app-id',
  '--organization',
  '--certificate-path',
  '--certificate-password-env',
  '--client-secret-env',
  '--certificate-pem',
  '--delegated-organization',
  '--prefix',
  '--command-name',
  '--exo-prefix',
  '--pwsh',
  '--module-path',
  '--install-repository',
  '--script',
  '--record',
  '--record-failures',
];

function rows(): Row[] {
  const table: Row[] = [];
  for (const command of ['connect', 'run']) {
    const base = [...signIn, '--command', 'Get-Date'];
    for (const flag of textFlags) {
      // --command and --script are one choice: a --script row drops the base --command.
      const rowBase = flag === '--script' ? signIn : base;
      table.push(...valueRows(command, rowBase, flag, malformed));
    }
    table.push(
      ...valueRows(command, signIn, '--command', { empty: '', whitespace: '   ', control: 'Get-Date\u0007' }),
      ...valueRows(command, base, '--cloud', { unknown: 'mars', number: '3', empty: '' }),
      ...valueRows(command, base, '--certificate-thumbprint', { word: 'thumb', empty: '' }),
      ...valueRows(command, base, '--timeout', { word: 'abc', negative: '-5', zero: '0', huge: '3000000', empty: '' }),
      ...valueRows(command, base, '--idle-timeout', { word: 'abc', huge: '3000000', empty: '' }),
      ...valueRows(command, base, '--command-timeout', { word: 'abc', huge: '3000000', empty: '' }),
      {
        name: `${command} --script missing`,
        argv: [command, ...signIn, '--script', paths.file('missing.ps1')],
        names: '--script',
      },
      {
        name: `${command} --certificate-pem missing`,
        argv: [
          command,
          '--app-id',
          appId,
          '--organization',
          organization,
          '--command',
          'Get-Date',
          '--certificate-pem',
          paths.file('missing.pem'),
        ],
        names: '--certificate-pem',
      },
      {
        name: `${command} --module-path missing`,
        argv: [command, ...base, '--module-path', paths.file('missing-modules')],
        names: '--module-path',
      },
      // Conflicting combinations.
      {
        name: `${command} two sign-in modes`,
        argv: [command, ...base, '--client-secret-env', 'APP_SECRET', '--device-code'],
        names: '--client-secret-env',
      },
      {
        name: `${command} --command and --script`,
        argv: [command, ...base, '--script', paths.file('work.ps1')],
        names: '--command',
      },
      {
        name: `${command} --certificate-path and --certificate-thumbprint`,
        argv: [command, ...base, '--certificate-thumbprint', 'AB'.repeat(20)],
        names: '--certificate',
      },
      {
        name: `${command} app-only options with --upn`,
        argv: [command, ...base, '--upn', 'chris@contoso.com'],
        names: '--upn',
      },
      {
        name: `${command} the same prefix twice`,
        argv: [command, ...base, '--prefix', 'Cc', '--exo-prefix', 'Cc'],
        names: '--exo-prefix',
      },
      {
        name: `${command} --organization not a tenant domain`,
        argv: [command, ...base, '--organization', 'contoso'],
        names: '--organization',
      },
      { name: `${command} --legacy on PowerShell 7`, argv: [command, ...base, '--legacy'], names: '--legacy' },
      { name: `${command} unknown option`, argv: [command, ...base, '--colour'], names: '--colour' },
    );
  }
  const runBase = ['run', ...signIn, '--command', 'Get-Date'];
  table.push(
    ...valueRows('run', runBase.slice(1), '--output', { unknown: 'yaml', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--depth', { word: 'deep', zero: '0', fraction: '1.5', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--retries', { word: 'many', negative: '-1', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--retry-delay', { word: 'soon', huge: '3000000', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--retry-max-time', { word: 'long', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--max-sessions', { word: 'few', zero: '0', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--slot-wait', { word: 'long', huge: '3000000', empty: '' }),
    ...valueRows('run', runBase.slice(1), '--log', { empty: '', whitespace: '   ', control: 'a\u0007.log', overlong }),
    ...valueRows('run', runBase.slice(1), '--config', {
      empty: '',
      missing: paths.file('missing.json'),
      folder: dir,
      device: '/dev/null',
      fifo: paths.file('fifo'),
    }),
    // root reads any file: the row means nothing there.
    ...(process.getuid?.() === 0
      ? []
      : [
          {
            name: 'run --config unreadable',
            argv: ['run', '--config', paths.file('unreadable.json')],
            names: '--config',
          },
        ]),
    {
      name: 'run --dry-run with an unusable --config',
      argv: ['run', '--dry-run', '--config', paths.file('not-json.json')],
      names: 'config',
    },
    { name: 'job file not JSON', argv: ['run', '--config', paths.file('not-json.json')], names: 'config' },
    { name: 'job file an array', argv: ['run', '--config', paths.file('array.json')], names: 'config' },
    { name: 'job file unknown key', argv: ['run', '--config', paths.file('unknown-key.json')], names: 'config.colour' },
    { name: 'job file wrong type', argv: ['run', '--config', paths.file('wrong-type.json')], names: 'config.retries' },
    { name: 'job file unknown cloud', argv: ['run', '--config', paths.file('bad-cloud.json')], names: 'config.cloud' },
    {
      name: 'job file huge timeout',
      argv: ['run', '--config', paths.file('huge-timeout.json')],
      names: 'config.timeouts.commandMs',
    },
    {
      name: 'job file control character',
      argv: ['run', '--config', paths.file('control.json')],
      names: 'config.organization',
    },
    { name: 'job file nested 3000 deep', argv: ['run', '--config', paths.file('deep.json')], names: 'config.timeouts' },
    {
      name: 'parse --columns word',
      argv: ['parse', '--columns', 'abc', paths.file('transcript.txt')],
      names: '--columns',
    },
    {
      name: 'parse --columns zero',
      argv: ['parse', '--columns', '0', paths.file('transcript.txt')],
      names: '--columns',
    },
    {
      name: 'parse missing file',
      argv: ['parse', paths.file('missing.txt')],
      names: 'missing.txt',
    },
    {
      name: 'replay --speed word',
      argv: ['replay', '--speed', 'fast', paths.file('transcript.txt')],
      names: '--speed',
    },
    {
      name: 'replay --max-idle word',
      argv: ['replay', '--max-idle', 'long', paths.file('transcript.txt')],
      names: '--max-idle',
    },
    { name: 'endpoints unknown option', argv: ['endpoints', '--cloud', 'gcc'], names: '--cloud' },
    {
      name: 'schedule add two schedules',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--every',
        '15m',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
      ],
      names: '--every',
    },
    {
      name: 'schedule add --daily word',
      argv: ['schedule', 'add', 'job', '--daily', 'night', '--print', '--', 'run', '--config', paths.file('good.json')],
      names: '--daily',
    },
    {
      name: 'schedule add --every number',
      argv: ['schedule', 'add', 'job', '--every', '15', '--print', '--', 'run', '--config', paths.file('good.json')],
      names: '--every',
    },
    {
      name: 'schedule add --retries word',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--retries',
        'x',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
      ],
      names: '--retries',
    },
    {
      name: 'schedule add --time-limit word',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--time-limit',
        'long',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
      ],
      names: '--time-limit',
    },
    {
      name: 'schedule add --logon unknown',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--logon',
        'kerberos',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
      ],
      names: '--logon',
    },
    {
      name: 'schedule add empty name',
      argv: ['schedule', 'add', '', '--daily', '02:00', '--print', '--', 'run', '--config', paths.file('good.json')],
      names: 'name',
    },
    {
      name: 'schedule add bad run flag',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
        '--timeout',
        'abc',
      ],
      names: '--timeout',
    },
    {
      name: 'schedule add --dry-run task',
      argv: [
        'schedule',
        'add',
        'job',
        '--daily',
        '02:00',
        '--print',
        '--',
        'run',
        '--config',
        paths.file('good.json'),
        '--dry-run',
      ],
      names: '--dry-run',
    },
  );
  return table;
}

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

const savedEnv = { ...process.env };

beforeAll(async () => {
  // A "PowerShell" that leaves a mark if anything starts it.
  const fakePwsh = join(dir, 'fake-pwsh');
  writeFileSync(fakePwsh, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  process.env.IPPSCONNECT_PWSH = fakePwsh;
  process.env.IPPSCONNECT_LOCK_DIR = join(dir, 'locks');
  process.env.APP_SECRET = 'app-secret-value-1234';
  const job = (name: string, content: string) => writeFileSync(join(dir, name), content);
  job('not-json.json', '{ "appId": ');
  job('array.json', '[]');
  job('unknown-key.json', JSON.stringify({ colour: 'red' }));
  job('wrong-type.json', JSON.stringify({ retries: 'three' }));
  job('bad-cloud.json', JSON.stringify({ cloud: 'mars' }));
  job('huge-timeout.json', JSON.stringify({ timeouts: { commandMs: 3_000_000_000 } }));
  job(
    'control.json',
    JSON.stringify({
      appId,
      organization: 'contoso\u0007.onmicrosoft.com',
      certificatePath: '/c.pfx',
      command: 'Get-Date',
    }),
  );
  job('deep.json', `{"timeouts":${'['.repeat(3000)}${']'.repeat(3000)}}`);
  job('good.json', JSON.stringify({ appId, organization, certificatePath: '/c.pfx', command: 'Get-Date' }));
  job('unreadable.json', '{}');
  chmodSync(join(dir, 'unreadable.json'), 0o000);
  job('work.ps1', 'Get-Date');
  job('transcript.txt', 'PS> Get-Date\n');
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'empty-folder'));
  ({ runCli } = await import('../../src/cli/program.js'));
});

afterAll(() => {
  process.env = savedEnv;
  rmSync(dir, { recursive: true, force: true });
});

/** What the test folder holds before any row runs: every row must leave it exactly so. */
const made = [
  'array.json',
  'bad-cloud.json',
  'control.json',
  'deep.json',
  'empty-folder',
  'fake-pwsh',
  'fifo',
  'good.json',
  'huge-timeout.json',
  'not-json.json',
  'transcript.txt',
  'unknown-key.json',
  'unreadable.json',
  'work.ps1',
  'wrong-type.json',
].sort();

describe.skipIf(process.platform === 'win32')(
  'bad input: exit 2, the option named, one fix, nothing started or left',
  () => {
    it.each(rows())('$name', async (row) => {
      // A row that failed leaves its marks; remove them so the next row is judged on its own.
      for (const name of readdirSync(dir))
        if (!made.includes(name)) rmSync(join(dir, name), { recursive: true, force: true });
      const cwdBefore = readdirSync(process.cwd()).sort();
      const stdout = collect();
      const stderr = collect();
      const code = await runCli(row.argv, { stdout: stdout.stream, stderr: stderr.stream });
      const printed = stdout.text() + stderr.text();
      // One fix, printed once: our errors end with one "Fix:" line; commander's are one "error:" line.
      const fixes = (printed.match(/Fix:/g) ?? []).length + (printed.match(/^error:/gm) ?? []).length;
      const outcome = {
        code,
        namesOption: printed.includes(row.names),
        fixes,
        powershellStarted: existsSync(marker),
        cwd: readdirSync(process.cwd()).sort(),
        folder: readdirSync(dir)
          .filter((name) => name !== 'powershell-started')
          .sort(),
      };
      expect(outcome, printed).toEqual({
        code: 2,
        namesOption: true,
        fixes: 1,
        powershellStarted: false,
        cwd: cwdBefore,
        folder: made,
      });
    });
  },
);
