import { describe, expect, it } from 'vitest';
import { keyTarget } from './timeline-keys';

describe('timeline keys', () => {
  it('moves by one, ten with Shift, fifty by page, never before the oldest tick', () => {
    expect(keyTarget('ArrowLeft', false, 100, 20)).toBe(99);
    expect(keyTarget('ArrowLeft', true, 100, 20)).toBe(90);
    expect(keyTarget('ArrowRight', false, 100, 20)).toBe(101);
    expect(keyTarget('PageDown', false, 60, 20)).toBe(20);
    expect(keyTarget('Home', false, 60, 20)).toBe(20);
  });

  it('End is live; other keys are not the timeline\'s', () => {
    expect(keyTarget('End', false, 60, 20)).toBeNull();
    expect(keyTarget('k', false, 60, 20)).toBeUndefined();
  });
});
