/**
 * The sorted-btree class, whatever module system loaded it: sorted-btree ships CommonJS with
 * `exports.default`, which bundlers unwrap but Node's ESM loader (tsx, the bench) does not.
 */
import BTreeImport from 'sorted-btree';

type BTreeClass = typeof BTreeImport;

/** The sorted-btree BTree constructor. */
export const BTree: BTreeClass =
  (BTreeImport as unknown as { default?: BTreeClass }).default ?? BTreeImport;

/** An instance of sorted-btree's BTree. */
export type BTreeMap<K, V> = InstanceType<typeof BTreeImport<K, V>>;
