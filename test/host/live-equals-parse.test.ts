// Issue 13, "one terminal model": the events a live session reads from each request equal the events of
// parsing the session's own recording (its raw console output) with the same parser options, over every
// stand-in scenario that finishes (`hang` never does). One connected session runs them all: the stand-in
// reads its scenario at every call, so each work item sets it and connects again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/api.js';
import type { SessionEvent } from '../../src/session/events.js';
import { liveParserOptions, type Session } from '../../src/session/session.js';
import { createTranscriptParser } from '../../src/transcript/index.js';
import { repoRoot, skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

/** Every error code the stand-in knows (fixtures/modules/.standin/Errors.ps1). */
function standInErrorCodes(): string[] {
  const text = readFileSync(join(repoRoot, 'fixtures', 'modules', '.standin', 'Errors.ps1'), 'utf8');
  return [...text.matchAll(/^\s+([A-Z_]+)\s+=\s+@\{/gm)].map((match) => match[1]!);
}

/**
 * The events the transcript parser makes. The session adds phases, exits and `connected` of its own
 * (`connected` from Get-ConnectionInformation's objects, which never touch the screen).
 */
const parserTypes = new Set(['output', 'error', 'progress', 'banner', 'device-code', 'prompt']);

describe.skipIf(skipWithoutPwsh)('live events equal the parse of the recording', () => {
  let world: ReturnType<typeof standIn> | undefined;
  let session: Session | undefined;
  const live: SessionEvent[] = [];
  let recording = '';

  beforeAll(async () => {
    world = standIn('success', { IPPSCONNECT_STANDIN_DELAY_MS: '5' });
    session = await connect(
      {
        ...world.options,
        appId: '6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f',
        organization: 'contoso.onmicrosoft.com',
        certificatePath: '/certs/job.pfx',
        unattended: true,
      },
      {
        env: world.env,
        // From the very start: the recording is the whole session, as --record writes it.
        onEvent: (event) => live.push(event),
        onOutput: (data) => {
          recording += data;
        },
      },
    );
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    world?.dispose();
  });

  it('over success, flood, prompt, prompt:credential and every error scenario', async () => {
    const scenarios = [
      'success',
      'flood:0.05',
      'prompt',
      'prompt:credential',
      ...standInErrorCodes().map((code) => `error:${code}`),
    ];
    expect(scenarios.length).toBeGreaterThan(20);
    for (const scenario of scenarios) {
      await session!.work({
        kind: 'command',
        code: `$env:IPPSCONNECT_STANDIN_SCENARIO = '${scenario}'; Connect-IPPSSession -AppId 6f2b3c1e-7a5d-4c3b-9e8f-0a1b2c3d4e5f -Organization contoso.onmicrosoft.com -CertificateFilePath /certs/job.pfx; 'after ${scenario}'`,
      });
    }
    const parser = createTranscriptParser(liveParserOptions);
    const parsed = [...parser.push(recording), ...parser.end()];
    const liveParserEvents = live.filter((event) => parserTypes.has(event.type));
    expect(liveParserEvents.filter((event) => event.type === 'error').length).toBeGreaterThan(20);
    expect(parsed).toEqual(liveParserEvents);
  }, 300_000);
});
