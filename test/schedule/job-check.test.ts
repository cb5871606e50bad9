import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScheduledJob } from '../../src/schedule/index.js';

const appOnly = {
  appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  organization: 'contoso.onmicrosoft.com',
  certificateThumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
};

describe('checkScheduledJob', () => {
  let folder: string;
  const job = async (name: string, content: unknown) => {
    const file = path.join(folder, name);
    await writeFile(file, JSON.stringify(content));
    return file;
  };
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ippsconnect-job-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('resolves an app-only job for an unattended Windows session (thumbprints allowed)', async () => {
    const configFile = await job('ok.json', { ...appOnly, script: 'report.ps1' });
    const options = await checkScheduledJob({ configFile, flagOptions: {}, env: {} });
    expect(options.unattended).toBe(true);
    expect(options.signIn.kind).toBe('certificate-thumbprint');
    expect(options.work).toEqual({ kind: 'script', path: path.join(folder, 'report.ps1') });
  });

  it('refuses interactive sign-in up front, naming the job file field', async () => {
    const configFile = await job('interactive.json', { userPrincipalName: 'admin@contoso.com', command: 'Get-Label' });
    await expect(checkScheduledJob({ configFile, flagOptions: {}, env: {} })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'config.appId',
      message: expect.stringMatching(/cannot sign in interactively/),
    });
  });

  it('refuses interactive sign-in given as flags, naming the option (the CLI shows it as --app-id)', async () => {
    await expect(
      checkScheduledJob({ flagOptions: { userPrincipalName: 'a@contoso.com' }, env: {} }),
    ).rejects.toMatchObject({
      field: 'appId',
    });
  });

  it('names the job file field of a value resolveOptions refuses, and the option of a flag', async () => {
    const configFile = await job('bad-org.json', { ...appOnly, organization: 'contoso.com' });
    await expect(checkScheduledJob({ configFile, flagOptions: {}, env: {} })).rejects.toMatchObject({
      field: 'config.organization',
      message: expect.stringMatching(/^Invalid config\.organization/),
    });
    await expect(
      checkScheduledJob({ configFile, flagOptions: { organization: 'fabrikam.com' }, env: {} }),
    ).rejects.toMatchObject({ field: 'organization' });
  });

  it('lets flags complete or override the job file', async () => {
    const configFile = await job('partial.json', {
      appId: appOnly.appId,
      certificateThumbprint: appOnly.certificateThumbprint,
    });
    const options = await checkScheduledJob({
      configFile,
      flagOptions: { organization: appOnly.organization },
      env: {},
    });
    expect(options.signIn).toMatchObject({ organization: appOnly.organization });
  });

  it('fails on a job file that does not load (missing environment variable)', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a job file's reference to an environment variable.
    const configFile = await job('env.json', { ...appOnly, organization: '${TENANT}' });
    await expect(checkScheduledJob({ configFile, flagOptions: {}, env: {} })).rejects.toMatchObject({
      field: 'config.organization',
      message: expect.stringContaining('TENANT'),
    });
  });
});
