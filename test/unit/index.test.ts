import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('the public API', () => {
  it('exports the library entry points the CLI uses', () => {
    const entryPoints = {
      connect: api.connect,
      runSession: api.runSession,
      runJob: api.runJob,
      dryRun: api.dryRun,
      parseTranscript: api.parseTranscript,
      createTranscriptParser: api.createTranscriptParser,
      replay: api.replay,
    };
    for (const [name, entryPoint] of Object.entries(entryPoints)) expect(typeof entryPoint, name).toBe('function');
    expect(api.errorCodes).toContain('CONNECTION_LIMIT');
    expect(api.failureCodes).toContain('MODULE_IMPORT_FAILED');
  });

  it('parses a transcript without any PowerShell', () => {
    const events = api.parseTranscript(
      'Connect-IPPSSession: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3\n',
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'CONNECTION_LIMIT', retryable: true }),
    );
  });
});
