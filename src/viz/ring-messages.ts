/**
 * Raft messages on the ring's links: one glyph per family (UI-DESIGN), filled for requests and
 * hollow for responses, coloured per type; a dropped one fades where it died.
 *
 * ```
 *  ● append / heartbeat   ◆ vote / pre-vote   ■ snapshot   ▲ timeout-now   ★ read-index
 * ```
 */
import type { Selection } from 'd3-selection';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolCross, type SymbolType } from 'd3-shape';
import type { MessageView } from '../store/cluster-store';
import { messagePosition, pointAlong, type Point } from './ring-geometry';

/** One glyph colour per message type (Okabe-Ito). */
export const MESSAGE_COLOURS: Record<string, string> = {
  MsgApp: '#0072B2',
  MsgAppResp: '#0072B2',
  MsgHeartbeat: '#56B4E9',
  MsgHeartbeatResp: '#56B4E9',
  MsgVote: '#E69F00',
  MsgVoteResp: '#E69F00',
  MsgPreVote: '#CC79A7',
  MsgPreVoteResp: '#CC79A7',
  MsgSnap: '#D55E00',
  MsgTimeoutNow: '#D55E00',
  MsgReadIndex: '#009E73',
  MsgReadIndexResp: '#009E73',
};

/** The glyph family of a message type. */
export function glyphOf(type: string): SymbolType {
  const base = type.replace(/Resp$/, '');
  switch (base) {
    case 'MsgApp':
    case 'MsgHeartbeat':
      return symbolCircle;
    case 'MsgVote':
    case 'MsgPreVote':
      return symbolDiamond;
    case 'MsgSnap':
      return symbolSquare;
    case 'MsgTimeoutNow':
      return symbolTriangle;
    case 'MsgReadIndex':
      return symbolStar;
    default:
      return symbolCross;
  }
}

const paths = new Map<string, string>();
function glyphPath(type: string): string {
  let p = paths.get(type);
  if (p === undefined) {
    const area = type.startsWith('MsgHeartbeat') ? 70 : 120;
    p = symbol(glyphOf(type), area)() ?? '';
    paths.set(type, p);
  }
  return p;
}

/** The small x drawn over a rejecting response. */
const REJECT_X = 'M -4 -4 L 4 4 M -4 4 L 4 -4';

/**
 * Draws the messages; `now` is used only by messages without a `progress`. A message is
 * clickable (`onPick` with its key, the bus envelope id) and the `selected` one is ringed.
 * Pre-vote glyphs have a dashed outline (vote ones a solid one); a rejecting response an x.
 */
export function drawMessages(
  g: Selection<SVGGElement, unknown, null, undefined>,
  messages: MessageView[],
  pos: Map<number, Point>,
  now: number,
  inset: number,
  onPick?: (key: string) => void,
  selected?: string,
): void {
  const visible = messages.filter((m) => pos.has(m.from) && pos.has(m.to));
  const at = (d: MessageView): Point =>
    d.progress !== undefined ? pointAlong(pos.get(d.from)!, pos.get(d.to)!, d.progress, inset) : messagePosition(pos.get(d.from)!, pos.get(d.to)!, d.sentAt, d.deliverAt, now, inset);
  const sel = g
    .selectAll<SVGGElement, MessageView>('g.msg')
    .data(visible, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'msg');
      e.append('circle').attr('class', 'hit').attr('r', 11).attr('fill', 'transparent');
      e.append('circle').attr('class', 'sel').attr('r', 11).attr('fill', 'none').attr('stroke', '#1f2937').attr('stroke-width', 2);
      e.append('path').attr('class', 'glyph').attr('stroke-width', 2);
      e.append('path').attr('class', 'reject').attr('stroke', '#D55E00').attr('stroke-width', 2.5).attr('stroke-linecap', 'round');
      e.append('title');
      return e;
    })
    .attr('data-testid', (d) => `msg-${d.type}`)
    .attr('data-key', (d) => d.key)
    .attr('opacity', (d) => d.opacity ?? 1)
    .attr('transform', (d) => {
      const p = at(d);
      return `translate(${p.x},${p.y})`;
    })
    .on('click', (e: MouseEvent, d) => {
      e.stopPropagation();
      onPick?.(d.key);
    });
  sel.select('circle.sel').attr('visibility', (d) => (d.key === selected ? 'visible' : 'hidden'));
  sel
    .select('path.glyph')
    .attr('d', (d) => glyphPath(d.type))
    .attr('fill', (d) => (d.type.endsWith('Resp') ? '#ffffff' : (MESSAGE_COLOURS[d.type] ?? '#6b7280')))
    .attr('stroke', (d) => MESSAGE_COLOURS[d.type] ?? '#6b7280')
    .attr('stroke-dasharray', (d) => (d.type.startsWith('MsgPreVote') ? '2.5 1.5' : ''));
  sel.select('path.reject').attr('d', (d) => (d.reject ? REJECT_X : ''));
  sel.select('title').text((d) => `${d.type} ${d.from} → ${d.to}${d.reject ? ' (reject)' : ''}${d.dropped ? ' (dropped)' : ''}: click to inspect`);
}
