import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerReadsHidden } from '../../src/session/prompt-secrecy.js';
import { runCliInPty } from '../helpers/cli.js';
import { skipWithoutPwsh, standInModulesDir, testPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';

type World = ReturnType<typeof standIn>;

describe('which prompt answers are read hidden (pure rule)', () => {
  it.each([
    ['Password: ', true],
    ['Client secret: ', true],
    ['PIN: ', true],
    ['Kennwort: ', true],
    ['Mot de passe : ', true],
    ['Enter the code sent to your phone: ', true],
    ['Name: ', true],
    ['[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ', false],
    ['[J] Ja  [A] Ja, alle  [N] Nein  [K] Nein, keine  [H] Anhalten  [?] Hilfe (Standard ist "J"): ', false],
    ['[A] Apple  [B] Banana  [?] Help (default is "A"): ', false],
  ])('%j → hidden %s', (text, hidden) => {
    expect(answerReadsHidden(text)).toBe(hidden);
  });
});

describe.skipIf(skipWithoutPwsh)('answers typed at prompts never reach the screen, the recording or the events', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  it("Read-Host 'Client secret' and a PIN read with -AsSecureString: hidden, redacted, still delivered", async () => {
    world = standIn('success');
    const cast = join(world.dir, 'session.cast');
    const answers = { secret: 'AnswerSentinel-8d2f', pin: 'PinSentinel-5521' };
    const typed = new Set<string>();
    const result = await runCliInPty(
      [
        'connect',
        '--pwsh',
        testPwsh!,
        '--module-path',
        standInModulesDir,
        '--upn',
        'chris@contoso.com',
        '--record',
        cast,
        '--command',
        "$a = Read-Host 'Client secret'; $b = Read-Host 'PIN' -AsSecureString; Write-Host \"lengths $($a.Length) $($b.Length)\"",
      ],
      world.env,
      60_000,
      (screen, type) => {
        if (!typed.has('secret') && /Client secret: $/.test(screen)) {
          typed.add('secret');
          type(`${answers.secret}\r`);
        }
        if (!typed.has('pin') && /PIN: $/.test(screen)) {
          typed.add('pin');
          type(`${answers.pin}\r`);
        }
      },
    );
    expect(result.output).toContain(`lengths ${answers.secret.length} ${answers.pin.length}`);
    expect(result.exitCode).toBe(0);
    expect(existsSync(cast)).toBe(true);
    for (const answer of Object.values(answers)) {
      expect(result.output).not.toContain(answer);
      expect(readFileSync(cast, 'utf8')).not.toContain(answer);
    }
  });
});
