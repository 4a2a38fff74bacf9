import { select, type Selection } from 'd3-selection';
import 'd3-transition';
import type { LinkView, MemberRole, MemberView, MessageView } from '../store/cluster-store';
import { arcPath, groupedPositions, groupsAfterDrop, timeoutRemaining } from './ring-geometry';
import { drawGroups } from './ring-groups';
import { drawLinks as drawLinkViews } from './ring-links';
import { drawMessages } from './ring-messages';
import { drawVotes } from './ring-votes';
import { memberDrag } from './ring-drag';

export { MESSAGE_COLOURS, glyphOf } from './ring-messages';

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
  corrupt: '#D55E00',
};

/** Roles of a member that runs no raft (no timeout arc; links to it drawn faint). */
const DOWN: ReadonlySet<MemberRole> = new Set<MemberRole>(['stopped', 'corrupt']);

const SIZE = 420;
const CENTRE = SIZE / 2;
const RING_RADIUS = 150;
const MEMBER_RADIUS = 38;

/** The controller a React panel mounts: feed it snapshots, tear it down on unmount. */
export interface RingView {
  update(members: MemberView[], messages: MessageView[], now: number, links?: LinkView[], groups?: number[][]): void;
  /** Rings the message with this key (the one the inspector shows), or none. */
  select(key: string | undefined): void;
  destroy(): void;
}

/** Options of the ring view. */
export interface RingViewOptions {
  el: HTMLElement;
  onSelect?: (id: number) => void;
  /** A member was clicked or activated with Enter: open its menu next to `anchor`. */
  onActivate?: (id: number, anchor: Element) => void;
  /** A link was clicked or activated with Enter. */
  onToggleLink?: (a: number, b: number) => void;
  /** A message glyph was clicked (key: the bus envelope id). */
  onPickMessage?: (key: string) => void;
  /** A member was dragged into (or out of) a partition group: the new groups of raft ids. */
  onGroups?: (groups: number[][]) => void;
}

/**
 * Draws the cluster ring: members on a circle, filled by role, term inside, an election-timeout
 * arc draining around each follower, and messages travelling along the links.
 */
export function createRingView({ el, onSelect, onActivate, onToggleLink, onPickMessage, onGroups }: RingViewOptions): RingView {
  const svg = select(el)
    .append('svg')
    .attr('viewBox', `0 -14 ${SIZE} ${SIZE + 14}`)
    .attr('role', 'img')
    .attr('aria-label', 'Cluster ring: members and the messages between them')
    .attr('class', 'ring');
  const hulls = svg.append('g').attr('class', 'groups').attr('pointer-events', 'none');
  const links = svg.append('g').attr('class', 'links');
  const nodes = svg.append('g').attr('class', 'members');
  const msgs = svg.append('g').attr('class', 'messages');
  const tallies = svg.append('g').attr('class', 'tallies').attr('pointer-events', 'none');
  let selectedKey: string | undefined;
  let last: Parameters<RingView['update']> | undefined;
  const drag = memberDrag(svg.node()!, (id, drop, pos) => {
    if (!last) return;
    const ids = last[0].map((m) => m.id);
    const next = groupsAfterDrop(ids, last[4], id, drop, pos, MEMBER_RADIUS + 12);
    if (next) onGroups?.(next);
  });

  const pulses = svg.append('g').attr('class', 'pulses').attr('pointer-events', 'none');
  let lastLeader = '';
  const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  /** A new leader pulses once (with reduced motion: a ring that only fades). */
  function pulse(p: { x: number; y: number }): void {
    const c = pulses.append('circle').attr('cx', p.x).attr('cy', p.y).attr('r', MEMBER_RADIUS).attr('fill', 'none').attr('stroke', ROLE_COLOURS.leader).attr('stroke-width', 4).attr('opacity', 0.8);
    c.transition().duration(900).attr('r', reducedMotion ? MEMBER_RADIUS : MEMBER_RADIUS + 26).attr('opacity', 0).remove();
  }

  function update(members: MemberView[], messages: MessageView[], now: number, linkViews?: LinkView[], groups?: number[][]): void {
    last = [members, messages, now, linkViews, groups];
    const ids = members.map((m) => m.id);
    const home = groupedPositions(ids, groups, CENTRE, CENTRE, RING_RADIUS);
    const pos = drag.apply(home);
    const leader = members.filter((m) => m.role === 'leader').sort((a, b) => b.term - a.term)[0];
    const leaderKey = leader ? `${leader.id}@${leader.term}` : '';
    if (leader && leaderKey !== lastLeader) pulse(pos.get(leader.id)!);
    lastLeader = leaderKey;
    const names = new Map(members.map((m) => [m.id, m.name]));
    const stopped = new Set(members.filter((m) => DOWN.has(m.role)).map((m) => m.id));
    drawGroups(hulls, ids, groups, pos, MEMBER_RADIUS + 22);
    drawLinkViews(links, linkViews ?? allUp(members), pos, names, MEMBER_RADIUS + 10, onToggleLink, stopped);
    drawMembers(nodes, members, pos, (id, anchor) => {
      if (drag.justDragged()) return;
      onSelect?.(id);
      onActivate?.(id, anchor);
    }, onGroups ? drag.start : undefined, home);
    drawMessages(msgs, messages, pos, now, MEMBER_RADIUS, onPickMessage, selectedKey);
    drawVotes(tallies, members, pos, (p) => (p.y < CENTRE - 1 ? MEMBER_RADIUS + 20 : -(MEMBER_RADIUS + 60)));
  }

  return {
    update,
    select(key) {
      selectedKey = key;
      if (last) update(...last);
    },
    destroy: () => svg.remove(),
  };
}

type Pos = Map<number, { x: number; y: number }>;

/** Every pair of members linked and up (engines that do not model links). */
function allUp(members: MemberView[]): LinkView[] {
  const out: LinkView[] = [];
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++) out.push({ a: members[i]!.id, b: members[j]!.id, cut: false, dropRate: 0, delayMs: 0 });
  return out;
}

function drawMembers(
  g: Selection<SVGGElement, unknown, null, undefined>,
  members: MemberView[],
  pos: Pos,
  onActivate: (id: number, anchor: Element) => void,
  onDragStart?: (id: number, e: PointerEvent, home: Pos) => void,
  home: Pos = pos,
): void {
  const sel = g
    .selectAll<SVGGElement, MemberView>('g.member')
    .data(members, (d) => String(d.id))
    .join((enter) => {
      const e = enter.append('g').attr('class', 'member').attr('tabindex', 0).attr('role', 'button').attr('aria-haspopup', 'menu');
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
    .attr('aria-label', (d) => (d.role === 'corrupt' ? `${d.name}, corrupt: ${d.error ?? ''}` : `${d.name}, ${d.role}, term ${d.term}`))
    .on('click', function (_e, d) {
      onActivate(d.id, this);
    })
    .on('pointerdown', (e: PointerEvent, d) => onDragStart?.(d.id, e, home))
    .on('keydown', function (e: KeyboardEvent, d) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onActivate(d.id, this);
      }
    });
  sel
    .select<SVGPathElement>('path.timeout')
    .attr('d', (d) =>
      d.role === 'leader' || DOWN.has(d.role)
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
    .text((d) => (d.role === 'stopped' ? '×' : d.role === 'corrupt' ? '!' : String(d.term)))
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
