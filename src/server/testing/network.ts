/**
 * A deterministic in-memory network for server tests: messages queue up when members send them
 * and are delivered when the harness flushes; links can be cut by partitions or per pair.
 */
import type { Message } from '../../raft';

/** The queue of raft messages between test members. */
export class TestNetwork {
  queue: Message[] = [];
  private groups: number[][] | undefined;
  private readonly cut = new Set<string>();
  /** Messages dropped so far (cut links, dead members). */
  dropped = 0;

  /** Cuts the network into groups; members in different groups cannot talk. */
  partition(groups: number[][]): void {
    this.groups = groups;
  }

  /** Removes every partition and cut link. */
  heal(): void {
    this.groups = undefined;
    this.cut.clear();
  }

  /** Cuts (or restores) the link between a and b in both directions. */
  link(a: number, b: number, up: boolean): void {
    for (const k of [`${a}-${b}`, `${b}-${a}`]) {
      if (up) this.cut.delete(k);
      else this.cut.add(k);
    }
  }

  /** Whether a message from a to b gets through. */
  connected(a: number, b: number): boolean {
    if (this.cut.has(`${a}-${b}`)) return false;
    if (this.groups === undefined) return true;
    const ga = this.groups.find((g) => g.includes(a));
    return ga !== undefined && ga.includes(b);
  }

  /** Takes every queued message. */
  drain(): Message[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }
}
