import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranscriptParser } from '../../src/transcript/index.js';
import { repoRoot } from '../helpers/pwsh.js';

/**
 * Every message the real module's script layer throws (exo-real-interface §2.1/§2.2) is recognised as a code
 * with a fix, in the Windows PowerShell 5.1 view and the PowerShell 7 view. The views are the recorded
 * fixtures of `Invalid ConnectionUri parameter 'cmdlet'` (a string thrown by the psm1, as every one of these
 * is) with the message replaced, so the layout is PowerShell's own.
 */
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'transcripts', name), 'latin1');
const view51 = fixture('invalid-connection-uri--ps51-qa-text.txt');
const view7 = fixture('invalid-connection-uri--ps7-standin-80.txt');
const original = "Invalid ConnectionUri parameter 'cmdlet'";

function errorsOf(text: string) {
  const parser = createTranscriptParser();
  return [...parser.push(text), ...parser.end()].filter((event) => event.type === 'error');
}

const messages: Array<[message: string, code: string]> = [
  ["Invalid AzureADAuthorizationEndpointUri parameter 'cmdlet'", 'INVALID_CONNECTION_URI'],
  ["Prefix 'EXO' is a reserved Prefix, please use a different prefix.", 'INVALID_PREFIX'],
  ['Use of any special characters in the Prefix string is not supported.', 'INVALID_PREFIX'],
  [
    "Missing an argument for parameter 'Prefix'. Specify a parameter of type 'System.String'",
    'PARAMETER_NOT_SUPPORTED',
  ],
  ["A parameter cannot be found that matches parameter name 'CertificateThumbprint'.", 'PARAMETER_NOT_SUPPORTED'],
];

describe('script-layer messages of ExchangeOnlineManagement.psm1 (both views)', () => {
  it.each(messages)('5.1 view: %s -> %s', (message, code) => {
    // The 5.1 record repeats the message in the throw line, the CategoryInfo and the FullyQualifiedErrorId.
    const errors = errorsOf(view51.replaceAll(original, message).replaceAll("'$ConnectionUri'", "'x'"));
    expect(errors.map((event) => (event as { code: string }).code)).toEqual([code]);
    expect((errors[0] as { fix: string }).fix).not.toBe('');
  });

  it.each(messages)('7 view: %s -> %s', (message, code) => {
    const errors = errorsOf(view7.replaceAll(original, message));
    expect(errors.map((event) => (event as { code: string }).code)).toEqual([code]);
  });

  it.each(['module-build-failed--ps51-exo-facts-sample.txt', 'module-build-failed--ps7-standin-120.txt'])(
    'Module could not be correctly formed = MODULE_BUILD_FAILED (%s)',
    (name) => {
      expect(errorsOf(fixture(name)).map((event) => (event as { code: string }).code)).toEqual(['MODULE_BUILD_FAILED']);
    },
  );
});
