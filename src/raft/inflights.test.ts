import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert';
import { Inflights } from './inflights';

describe('Inflights', () => {
  it('adds up to the window size, then is full', () => {
    const in1 = new Inflights(10);
    for (let i = 0; i < 10; i++) in1.add(i);
    expect(in1.full()).toBe(true);
    expect(in1.count()).toBe(10);
    expect(() => in1.add(10)).toThrow(AssertionError);
  });

  it('freeLE frees everything up to an index, idempotently', () => {
    const in1 = new Inflights(10);
    for (let i = 0; i < 10; i++) in1.add(i);
    in1.freeLE(0);
    expect(in1.indexes()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    in1.freeLE(4);
    expect(in1.indexes()).toEqual([5, 6, 7, 8, 9]);
    in1.freeLE(3);
    expect(in1.count()).toBe(5);
    in1.freeLE(8);
    expect(in1.indexes()).toEqual([9]);
    // Refill after freeing (the ring wraps in etcd; here a plain queue).
    for (let i = 10; i < 15; i++) in1.add(i);
    in1.freeLE(12);
    expect(in1.indexes()).toEqual([13, 14]);
    in1.freeLE(14);
    expect(in1.count()).toBe(0);
    expect(in1.full()).toBe(false);
  });

  it('indexes must increase', () => {
    const in1 = new Inflights(3);
    in1.add(5);
    expect(() => in1.add(5)).toThrow(AssertionError);
  });

  it('reset and clone', () => {
    const in1 = new Inflights(3);
    in1.add(1);
    in1.add(2);
    const c = in1.clone();
    in1.reset();
    expect(in1.count()).toBe(0);
    expect(c.indexes()).toEqual([1, 2]);
    expect(() => new Inflights(0)).toThrow(AssertionError);
  });
});
