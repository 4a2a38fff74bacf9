import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes';
import { ErrCorrupt } from './errors';
import { decodeMeta, encodeMeta, metaSlot } from './meta';
import { computeSize, splitNode, type Node } from './node';
import { decodeFreelist, decodeNode, encodeFreelist, encodeNode, readHeader, verifyPage } from './page';

function leaf(entries: Array<[string, number]>): Node {
  const n: Node = { leaf: true, keys: entries.map(([key]) => utf8(key)), values: entries.map(([, size]) => new Uint8Array(size).fill(7)), children: [], size: 0 };
  n.size = computeSize(n);
  return n;
}

describe('page layout', () => {
  it('round-trips leaf and branch pages', () => {
    const l = leaf([['a', 3], ['bb', 0], ['ccc', 10]]);
    const buf = encodeNode(l, 42, 256);
    expect(buf.length).toBe(256);
    expect(verifyPage(buf, 42, 256)).toMatchObject({ pgid: 42, count: 3, overflow: 0 });
    const back = decodeNode(buf);
    expect(back.keys.map((k) => new TextDecoder().decode(k))).toEqual(['a', 'bb', 'ccc']);
    expect(back.values.map((v) => v.length)).toEqual([3, 0, 10]);
    expect(back.size).toBe(l.size);

    const b: Node = { leaf: false, keys: [utf8('a'), utf8('m')], values: [], children: [7, 9], size: 0 };
    b.size = computeSize(b);
    const bb = decodeNode(encodeNode(b, 3, 256));
    expect(bb.leaf).toBe(false);
    expect(bb.children).toEqual([7, 9]);
  });

  it('spans overflow pages for a node larger than a page', () => {
    const buf = encodeNode(leaf([['big', 1000]]), 5, 256);
    expect(buf.length).toBe(5 * 256);
    expect(readHeader(buf).overflow).toBe(4);
    expect(decodeNode(buf).values[0]!.length).toBe(1000);
  });

  it('detects a flipped byte, a wrong id and a truncated page', () => {
    const buf = encodeNode(leaf([['a', 3]]), 8, 256);
    const flipped = buf.slice();
    flipped[100] ^= 1;
    expect(() => verifyPage(flipped, 8, 256)).toThrow(new ErrCorrupt('page 8: checksum error'));
    expect(() => verifyPage(buf, 9, 256)).toThrow(/page 9 has id 8/);
    expect(() => verifyPage(buf.subarray(0, 128), 8, 256)).toThrow(/truncated/);
    expect(() => verifyPage(undefined, 8, 256)).toThrow(/missing/);
  });

  it('round-trips the freelist', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i * 3 + 2);
    const buf = encodeFreelist(ids, 4, 256, 3);
    expect(buf.length).toBe(3 * 256);
    expect(decodeFreelist(buf)).toEqual(ids);
  });

  it('round-trips the meta and rejects a corrupt one', () => {
    const m = { pageSize: 4096, root: 3, freelist: 2, highWater: 10, txid: 123 };
    const buf = encodeMeta(m);
    expect(decodeMeta(buf)).toEqual(m);
    expect(metaSlot(123)).toBe(1);
    const bad = buf.slice();
    bad[13] ^= 1;
    expect(() => decodeMeta(bad)).toThrow(/checksum error/);
  });

  it('splits a node in halves, or packed full for sequential inserts', () => {
    const n = leaf(Array.from({ length: 40 }, (_, i): [string, number] => [`k${String(i).padStart(2, '0')}`, 20]));
    const halves = splitNode(n, 1024, 0.5);
    expect(halves).toHaveLength(2);
    const packed = splitNode(n, 1024, 1.0);
    expect(packed[0]!.size).toBeGreaterThan(900);
    expect(packed.every((p) => p.size <= 1024)).toBe(true);
    expect(packed.flatMap((p) => p.keys)).toEqual(n.keys);
  });
});
