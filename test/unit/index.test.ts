import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('the public API', () => {
  it('exports the library entry points the CLI uses', () => {
    for (const name of [
      'connect',
      'runSession',
      'runJob',
      'dryRun',
      'parseTranscript',
      'createTranscriptParser',
      'replay',
    ] as const) {
      expect(typeof api[name], name).toBe('function');
    }
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
