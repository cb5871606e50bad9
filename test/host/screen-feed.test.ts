/**
 * ScreenFeed hands the pty's output to the emulator only when something needs the screen. What a session
 * reads from the screen must be what an emulator given every byte in order would show: the answer to a
 * cursor query, and the row under the cursor. Each case compares with a Screen written directly.
 */
import { describe, expect, it } from 'vitest';
import { Screen } from '../../src/host/screen.js';
import { ScreenFeed } from '../../src/host/screen-feed.js';
import { directScreenState, type ScreenState } from '../helpers/screen.js';

const cols = 40;
const rows = 10;

interface Fed {
  feed: ScreenFeed;
  screen: Screen;
  replies: string[];
}

function fedScreen(): Fed {
  const replies: string[] = [];
  const screen = new Screen(cols, rows, (reply) => replies.push(reply));
  const feed = new ScreenFeed(screen, { pause: () => {}, resume: () => {} });
  return { feed, screen, replies };
}

const direct = (pieces: string[], between?: (screen: Screen, index: number) => void) =>
  directScreenState({ cols, rows }, pieces, between);

/** The same through a ScreenFeed: the query goes through the feed too, as PowerShell's would. */
async function throughFeed(fed: Fed): Promise<ScreenState> {
  const before = fed.replies.length;
  fed.feed.feed('\x1b[6n');
  await fed.feed.applied();
  const cursor = fed.replies[before] ?? '(no answer)';
  return { cursor, line: fed.screen.currentLine() };
}

const lines = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `flood line ${i + from}`.padEnd(30, '.')).join('\r\n');

describe('ScreenFeed', () => {
  it('answers a cursor query in the output at once, without anyone asking for the screen', async () => {
    const fed = fedScreen();
    fed.feed.feed('abc');
    fed.feed.feed('\x1b[6n');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // Column 4 of row 1: after "abc".
    expect(fed.replies).toEqual(['\x1b[1;4R']);
  });

  it('holds plain text back until the screen is asked for, then shows all of it', async () => {
    const fed = fedScreen();
    fed.feed.feed('PS C:\\> ');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fed.screen.currentLine()).toBe('');
    await fed.feed.applied();
    expect(fed.screen.currentLine()).toBe('PS C:\\> ');
  });

  it('after a flood fed in 2 KiB reads, the cursor and its row are where every byte would put them', async () => {
    const flood = `${lines(40_000)}\r\nEnter the code: `;
    const fed = fedScreen();
    for (let at = 0; at < flood.length; at += 2048) fed.feed.feed(flood.slice(at, at + 2048));
    const seen = await throughFeed(fed);
    expect(seen).toEqual(await direct([flood]));
    expect(seen).toEqual({ cursor: `\x1b[${rows};17R`, line: 'Enter the code: ' });
  });

  it('a line that never ends (nothing to condense) still lands the cursor where every byte would', async () => {
    const endless = `start\r\n${'x'.repeat(100_003)}`;
    const fed = fedScreen();
    for (let at = 0; at < endless.length; at += 2048) fed.feed.feed(endless.slice(at, at + 2048));
    expect(await throughFeed(fed)).toEqual(await direct([endless]));
  });

  it('text fed before a resize is drawn at the old width, text after it at the new one', async () => {
    const before = `${lines(3)}\r\n${'w'.repeat(55)}`;
    const after = `\r\n${'v'.repeat(70)}\r\n${lines(2, 3)}\r\ntail`;
    const fed = fedScreen();
    fed.feed.feed(before);
    fed.feed.resize(80, rows);
    fed.feed.feed(after);
    const seen = await throughFeed(fed);
    expect(seen).toEqual(await direct([before, after], (screen, index) => index === 0 && screen.resize(80, rows)));
  });

  it('a screen still loading: output and a query wait for it, then apply in order and the query is answered', async () => {
    const replies: string[] = [];
    let load!: (screen: Screen) => void;
    const feed = new ScreenFeed(new Promise<Screen>((resolve) => (load = resolve)), { pause() {}, resume() {} });
    feed.feed(`${lines(3)}\r\n${'w'.repeat(55)}`);
    feed.resize(80, rows);
    feed.feed('\r\nabc');
    feed.feed('\x1b[6n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replies).toEqual([]);
    const screen = new Screen(cols, rows, (reply) => replies.push(reply));
    load(screen);
    await feed.applied();
    const reference = await direct(
      [`${lines(3)}\r\n${'w'.repeat(55)}`, '\r\nabc'],
      (s, i) => i === 0 && s.resize(80, rows),
    );
    expect(replies).toEqual([reference.cursor]);
    expect(feed.currentLine()).toBe('abc');
  });

  it('applied() resolves at once when nothing was fed', async () => {
    const fed = fedScreen();
    await expect(fed.feed.applied()).resolves.toBeUndefined();
    expect(fed.replies).toEqual([]);
  });
});
