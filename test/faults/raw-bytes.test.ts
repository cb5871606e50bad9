import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/api.js';
import type { SessionEvent } from '../../src/session/events.js';
import { createTranscriptParser } from '../../src/transcript/index.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import {
  descendantsOf,
  expectAllGone,
  expectNoCrash,
  linuxOnly,
  runCliWatched,
  trackUnhandledRejections,
} from './helpers.js';

type World = ReturnType<typeof standIn>;

/**
 * Bytes no well-behaved program prints: invalid UTF-8 (stray continuation and lead bytes, a truncated
 * sequence, an encoded surrogate, 0xFF/0xFE), NUL and other C0 controls, DEL, a DCS string cancelled by
 * CAN, an OSC title ended by ST, an 8-bit CSI (0x9B, itself invalid UTF-8).
 */
const garbage = [
  ...Buffer.from('bad bytes: '),
  0xff,
  0xfe,
  0xc3,
  0x28,
  0xa0,
  0xa1,
  0xe2,
  0x28,
  0xa1,
  0xf0,
  0x28,
  0x8c,
  0xbc,
  0xed,
  0xa0,
  0x80,
  0xc0,
  0xaf,
  0x00,
  0x01,
  0x07,
  0x7f,
  ...Buffer.from('\x1bPq#0;2;0;0;0'),
  0x18,
  ...Buffer.from('\x1b]0;title\x1b\\'),
  0x9b,
  0x33,
  0x31,
  0x6d,
  0x0d,
  0x0a,
];
/** A cursor-up by a million rows: to the top row of the screen, which still shows earlier text. */
const cursorUpPastTheTop = [...Buffer.from('\x1b[999999A')];
/** A shell-integration marker look-alike that is never terminated: it must not swallow the real prompt. */
const unterminatedMarker = [...Buffer.from('\x1b]633;D;999;1;;not-the-nonce'), 0x0d, 0x0a];

/** PowerShell that writes `bytes` raw to its standard output, around the console's encoder. */
const writeRaw = (bytes: readonly number[]) =>
  `$out = [Console]::OpenStandardOutput(); $bytes = [byte[]](${bytes.join(',')}); $out.Write($bytes, 0, $bytes.Length); $out.Flush()`;

describe.skipIf(skipWithoutPwsh || linuxOnly)('faults: invalid UTF-8 and control bytes in the output', () => {
  trackUnhandledRejections();
  let world: World | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  it('a live session: the command completes, later output and later commands still parse', async () => {
    world = standIn('success');
    const events: SessionEvent[] = [];
    const session = await connect(
      { ...world.options, userPrincipalName: 'admin@contoso.onmicrosoft.com', unattended: false },
      { env: world.env, onEvent: (event) => events.push(event) },
    );
    const pwshPid = session.host.pid;
    let tree = [pwshPid];
    try {
      const raw = await session.work({
        kind: 'command',
        code: `${writeRaw(garbage)}; Write-Output 'after raw bytes'`,
      });
      tree = [pwshPid, ...descendantsOf(pwshPid)];
      expect(raw.success).toBe(true);
      expect(raw.output.at(-1)).toBe('after raw bytes');
      expect(raw.output[0]).toMatch(/^bad bytes: \uFFFD/);
      // No escape sequence or C0 control survives into the lines read off the screen.
      expect(raw.output.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

      const marker = await session.work(
        { kind: 'command', code: `${writeRaw(unterminatedMarker)}; Write-Output 'still here'` },
        {},
      );
      expect(marker.success).toBe(true);

      // The parser keeps going: an error record after the garbage is still recognised.
      const after = await session.work({ kind: 'command', code: "Write-Error 'after the garbage'" });
      expect(after.errors.map((error) => error.message)).toEqual(['after the garbage']);
      expect((await session.work({ kind: 'command', code: "'next'" })).output).toEqual(['next']);
    } finally {
      await session.close();
    }
    expect(events.filter((event) => event.type === 'error').map((event) => event.message)).toEqual([
      'after the garbage',
    ]);
    await expectAllGone(tree);
  });

  // Lines are read off the emulated screen above the cursor. A command that moves the cursor up past the
  // top of the screen leaves it among old rows; later lines would overwrite old rows without erasing their
  // tails. bootstrap.ps1's __ippsBegin writes ESC[J (erase below) after its C marker, so each command's
  // output starts on blank rows.
  it('a cursor-up past the top of the screen does not leak stale text into later commands', async () => {
    world = standIn('success');
    const session = await connect(
      { ...world.options, userPrincipalName: 'admin@contoso.onmicrosoft.com', unattended: false },
      { env: world.env },
    );
    try {
      const up = await session.work({
        kind: 'command',
        code: `'before the jump'; ${writeRaw(cursorUpPastTheTop)}; Write-Output 'after the jump'`,
      });
      expect(up.success).toBe(true);
      const after = await session.work({ kind: 'command', code: "Write-Error 'after the jump'" });
      expect(after.errors.map((error) => error.message)).toEqual(['after the jump']);
      expect((await session.work({ kind: 'command', code: "'next'" })).output).toEqual(['next']);
    } finally {
      await session.close();
    }
  });

  it('the parser, fed the bytes as node-pty decodes them, one byte at a time or whole, gives the same events', () => {
    const text = Buffer.from([...garbage, ...unterminatedMarker, ...Buffer.from('plain line\r\n')]).toString('utf8');
    const whole = createTranscriptParser();
    const wholeEvents = [...whole.push(text), ...whole.end()];
    const bytewise = createTranscriptParser();
    const pieces = [...text].flatMap((character) => bytewise.push(character));
    expect([...pieces, ...bytewise.end()]).toEqual(wholeEvents);
    expect(wholeEvents.filter((event) => event.type === 'output').length).toBeGreaterThan(0);
  });

  it('`ippsconnect parse` reads a capture holding those bytes without crashing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipps-raw-'));
    try {
      const file = join(dir, 'garbage.txt');
      // An OSC without its terminator swallows what follows, as in a terminal, but only up to the
      // splitter's limit (MAX_OSC_LENGTH, 8 KiB): the lines after that are read again.
      const filler = Buffer.from(`${'filler line\r\n'.repeat(1000)}after the limit\r\n`);
      writeFileSync(file, Buffer.from([...garbage, ...Buffer.from('ok\r\n'), ...unterminatedMarker, ...filler]));
      const run = await runCliWatched(['parse', '--json', file], {
        env: { ...process.env },
        timeoutMs: 30_000,
        keepOutputEvents: true,
      });
      expectNoCrash(run);
      expect([0, 1]).toContain(run.exitCode);
      const texts = run.events.filter((e) => e.event.type === 'output').map((e) => e.event.text);
      expect(texts).toContain('ok');
      expect(texts.at(-1)).toBe('after the limit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
