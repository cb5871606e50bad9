/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: job files write environment references as ${NAME}. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJobConfig, parseJobConfig } from '../../src/config/index.js';
import { IppsConnectError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';

const appOnly = {
  appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  organization: 'contoso.onmicrosoft.com',
  certificatePath: 'certs/app.pfx',
  certificatePasswordEnv: 'PFX_PASSWORD',
};

/** Parses a job file (as JSON text) in a POSIX folder, returning the error it throws, if any. */
function parse(content: unknown, env: Record<string, string> = {}) {
  return parseJobConfig(JSON.stringify(content), { file: '/jobs/nightly/job.json', env, path: path.posix });
}

function errorOf(action: () => unknown): IppsConnectError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(IppsConnectError);
    const failure = error as IppsConnectError;
    expect(failure.code).toBe('INVALID_INPUT');
    expect(failure.fix.length).toBeGreaterThan(10);
    return failure;
  }
  throw new Error('expected an IppsConnectError');
}

describe('job config file', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-config-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('loads a valid file: connect options for resolveOptions, job fields apart', async () => {
    const file = path.join(folder, 'job.json');
    await writeFile(
      file,
      JSON.stringify({
        $schema: './ippsconnect-job.schema.json',
        ...appOnly,
        script: 'report.ps1',
        timeouts: { connectMs: 90_000 },
        output: 'json',
        depth: 6,
        retries: 2,
        log: 'logs/nightly.jsonl',
      }),
    );
    const config = await loadJobConfig(file, {});
    expect(config.file).toBe(file);
    expect(config.job).toEqual({
      output: 'json',
      depth: 6,
      retries: 2,
      log: path.join(folder, 'logs', 'nightly.jsonl'),
    });
    expect(config.connect).toEqual({
      ...appOnly,
      certificatePath: path.join(folder, 'certs', 'app.pfx'),
      script: path.join(folder, 'report.ps1'),
      timeouts: { connectMs: 90_000 },
    });
    const resolved = resolveOptions(config.connect, { platform: 'posix', interactiveTerminal: false });
    expect(resolved.signIn).toMatchObject({ kind: 'certificate-file', passwordEnv: 'PFX_PASSWORD' });
  });

  it('reads a file saved with a byte-order mark (Notepad on Windows)', async () => {
    const file = path.join(folder, 'bom.json');
    await writeFile(file, `\uFEFF${JSON.stringify(appOnly)}`);
    await expect(loadJobConfig(file, {})).resolves.toMatchObject({ connect: { appId: appOnly.appId } });
  });

  it('names the file when it cannot be read or is not JSON', async () => {
    await expect(loadJobConfig(path.join(folder, 'missing.json'), {})).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'config',
    });
    const failure = errorOf(() => parseJobConfig('{ "appId": ', { file: '/j/job.json', env: {} }));
    expect(failure.message).toMatch(/not valid JSON/);
    expect(failure.message).toContain('/j/job.json');
    expect(errorOf(() => parse(['appId'])).field).toBe('config');
  });

  it('refuses an unknown key, naming it (nested ones too)', () => {
    expect(errorOf(() => parse({ ...appOnly, apId: 'x' }))).toMatchObject({ field: 'config.apId' });
    expect(errorOf(() => parse({ ...appOnly, apId: 'x' })).message).toMatch(/unknown key "apId"/);
    expect(errorOf(() => parse({ ...appOnly, timeouts: { connectSeconds: 5 } })).field).toBe(
      'config.timeouts.connectSeconds',
    );
  });

  it('refuses a value of the wrong type, naming the field', () => {
    expect(errorOf(() => parse({ ...appOnly, timeouts: { connectMs: '90s' } })).field).toBe(
      'config.timeouts.connectMs',
    );
    expect(errorOf(() => parse({ ...appOnly, modulePath: ['ok', 7] })).field).toBe('config.modulePath[1]');
    expect(errorOf(() => parse({ ...appOnly, output: 'xml' })).field).toBe('config.output');
    expect(errorOf(() => parse({ ...appOnly, depth: 101 })).field).toBe('config.depth');
  });

  it('expands ${NAME} from the environment in every string, and $${ as a literal ${', () => {
    const config = parse(
      {
        appId: '${APP_ID}',
        organization: '${TENANT}.onmicrosoft.com',
        certificatePath: '${CERTS}/app.pfx',
        command: 'Get-Label | Out-File "$${env:TEMP}/x" ; "${env:USERNAME}"',
        modulePath: ['${CERTS}/modules'],
      },
      { APP_ID: appOnly.appId, TENANT: 'contoso', CERTS: '/secure' },
    );
    expect(config.connect).toMatchObject({
      appId: appOnly.appId,
      organization: 'contoso.onmicrosoft.com',
      certificatePath: '/secure/app.pfx',
      modulePath: ['/secure/modules'],
      // `${env:USERNAME}` is PowerShell, not a reference: left alone.
      command: 'Get-Label | Out-File "${env:TEMP}/x" ; "${env:USERNAME}"',
    });
  });

  it('names the field and the variable when a referenced variable is missing or empty', () => {
    const missing = errorOf(() => parse({ ...appOnly, timeouts: {}, organization: '${TENANT_DOMAIN}' }));
    expect(missing.field).toBe('config.organization');
    expect(missing.message).toMatch(/TENANT_DOMAIN/);
    const empty = errorOf(() => parse({ ...appOnly, modulePath: ['${MODS}'] }, { MODS: '' }));
    expect(empty.field).toBe('config.modulePath[0]');
    expect(empty.message).toMatch(/MODS.*empty/);
  });

  it.each([
    ['password', 'hunter2'],
    ['certificatePassword', 'hunter2'],
    ['clientSecret', '${CLIENT_SECRET}'],
    ['accessToken', 'abc'],
    ['secret', 'x'],
  ])('refuses a secret key %s in a job file, pointing at environment variables', (key, value) => {
    const failure = errorOf(() => parse({ ...appOnly, [key]: value }, { CLIENT_SECRET: 's' }));
    expect(failure.field).toBe(`config.${key}`);
    expect(failure.fix).toMatch(/certificatePasswordEnv/);
    expect(failure.fix).toMatch(/\$\{NAME\}/);
  });

  it('refuses a secret key wherever it is nested', () => {
    expect(errorOf(() => parse({ ...appOnly, timeouts: { apiKey: 'x' } })).field).toBe('config.timeouts.apiKey');
  });

  it('refuses a JWT-looking value in any field, and a bearer token', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3BzIn0.c2lnbmF0dXJl';
    const inCommand = errorOf(() => parse({ ...appOnly, command: `Connect-Thing -Token '${jwt}'` }));
    expect(inCommand.field).toBe('config.command');
    expect(inCommand.message).not.toContain(jwt);
    expect(errorOf(() => parse({ ...appOnly, modulePath: [jwt] })).field).toBe('config.modulePath[0]');
    expect(
      errorOf(() => parse({ ...appOnly, command: 'iwr -Headers @{Authorization="Bearer abcdefghijklmnopqrstu"}' }))
        .field,
    ).toBe('config.command');
  });

  it('in command, a ${NAME} becomes a reference PowerShell reads from its environment; the value is kept for the redactor', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3BzIn0.c2lnbmF0dXJl';
    const config = parse(
      { ...appOnly, command: '"${TOKEN}".Length; Send-It -Key ${KEY}' },
      { TOKEN: jwt, KEY: "a'b;c" },
    );
    // The value is never spliced into the code: a quote or `;` in it cannot change the command.
    expect(config.connect.command).toBe('"${env:TOKEN}".Length; Send-It -Key ${env:KEY}');
    expect(config.redact).toEqual([jwt, "a'b;c"]);
  });

  it('refuses a job file nested 3000 deep as bad input naming the key, not a stack overflow', () => {
    const deep = `{"timeouts":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const failure = errorOf(() => parseJobConfig(deep, { file: '/jobs/deep.json', env: {}, path: path.posix }));
    expect(failure.code).toBe('INVALID_INPUT');
    expect(failure.field).toMatch(/^config\.timeouts/);
  });

  it('resolves script, certificatePath, modulePath, log and recordings against the file folder', () => {
    const config = parse({
      ...appOnly,
      script: '../shared/report.ps1',
      modulePath: ['modules', '/opt/modules'],
      record: 'casts/run.cast',
      recordFailures: 'casts/failed',
      log: 'job.log',
      powershell: 'pwsh',
    });
    expect(config.connect).toMatchObject({
      script: '/jobs/shared/report.ps1',
      certificatePath: '/jobs/nightly/certs/app.pfx',
      modulePath: ['/jobs/nightly/modules', '/opt/modules'],
      record: '/jobs/nightly/casts/run.cast',
      recordFailures: '/jobs/nightly/casts/failed',
      powershell: 'pwsh',
    });
    expect(config.job.log).toBe('/jobs/nightly/job.log');
  });

  it('resolves Windows paths by Windows rules (drive letters, UNC, backslashes)', () => {
    const config = parseJobConfig(
      JSON.stringify({
        ...appOnly,
        certificatePath: 'certs\\app.pfx',
        script: 'D:\\scripts\\report.ps1',
        modulePath: ['\\\\fileserver\\modules', '..\\modules'],
        powershell: 'tools\\pwsh\\pwsh.exe',
      }),
      { file: 'C:\\Jobs\\nightly\\job.json', env: {}, path: path.win32 },
    );
    expect(config.connect).toMatchObject({
      certificatePath: 'C:\\Jobs\\nightly\\certs\\app.pfx',
      script: 'D:\\scripts\\report.ps1',
      modulePath: ['\\\\fileserver\\modules', 'C:\\Jobs\\modules'],
      powershell: 'C:\\Jobs\\nightly\\tools\\pwsh\\pwsh.exe',
    });
  });
});
