import { describe, expect, it } from 'vitest';
import { formatSpeed, nearestStop, parseSpeedParam, SPEED_STOPS, withParam } from './speed';

describe('speed scale', () => {
  it('runs from slow motion to 16x on a log scale', () => {
    expect(SPEED_STOPS[0]).toBe(0.05);
    expect(SPEED_STOPS.at(-1)).toBe(16);
    for (let i = 1; i < SPEED_STOPS.length; i++) expect(SPEED_STOPS[i]! / SPEED_STOPS[i - 1]!).toBeGreaterThanOrEqual(2);
  });

  it('snaps to the nearest stop in log distance', () => {
    expect(SPEED_STOPS[nearestStop(1)]).toBe(1);
    expect(SPEED_STOPS[nearestStop(3)]).toBe(4);
    expect(SPEED_STOPS[nearestStop(2.7)]).toBe(2);
    expect(SPEED_STOPS[nearestStop(0.001)]).toBe(0.05);
    expect(SPEED_STOPS[nearestStop(100)]).toBe(16);
  });

  it('reads ?speed= and prints the factor', () => {
    expect(parseSpeedParam('4')).toBe(4);
    expect(parseSpeedParam('0.3')).toBe(0.25);
    expect(parseSpeedParam(null)).toBe(1);
    expect(parseSpeedParam('fast')).toBe(1);
    expect(parseSpeedParam('-2')).toBe(1);
    expect(formatSpeed(0.25)).toBe('0.25x');
    expect(formatSpeed(16)).toBe('16x');
  });

  it('sets one URL parameter and keeps the others', () => {
    expect(withParam('?seed=3&members=5', 'speed', '4')).toBe('?seed=3&members=5&speed=4');
    expect(withParam('?speed=2', 'speed', '0.5')).toBe('?speed=0.5');
    expect(withParam('?speed=2', 'speed', undefined)).toBe('');
  });
});
