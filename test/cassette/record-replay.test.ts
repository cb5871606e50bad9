/**
 * Issue 14's acceptance: a session against the stand-in module is recorded into a cassette (real pwsh,
 * real pty), then replayed with no PowerShell to be found (PATH empty, IPPSCONNECT_PWSH unset, no
 * --pwsh), and the code under test sees the same events and the same result or error (code, message, fix,
 * retryability, transcript tail). Every failure scenario the stand-in offers (fixtures/modules/README.md,
 * read here), prompts answered and refused, a hang that times out, an access-token sign-in.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runSession } from '../../src/api.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { IppsConnectError } from '../../src/errors.js';
import type { SessionEvent } from '../../src/session/events.js';
import type { SessionHooks } from '../../src/session/session.js';
import { FakeIdentityProvider } from '../auth/helpers/fake-identity-provider.js';
import { cliPath } from '../helpers/cli.js';
import { repoRoot, skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

/** The `error:<CODE>` scenarios, from the stand-in's own table of error codes. */
const standInErrorCodes = [
  ...readFileSync(join(repoRoot, 'fixtures', 'modules', 'README.md'), 'utf8').matchAll(
    /^\| ([A-Z_]+) \| (?:Build|Session|Auth|Cmdlet) \|/gm,
  ),
].map((match) => match[1]!);

const appOnly = {
  appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
  organization: 'contoso.onmicrosoft.com',
  certificatePath: '/certs/job.pfx',
};

interface Observed {
  events: SessionEvent[];
  outcome: unknown;
}

async function observe(options: Record<string, unknown>, hooks: SessionHooks): Promise<Observed> {
  const events: SessionEvent[] = [];
  const outcome = await runSession(options, { ...hooks, onEvent: (event) => events.push(event) }).then(
    (result) => ({ result }),
    (error: unknown) => {
      if (!(error instanceof IppsConnectError)) throw error;
      const { code, message, fix, retryable, transcriptTail } = error;
      return { error: { code, message, fix, retryable, transcriptTail, exitCode: exitCodeFor(code) } };
    },
  );
  return { events, outcome };
}

describe.skipIf(skipWithoutPwsh)('a cassette recorded against the stand-in replays without PowerShell', () => {
  let world: World | undefined;
  let dir: string | undefined;
  afterEach(() => {
    world?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    world = undefined;
    dir = undefined;
  });

  /** Records with the stand-in (CI unset: recording is refused there), then replays with no pwsh. */
  async function recordThenReplay(
    scenario: string,
    options: Record<string, unknown>,
    hooks: Omit<SessionHooks, 'env'> = {},
    replayHooks: Omit<SessionHooks, 'env'> = hooks,
  ) {
    world = standIn(scenario);
    dir = mkdtempSync(join(tmpdir(), 'ipps-cassette-'));
    const cassette = join(dir, 'session.cast');
    const live = await observe(
      { ...world.options, unattended: true, ...options, cassette: { path: cassette, mode: 'record' } },
      { ...hooks, env: { ...world.env, CI: undefined, IPPSCONNECT_CASSETTE_MODE: undefined } },
    );
    const callsAfterRecording = world.calls().length;
    const { powershell: _, ...withoutPwsh } = { ...world.options, unattended: true, ...options };
    const replayed = await observe(
      { ...withoutPwsh, cassette },
      { ...replayHooks, env: { PATH: '', IPPSCONNECT_CASSETTE_MODE: 'replay' } },
    );
    // Nothing reached the stand-in during the replay: no PowerShell ran.
    expect(world.calls()).toHaveLength(callsAfterRecording);
    return { live, replayed, cassette };
  }

  const work = { command: 'Get-RetentionCompliancePolicy | Select-Object -First 1 Name' };

  it('success: the same events and work result', async () => {
    const { live, replayed } = await recordThenReplay('success', { ...appOnly, ...work });
    expect(live.outcome).toMatchObject({
      result: { work: { success: true, output: expect.arrayContaining(['Mailbox retention 7 years']) } },
    });
    expect(replayed).toEqual(live);
  });

  it.each(standInErrorCodes)('error:%s: the same events and the same error', async (code) => {
    const command = code === 'SEARCH_ONLY_SESSION_REQUIRED' ? { command: 'Get-ComplianceSearch' } : work;
    const { live, replayed } = await recordThenReplay(`error:${code}`, { ...appOnly, ...command });
    expect(live.events).toContainEqual(expect.objectContaining({ type: 'error', code }));
    expect(live.outcome).toHaveProperty('error');
    expect(replayed).toEqual(live);
  });

  it('a prompt in an unattended session (prompt:credential): PROMPT_IN_UNATTENDED replays', async () => {
    const { live, replayed } = await recordThenReplay('prompt:credential', { ...appOnly, ...work });
    expect(live.outcome).toMatchObject({ error: { code: 'PROMPT_IN_UNATTENDED', exitCode: 3 } });
    expect(replayed).toEqual(live);
  });

  it('a prompt a person answers: the prompt event, the answer, the connection', async () => {
    const answer = async () => '123456';
    const { live, replayed } = await recordThenReplay(
      'prompt',
      { ...appOnly, ...work, unattended: false },
      { answerPrompt: answer },
    );
    expect(live.events).toContainEqual(expect.objectContaining({ type: 'prompt' }));
    expect(live.outcome).toHaveProperty('result');
    expect(replayed).toEqual(live);
  });

  it('a prompt the person declines: the interrupt replays, PROMPT_IN_UNATTENDED', async () => {
    const decline = async () => undefined;
    const { live, replayed } = await recordThenReplay(
      'prompt',
      { ...appOnly, ...work, unattended: false },
      { answerPrompt: decline },
    );
    expect(live.outcome).toMatchObject({ error: { code: 'PROMPT_IN_UNATTENDED' } });
    expect(replayed).toEqual(live);
  });

  it('a connect that hangs: TIMEOUT, then the interrupt and disconnect, replayed at once', async () => {
    const { live, replayed, cassette } = await recordThenReplay('hang', {
      ...appOnly,
      ...work,
      timeouts: { connectMs: 2_000 },
    });
    expect(live.outcome).toMatchObject({ error: { code: 'TIMEOUT', retryable: true, exitCode: 6 } });
    expect(readFileSync(cassette, 'utf8')).toMatch(/ipps:interrupted/);
    expect(replayed).toEqual(live);
  });

  it('an access-token sign-in: replayed without asking the identity provider for a token', async () => {
    const tokenOptions = {
      organization: appOnly.organization,
      appId: appOnly.appId,
      clientSecretEnv: 'JOB_SECRET',
      ...work,
    };
    world = standIn('success', { JOB_SECRET: 'a-client-secret-value' });
    const recordingIdentity = new FakeIdentityProvider();
    const replayIdentity = new FakeIdentityProvider();
    dir = mkdtempSync(join(tmpdir(), 'ipps-cassette-'));
    const cassette = join(dir, 'session.cast');
    const live = await observe(
      { ...world.options, unattended: true, ...tokenOptions, cassette: { path: cassette, mode: 'record' } },
      {
        env: { ...world.env, CI: undefined },
        tokenDependencies: { networkClient: recordingIdentity, cachePlugin: null },
      },
    );
    const replayed = await observe(
      { modulePath: world.options.modulePath, unattended: true, ...tokenOptions, cassette },
      { env: { PATH: '', CI: 'true' }, tokenDependencies: { networkClient: replayIdentity, cachePlugin: null } },
    );
    expect(recordingIdentity.issuedAccessTokens).toHaveLength(1);
    expect(replayIdentity.tokenRequests()).toEqual([]);
    expect(live.outcome).toHaveProperty('result');
    expect(replayed).toEqual(live);
    expect(readFileSync(cassette, 'utf8')).not.toContain(recordingIdentity.issuedAccessTokens[0]);
  });

  it.each([
    ['success', 0],
    ['error:CONNECTION_LIMIT', 5],
    ['error:MFA_REQUIRED', 3],
  ])('CLI run --output json --json, %s: the same stdout, events and exit code (%i)', async (scenario, exitCode) => {
    world = standIn(scenario);
    dir = mkdtempSync(join(tmpdir(), 'ipps-cassette-'));
    const cassette = join(dir, 'job.cast');
    const args = [
      cliPath,
      'run',
      '--app-id',
      appOnly.appId,
      '--organization',
      appOnly.organization,
      '--certificate-path',
      appOnly.certificatePath,
      '--module-path',
      standInModulesDir,
      '--command',
      "Write-Host 'collecting'; Get-RetentionCompliancePolicy",
      '--output',
      'json',
      '--retries',
      '0',
      '--json',
      '--cassette',
      cassette,
    ];
    const cli = (extra: string[], env: Record<string, string | undefined>) =>
      execa(process.execPath, [...args, ...extra], {
        env: { ...env, IPPSCONNECT_LOCK_DIR: join(dir!, 'locks') },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
        timeout: 90_000,
      });
    const { CI: _, IPPSCONNECT_CASSETTE_MODE: __, ...recordEnv } = world.env;
    const live = await cli(['--pwsh', testPwsh!], recordEnv);
    const replayed = await cli([], { PATH: '', CI: 'true' });
    expect(live.exitCode).toBe(exitCode);
    expect({ exitCode: replayed.exitCode, stdout: replayed.stdout, stderr: replayed.stderr }).toEqual({
      exitCode: live.exitCode,
      stdout: live.stdout,
      stderr: live.stderr,
    });
  });
});
