/**
 * Dragging members of the cluster ring into partition groups, with plain pointer events (no
 * d3-drag). Drag threshold 6 px, so a click still opens the member menu.
 */
import type { Point } from './ring-geometry';

/**
 * Dragging members with the pointer (no d3-drag: a few pointer events do). While a member is
 * dragged it follows the pointer; on release `onDrop(id, point, positions)` decides its group.
 */
export function memberDrag(svg: SVGSVGElement, onDrop: (id: number, drop: Point, pos: Map<number, Point>) => void) {
  let active: { id: number; start: Point; at: Point; moved: boolean; home: Map<number, Point> } | undefined;
  let dragEndedAt = -Infinity;
  const toSvg = (e: PointerEvent): Point => {
    const m = svg.getScreenCTM();
    if (!m) return { x: e.clientX, y: e.clientY };
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };
  const move = (e: PointerEvent): void => {
    if (!active) return;
    active.at = toSvg(e);
    if (Math.hypot(active.at.x - active.start.x, active.at.y - active.start.y) > 6) active.moved = true;
  };
  const up = (): void => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    const a = active;
    active = undefined;
    if (a?.moved) {
      dragEndedAt = performance.now();
      onDrop(a.id, a.at, a.home);
    }
  };
  return {
    start(id: number, e: PointerEvent, home: Map<number, Point>): void {
      if (e.button !== 0) return;
      const p = toSvg(e);
      active = { id, start: p, at: p, moved: false, home };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    /** Positions with the dragged member at the pointer. */
    apply(home: Map<number, Point>): Map<number, Point> {
      if (!active?.moved) return home;
      const out = new Map(home);
      out.set(active.id, active.at);
      return out;
    },
    /** True right after a drag ended (the click that follows a drag must not open the menu). */
    justDragged: (): boolean => performance.now() - dragEndedAt < 300,
  };
}

