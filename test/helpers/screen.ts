import { Screen } from '../../src/host/screen.js';

/** What the session reads from a screen: the answer to a cursor query, and the row under the cursor. */
export interface ScreenState {
  cursor: string;
  line: string;
}

/**
 * The state of a fresh Screen written `pieces` directly, in order (each applied before the next), with
 * `between` run after each: the emulator given every byte, the reference for anything that skips some.
 */
export async function directScreenState(
  size: { cols: number; rows: number },
  pieces: readonly string[],
  between: (screen: Screen, index: number) => void = () => {},
): Promise<ScreenState> {
  let answer: (reply: string) => void = () => {};
  const screen = new Screen(size.cols, size.rows, (reply) => answer(reply));
  for (const [index, piece] of pieces.entries()) {
    await new Promise<void>((resolve) => screen.write(piece, resolve));
    between(screen, index);
  }
  const cursor = await new Promise<string>((resolve) => {
    answer = resolve;
    screen.write('\x1b[6n', () => {});
  });
  const line = screen.currentLine();
  screen.dispose();
  return { cursor, line };
}
