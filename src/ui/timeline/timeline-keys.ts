/**
 * The timeline's keys: where a key press moves the viewed tick. ←/↓ one tick back, →/↑ one
 * forward (Shift: ten), PageDown/PageUp fifty, Home the oldest tick held, End live.
 * Returns the tick to view (null: live), or undefined when the key is not the timeline's.
 */
export function keyTarget(key: string, shift: boolean, at: number, from: number): number | null | undefined {
  const step = shift ? 10 : 1;
  const moves: Record<string, number | null> = {
    ArrowLeft: at - step,
    ArrowDown: at - step,
    ArrowRight: at + step,
    ArrowUp: at + step,
    PageDown: at - 50,
    PageUp: at + 50,
    Home: from,
    End: null,
  };
  if (!(key in moves)) return undefined;
  const t = moves[key]!;
  return t === null ? null : Math.max(from, t);
}
