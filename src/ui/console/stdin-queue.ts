/**
 * StdinQueue: a running command's stdin as the console feeds it - lines typed or pasted at the
 * prompt while the command runs, until Ctrl-D (or the command ends). An AsyncIterable<string>,
 * which is what the console engine's StdinSource accepts.
 *
 * Like a terminal's typeahead, a line the command never reads stays queued: `drain()` hands it
 * back so the shell can run it as the next command. `onConsume` sees each chunk as the command
 * reads it (the console echoes it then, so unread lines are not shown twice).
 */
export class StdinQueue implements AsyncIterable<string> {
  private chunks: string[] = [];
  private waiting: ((r: IteratorResult<string>) => void) | undefined;
  private ended = false;

  constructor(private readonly onConsume?: (text: string) => void) {}

  /** Queues a chunk (a typed line with its newline). */
  push(text: string): void {
    if (this.ended) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      this.onConsume?.(text);
      w({ value: text, done: false });
    } else this.chunks.push(text);
  }

  /** Ends the input (EOF after what is queued). */
  end(): void {
    this.ended = true;
    if (this.waiting && this.chunks.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }

  /** Ends the input and returns the chunks nobody read. */
  drain(): string[] {
    this.end();
    const left = this.chunks;
    this.chunks = [];
    return left;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const c = this.chunks.shift();
        if (c !== undefined) {
          this.onConsume?.(c);
          return Promise.resolve({ value: c, done: false });
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}
