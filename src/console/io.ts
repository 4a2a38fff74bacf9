/**
 * The console's stdin and stdout/stderr: what a terminal gives etcdctl, as plain data.
 */
import type { Out } from './printers/printer';

/** Where stdin comes from: a whole pasted block, or chunks typed while the command runs. */
export type StdinSource = string | AsyncIterable<string>;

/**
 * Go's `bufio.Reader.ReadString('\n')` over a StdinSource: `readLine` yields one line without
 * its newline, or null at EOF (a last line with no newline is EOF too, as in Go it comes with
 * io.EOF and etcdctl treats that as an error).
 */
export class StdinReader {
  private buf = '';
  private ended = false;
  private iter: AsyncIterator<string> | undefined;

  /** `signal` (Ctrl-C) ends a pending read as EOF. */
  constructor(
    source: StdinSource | undefined,
    private readonly signal?: AbortSignal,
  ) {
    if (source === undefined) this.ended = true;
    else if (typeof source === 'string') {
      this.buf = source;
      this.ended = true;
    } else this.iter = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended || !this.iter || this.signal?.aborted) return false;
    const r = await Promise.race([this.iter.next(), whenAborted(this.signal)]);
    if (r === undefined || r.done) {
      this.ended = true;
      return false;
    }
    this.buf += r.value;
    return true;
  }

  /** The next full line (without `\n`), or null at EOF. */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        return line;
      }
      if (!(await this.fill())) return null;
    }
  }

  /** Everything left on stdin (`put key` with no value reads this). */
  async readAll(): Promise<string> {
    while (await this.fill()) {
      /* keep reading */
    }
    const all = this.buf;
    this.buf = '';
    return all;
  }
}

/** Which stream a chunk of output went to. */
export type StreamName = 'stdout' | 'stderr';

/** Collects stdout/stderr text and forwards every chunk to an optional live listener. */
export class OutputBuffer implements Out {
  stdout = '';
  stderr = '';
  constructor(private readonly onOutput?: (stream: StreamName, text: string) => void) {}
  out(text: string): void {
    this.stdout += text;
    this.onOutput?.('stdout', text);
  }
  err(text: string): void {
    this.stderr += text;
    this.onOutput?.('stderr', text);
  }
}

/** Resolves (to undefined) when `signal` aborts; never if there is no signal. */
export function whenAborted(signal: AbortSignal | undefined): Promise<undefined> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
