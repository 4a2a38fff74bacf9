/**
 * A full structural check of the live trees, for tests and the simulator's invariant checkers:
 * sorted keys, separators that bound their children, sizes that fit pages, balanced depth,
 * node fill, and key counts that match.
 */
import { assert } from './assert';
import { compareBytes } from './bytes';
import { computeSize, minKeys, type Child, type Node } from './node';
import type { Pager } from './pager';
import type { PageCounts } from './page-cache';
import type { BackendState } from './state';
import { FIRST_DATA_PGID as META_PAGES } from './meta';
import { walkPageCounts } from './stats';

/** Checks every tree of `s`; throws an assertion error naming the first broken invariant. */
export function checkState(s: BackendState): void {
  for (const [name, tree] of s.buckets) {
    const leafDepths = new Set<number>();
    const count = checkNode(s.pager, tree.root, undefined, undefined, true, 1, leafDepths, name);
    assert(count === tree.count, `${name}: count ${tree.count} but ${count} keys`);
    assert(leafDepths.size === 1, `${name}: leaves at depths ${[...leafDepths].join(',')}`);
  }
  checkPageCounts(s);
}

/**
 * The page cache's running counts equal a walk of every page, and every page below the
 * high-water mark is a meta page, a counted page or a free one (what `dbSizeInUse` assumes).
 */
function checkPageCounts(s: BackendState): void {
  const kept = s.pager.pages.counts();
  const walked = walkPageCounts(s);
  for (const k of Object.keys(kept) as Array<keyof PageCounts>) {
    assert(kept[k] === walked[k], `page counts: ${k} is ${kept[k]} but the pages hold ${walked[k]}`);
  }
  if (s.meta.txid === 0) return;
  const used = META_PAGES + kept.branchPages + kept.leafPages + kept.overflowPages + kept.freelistPages;
  const free = s.pager.freelist.count() - s.pager.freelist.pendingCount();
  // Pages released by the uncommitted transaction are still cached, so they count as used.
  assert(used + free === s.meta.highWater, `page counts: ${used} used + ${free} free != high water ${s.meta.highWater}`);
}

function checkNode(
  pager: Pager,
  c: Child,
  lo: Uint8Array | undefined,
  hi: Uint8Array | undefined,
  isRoot: boolean,
  depth: number,
  leafDepths: Set<number>,
  name: string,
): number {
  const n: Node = typeof c === 'number' ? pager.node(c) : c;
  const where = `${name}: ${typeof c === 'number' ? `page ${c}` : 'dirty node'} at depth ${depth}`;
  assert(n.size === computeSize(n), `${where}: size ${n.size} != ${computeSize(n)}`);
  assert(n.size <= pager.pageSize || n.keys.length <= (n.leaf ? 1 : 3), `${where}: overfull (${n.size} bytes)`);
  if (!isRoot) assert(n.keys.length >= minKeys(n), `${where}: ${n.keys.length} keys`);
  for (let i = 1; i < n.keys.length; i++) assert(compareBytes(n.keys[i - 1]!, n.keys[i]!) < 0, `${where}: keys out of order`);
  if (n.keys.length > 0) {
    // A branch's own keys[0] may sit below the keys it covers (see node.ts); leaf keys may not.
    if (lo !== undefined && n.leaf) assert(compareBytes(n.keys[0]!, lo) >= 0, `${where}: key below its separator`);
    if (hi !== undefined) assert(compareBytes(n.keys[n.keys.length - 1]!, hi) < 0, `${where}: key above the next separator`);
  }
  if (n.leaf) {
    leafDepths.add(depth);
    assert(n.values.length === n.keys.length, `${where}: ${n.values.length} values for ${n.keys.length} keys`);
    return n.keys.length;
  }
  assert(n.children.length === n.keys.length, `${where}: children/keys mismatch`);
  let count = 0;
  for (let i = 0; i < n.children.length; i++) {
    const childLo = i === 0 ? lo : n.keys[i];
    const childHi = i + 1 < n.keys.length ? n.keys[i + 1] : hi;
    count += checkNode(pager, n.children[i]!, childLo, childHi, false, depth + 1, leafDepths, name);
  }
  return count;
}
