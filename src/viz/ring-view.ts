import { select, type Selection } from 'd3-selection';
import type { MemberRole, MemberView, MessageView } from '../store/cluster-store';
import { arcPath, memberPosition, messagePosition, timeoutRemaining } from './ring-geometry';

/**
 * Okabe-Ito colours, one per role (colour-blind safe); the role is also written under each
 * member, so colour is never the only signal.
 */
export const ROLE_COLOURS: Record<MemberRole, string> = {
  leader: '#009E73',
  follower: '#0072B2',
  candidate: '#E69F00',
  'pre-candidate': '#F0E442',
  learner: '#56B4E9',
  stopped: '#9aa0a6',
};

/** One glyph colour per message family. */
const MESSAGE_COLOURS: Record<string, string> = {
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

const SIZE = 420;
const CENTRE = SIZE / 2;
const RING_RADIUS = 150;
const MEMBER_RADIUS = 38;

/** The controller a React panel mounts: feed it snapshots, tear it down on unmount. */
export interface RingView {
  update(members: MemberView[], messages: MessageView[], now: number): void;
  destroy(): void;
}

/** Options of the ring view. */
export interface RingViewOptions {
  el: HTMLElement;
  onSelect?: (id: number) => void;
}

/**
 * Draws the cluster ring: members on a circle, filled by role, term inside, an election-timeout
 * arc draining around each follower, and messages travelling along the links.
 */
export function createRingView({ el, onSelect }: RingViewOptions): RingView {
  const svg = select(el)
    .append('svg')
    .attr('viewBox', `0 0 ${SIZE} ${SIZE}`)
    .attr('role', 'img')
    .attr('aria-label', 'Cluster ring: members and the messages between them')
    .attr('class', 'ring');
  const links = svg.append('g').attr('class', 'links');
  const msgs = svg.append('g').attr('class', 'messages');
  const nodes = svg.append('g').attr('class', 'members');

  function update(members: MemberView[], messages: MessageView[], now: number): void {
    const n = members.length;
    const pos = new Map(members.map((m, i) => [m.id, memberPosition(i, n, CENTRE, CENTRE, RING_RADIUS)]));
    drawLinks(links, members, pos);
    drawMembers(nodes, members, pos, onSelect);
    drawMessages(msgs, messages, pos, now);
  }

  return { update, destroy: () => svg.remove() };
}

type Pos = Map<number, { x: number; y: number }>;

function drawLinks(g: Selection<SVGGElement, unknown, null, undefined>, members: MemberView[], pos: Pos): void {
  const pairs: [number, number][] = [];
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++) pairs.push([members[i].id, members[j].id]);
  g.selectAll<SVGLineElement, [number, number]>('line')
    .data(pairs, (d) => `${d[0]}-${d[1]}`)
    .join('line')
    .attr('x1', (d) => pos.get(d[0])!.x)
    .attr('y1', (d) => pos.get(d[0])!.y)
    .attr('x2', (d) => pos.get(d[1])!.x)
    .attr('y2', (d) => pos.get(d[1])!.y)
    .attr('stroke', '#d5d9de')
    .attr('stroke-width', 1.5);
}

function drawMembers(
  g: Selection<SVGGElement, unknown, null, undefined>,
  members: MemberView[],
  pos: Pos,
  onSelect?: (id: number) => void,
): void {
  const sel = g
    .selectAll<SVGGElement, MemberView>('g.member')
    .data(members, (d) => String(d.id))
    .join((enter) => {
      const e = enter.append('g').attr('class', 'member').attr('tabindex', 0);
      e.append('path').attr('class', 'timeout');
      e.append('circle').attr('class', 'body').attr('r', MEMBER_RADIUS);
      e.append('text').attr('class', 'term').attr('text-anchor', 'middle').attr('dy', '0.35em');
      e.append('text').attr('class', 'name').attr('text-anchor', 'middle');
      e.append('text').attr('class', 'role').attr('text-anchor', 'middle');
      return e;
    });
  sel
    .attr('transform', (d) => `translate(${pos.get(d.id)!.x},${pos.get(d.id)!.y})`)
    .attr('data-testid', (d) => `ring-${d.name}`)
    .attr('aria-label', (d) => `${d.name}, ${d.role}, term ${d.term}`)
    .on('click', (_e, d) => onSelect?.(d.id));
  sel
    .select<SVGPathElement>('path.timeout')
    .attr('d', (d) =>
      d.role === 'leader' || d.role === 'stopped'
        ? ''
        : arcPath(0, 0, MEMBER_RADIUS + 7, timeoutRemaining(d.electionElapsed, d.electionTimeout)),
    )
    .attr('fill', 'none')
    .attr('stroke', '#6b7280')
    .attr('stroke-width', 3)
    .attr('stroke-linecap', 'round');
  sel
    .select<SVGCircleElement>('circle.body')
    .attr('fill', (d) => ROLE_COLOURS[d.role])
    .attr('stroke', (d) => (d.role === 'leader' ? '#064e3b' : '#ffffff'))
    .attr('stroke-width', (d) => (d.role === 'leader' ? 4 : 2));
  sel
    .select<SVGTextElement>('text.term')
    .text((d) => (d.role === 'stopped' ? '×' : String(d.term)))
    .attr('fill', (d) => (d.role === 'pre-candidate' ? '#1f2937' : '#ffffff'))
    .attr('font-size', 26)
    .attr('font-weight', 700);
  sel
    .select<SVGTextElement>('text.name')
    .attr('y', MEMBER_RADIUS + 24)
    .text((d) => d.name)
    .attr('font-size', 14)
    .attr('font-weight', 600)
    .attr('fill', '#1f2937');
  sel
    .select<SVGTextElement>('text.role')
    .attr('y', MEMBER_RADIUS + 40)
    .text((d) => d.role)
    .attr('font-size', 12)
    .attr('fill', '#4b5563');
}

function drawMessages(
  g: Selection<SVGGElement, unknown, null, undefined>,
  messages: MessageView[],
  pos: Pos,
  now: number,
): void {
  const visible = messages.filter((m) => pos.has(m.from) && pos.has(m.to));
  g.selectAll<SVGCircleElement, MessageView>('circle')
    .data(visible, (d) => d.key)
    .join('circle')
    .attr('r', (d) => (d.type.endsWith('Resp') ? 5 : 6))
    .attr('fill', (d) => (d.type.endsWith('Resp') ? '#ffffff' : (MESSAGE_COLOURS[d.type] ?? '#6b7280')))
    .attr('stroke', (d) => MESSAGE_COLOURS[d.type] ?? '#6b7280')
    .attr('stroke-width', 2)
    .attr('cx', (d) => messagePosition(pos.get(d.from)!, pos.get(d.to)!, d.sentAt, d.deliverAt, now, MEMBER_RADIUS).x)
    .attr('cy', (d) => messagePosition(pos.get(d.from)!, pos.get(d.to)!, d.sentAt, d.deliverAt, now, MEMBER_RADIUS).y)
    .selectAll('title')
    .data((d) => [d])
    .join('title')
    .text((d) => `${d.type} ${d.from} → ${d.to}`);
}
