/** MinHeap: a binary heap ordered by `cmp` (negative = first); the bus's in-flight queue. */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cmp(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Removes every item matching `pred` and returns them. */
  removeWhere(pred: (x: T) => boolean): T[] {
    const removed = this.items.filter(pred);
    if (removed.length === 0) return removed;
    const kept = this.items.filter((x) => !pred(x));
    this.items.length = 0;
    for (const x of kept) this.push(x);
    return removed;
  }

  /** The first item matching `pred` (in heap order, not sorted), if any. */
  find(pred: (x: T) => boolean): T | undefined {
    return this.items.find(pred);
  }

  /** All items in order (a copy). */
  toSortedArray(): T[] {
    return this.items.slice().sort(this.cmp);
  }

  private down(i: number): void {
    const a = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.cmp(a[l]!, a[m]!) < 0) m = l;
      if (r < a.length && this.cmp(a[r]!, a[m]!) < 0) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}
