import { isTextAndColourOnly } from './plain-text.js';
import type { Screen } from './screen.js';

/** Backpressure thresholds, in characters waiting for the emulator. */
const pauseAboveChars = 4 * 1024 * 1024;
const resumeBelowChars = 512 * 1024;
/** Plain text held back from the emulator is condensed once it grows past this. */
const condenseBacklogAbove = 64 * 1024;

/**
 * Feeds the pty's output to the screen, on demand. The screen is only ever read for a terminal query's
 * answer and for the row under the cursor, so plain text (with colours at most) waits in a backlog, which
 * is condensed as it grows, until something needs the screen: output with any other escape sequence (a
 * query, a cursor move), or `applied()`. A 10 MiB flood came in 4,956 reads; feeding each to the emulator
 * as it came cost about a tenth of the session's time (PowerShell writes only as fast as the pty is read,
 * see docs/architecture.md). A flush waits one turn of the event loop (setImmediate), so a query waits at
 * most that long for its answer. When the emulator falls behind, `flow.pause()` stops reading the pty
 * until it has caught up.
 *
 * The screen may still be loading (PowerShellHost loads @xterm/headless while PowerShell starts, not
 * before): until it is there, everything fed waits, in order, and nothing is condensed.
 */
export class ScreenFeed {
  /** The screen, once loaded. */
  #screen: Screen | undefined;
  readonly #ready: Promise<Screen>;
  readonly #flow: { pause(): void; resume(): void };
  /** Fed, not yet handed to the emulator. */
  #backlog = '';
  /** Handed to the emulator, not yet applied. */
  #queued = 0;
  #flush: NodeJS.Immediate | undefined;
  /** Resolves once the scheduled flush has been applied. */
  #flushed: Promise<void> = Promise.resolve();
  /** Resolves once the last write handed to the emulator has been applied (writes apply in order). */
  #lastWrite: Promise<void> = Promise.resolve();
  #closed = false;
  /** Resizes asked for and not yet applied. */
  #resizing = 0;
  #answersQueries = true;
  /** Writes queued before the screen was loaded, not yet handed to it. */
  #waitingWrites = 0;

  constructor(screen: Screen | Promise<Screen>, flow: { pause(): void; resume(): void }) {
    this.#ready = Promise.resolve(screen).then((loaded) => {
      this.#screen = loaded;
      loaded.answersQueries = this.#answersQueries;
      return loaded;
    });
    this.#flow = flow;
  }

  /** Off while a person's terminal is attached and answers PowerShell's queries itself (attach.ts). */
  set answersQueries(on: boolean) {
    this.#answersQueries = on;
    if (this.#screen) this.#screen.answersQueries = on;
  }

  /** The text of the row the cursor is on, as of the last write applied (see `applied()`). */
  currentLine(): string {
    return this.#screen?.currentLine() ?? '';
  }

  feed(data: string): void {
    if (this.#closed) return;
    this.#backlog += data;
    if (this.#resizing > 0 || !isTextAndColourOnly(data)) {
      this.#scheduleFlush();
      return;
    }
    // A flush already on its way condenses the backlog itself.
    if (this.#backlog.length <= condenseBacklogAbove || this.#flush || !this.#screen) return;
    const condensed = this.#screen.condense(this.#backlog);
    // What does not condense (one long unfinished line) goes to the emulator rather than being scanned again.
    if (condensed.length > condenseBacklogAbove / 2) this.#scheduleFlush();
    this.#backlog = condensed;
  }

  /** Resolves once everything fed so far is on the screen. */
  applied(): Promise<void> {
    return this.#backlog === '' && !this.#flush ? this.#lastWrite : this.#scheduleFlush();
  }

  /**
   * Resizes the screen right after what was fed before has been drawn at the old size (PowerShell printed
   * it there), before anything fed later; until then nothing is condensed, since condensing depends on it.
   */
  resize(cols: number, rows: number): void {
    this.#resizing++;
    const held = this.#backlog;
    this.#backlog = '';
    this.#write(held, (screen) => {
      screen.resize(cols, rows);
      this.#resizing--;
    });
  }

  /** Waits for what was fed, then takes no more, and frees the screen. */
  async close(): Promise<void> {
    await this.applied();
    this.#closed = true;
    void this.#ready.then((screen) => screen.dispose());
  }

  #scheduleFlush(): Promise<void> {
    if (this.#flush) return this.#flushed;
    this.#flushed = new Promise((resolve) => {
      this.#flush = setImmediate(() => {
        this.#flush = undefined;
        const screen = this.#screen;
        const data = screen && this.#resizing === 0 ? screen.condense(this.#backlog) : this.#backlog;
        this.#backlog = '';
        void this.#write(data).then(resolve);
      });
    });
    return this.#flushed;
  }

  /**
   * Hands `data` to the emulator once it is loaded (writes keep their order); `then` runs as soon as it
   * is applied, before any later write is parsed.
   */
  #write(data: string, then?: (screen: Screen) => void): Promise<void> {
    let applied!: () => void;
    this.#lastWrite = new Promise((resolve) => {
      applied = resolve;
    });
    this.#queued += data.length;
    if (this.#queued > pauseAboveChars) this.#flow.pause();
    const write = (screen: Screen) =>
      screen.write(data, () => {
        this.#queued -= data.length;
        if (this.#queued < resumeBelowChars) this.#flow.resume();
        then?.(screen);
        applied();
      });
    // Straight to a loaded screen unless earlier writes still wait for it (they run in the order queued).
    if (this.#screen && this.#waitingWrites === 0) {
      write(this.#screen);
    } else {
      this.#waitingWrites++;
      void this.#ready.then((screen) => {
        this.#waitingWrites--;
        write(screen);
      });
    }
    return this.#lastWrite;
  }
}
