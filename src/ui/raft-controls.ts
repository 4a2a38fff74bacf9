/**
 * Raft controls of the worker cluster for the member menu and the link toolbar: wipe, transfer
 * leadership, latency, cut/restore links and the partition presets. Each is one call on
 * WorkerCluster (src/cluster); errors land in the event log instead of throwing into React.
 */
import type { WorkerCluster } from '../cluster/cluster';
import { DEFAULT_LINK } from '../cluster/links';
import { normalizeGroups } from '../viz/ring-geometry';
import type { InFlightMessage } from '../cluster/message-fields';

export type { InFlightMessage } from '../cluster/message-fields';

/** A link preset of the toolbar. */
export type LinkPreset = 'isolate-leader' | 'split' | 'asymmetric' | 'flaky' | 'heal';

/** Delay added by "Add latency", in ms of cluster time (a few heartbeats, under the election timeout). */
export const SLOW_LINK_MS = 250;

/** What the menu and the toolbar may ask of the cluster. */
export interface RaftControls {
  wipe(id: number): Promise<void>;
  /** Asks the leader to hand leadership to `id` (etcd's move-leader). */
  transferLeadership(id: number): Promise<void>;
  /** Adds latency to every link of `id`, or removes it when it is already slowed. */
  toggleLatency(id: number): void;
  /** Cuts the link between a and b, or restores it when cut. */
  toggleLink(a: number, b: number): void;
  preset(p: LinkPreset): void;
  /** Partitions the members into these groups of raft ids (dragging members apart). */
  setGroups(groups: number[][]): void;
  /**
   * The keyboard's way to drag a member: moves `id` into a partition group of its own, or, when
   * it is already alone, back into the largest group.
   */
  toggleIsolated(id: number): void;
  /** Teaching action: `id` campaigns now (RawNode.forceCampaign through its worker). */
  campaign(id: number): Promise<void>;
  /** The raft message `id` if it is still on the bus. */
  inspect(id: number): InFlightMessage | undefined;
  /** Every raft message on the bus now. */
  inFlight(): InFlightMessage[];
  /** Drops message `id` on the bus; false when it is no longer in flight. */
  drop(id: number): boolean;
  /** While paused: advances cluster time to the next tick. */
  step(): void;
}

/** Builds the controls over the cluster the driver opened (undefined until it is open). */
export function createRaftControls(get: () => WorkerCluster | undefined, report: (text: string) => void): RaftControls {
  const name = (c: WorkerCluster, id: number): string => c.member(id).name;
  const others = (c: WorkerCluster, id: number) => c.handles.filter((h) => h.raftId !== id);
  const slowed = (c: WorkerCluster, id: number): boolean => others(c, id).some((h) => c.network.links.get(id, h.raftId).delayMaxMs >= SLOW_LINK_MS);
  const controls: RaftControls = {
    async wipe(id) {
      const c = get();
      if (!c) return;
      try {
        await c.wipe(name(c, id));
      } catch (e) {
        report(`wipe ${name(c, id)} failed: ${(e as Error).message}`);
      }
    },
    async transferLeadership(id) {
      const c = get();
      const leader = c?.leader();
      const target = c?.member(id);
      if (!c || !leader || !target?.summary) return report('no leader to transfer from');
      if (leader === target) return;
      report(`${leader.name} hands leadership to ${target.name} (MsgTimeoutNow)`);
      const r = await leader.call('moveLeader', [target.summary.memberId]);
      if (!r.ok) report(`transfer to ${target.name} failed: ${r.message}`);
    },
    toggleLatency(id) {
      const c = get();
      if (!c) return;
      const slow = slowed(c, id);
      const delayMs: [number, number] = slow ? [DEFAULT_LINK.delayMinMs, DEFAULT_LINK.delayMaxMs] : [SLOW_LINK_MS, SLOW_LINK_MS];
      for (const h of others(c, id)) c.link(name(c, id), h.name, { delayMs });
      report(slow ? `${name(c, id)}'s links are fast again` : `${name(c, id)}'s links now take ${SLOW_LINK_MS} ms`);
    },
    toggleLink(a, b) {
      const c = get();
      if (!c) return;
      const cut = c.network.links.cut(a, b) !== undefined || c.network.links.cut(b, a) !== undefined;
      const partitioned = c.network.links.cut(a, b) === 'partitioned' || c.network.links.cut(b, a) === 'partitioned';
      if (cut && partitioned) {
        // A partition cut it: restoring one link of a partition means healing the partition.
        c.network.links.partition([c.handles.map((h) => h.raftId)]);
      }
      c.link(name(c, a), name(c, b), { up: cut });
      report(`link ${name(c, a)} – ${name(c, b)} ${cut ? 'restored' : 'cut'}`);
    },
    setGroups(groups) {
      const c = get();
      if (!c) return;
      const named = groups.map((g) => g.map((id) => name(c, id)));
      // Link faults set by hand stay; a single group means no partition.
      c.partition(groups.length > 1 ? named : [c.handles.map((h) => h.name)]);
      report(groups.length > 1 ? `partition: ${named.map((g) => g.join(', ')).join(' | ')}` : 'partition healed');
    },
    toggleIsolated(id) {
      const c = get();
      if (!c) return;
      const ids = c.handles.map((h) => h.raftId);
      const groups = normalizeGroups(ids, c.network.links.partitionGroups());
      const others = groups.map((g) => g.filter((x) => x !== id)).filter((g) => g.length > 0);
      const alone = groups.length > 1 && groups.find((g) => g.includes(id))!.length === 1;
      if (alone) {
        const largest = others.reduce((a, b) => (b.length > a.length ? b : a));
        controls.setGroups(others.map((g) => (g === largest ? [...g, id] : g)));
      } else controls.setGroups([...others, [id]]);
    },
    async campaign(id) {
      const c = get();
      if (!c) return;
      report(`${name(c, id)} campaigns now (teaching action: etcd has no such API)`);
      try {
        await c.campaign(name(c, id));
      } catch (e) {
        report(`campaign on ${name(c, id)} failed: ${(e as Error).message}`);
      }
    },
    inspect: (id) => get()?.inFlight(id),
    step: () => get()?.step(),
    inFlight: () => get()?.inFlightAll() ?? [],
    drop(id) {
      const c = get();
      const m = c?.inFlight(id);
      if (!c || !m) return false;
      const ok = c.dropMessage(id);
      if (ok) report(`dropped ${m.type} ${m.from} → ${m.to} by hand`);
      return ok;
    },
    preset(p) {
      const c = get();
      if (!c) return;
      const names = c.handles.map((h) => h.name);
      switch (p) {
        case 'isolate-leader': {
          const l = c.leader();
          if (!l) return report('no leader to isolate');
          c.heal();
          c.partition([[l.name], names.filter((n) => n !== l.name)]);
          return report(`${l.name} (the leader) is cut off from the others`);
        }
        case 'split': {
          c.heal();
          const cutAt = Math.floor(names.length / 2);
          c.partition([names.slice(0, cutAt), names.slice(cutAt)]);
          return report(`network split: ${names.slice(0, cutAt).join(', ')} | ${names.slice(cutAt).join(', ')}`);
        }
        case 'asymmetric': {
          const l = c.leader();
          if (!l) return report('no leader for the asymmetric fault');
          c.heal();
          for (const n of names) if (n !== l.name) c.linkDirected(n, l.name, { up: false });
          return report(`one-way fault: ${l.name} (the leader) can send but receives nothing`);
        }
        case 'flaky':
          c.network.links.setDefaults({ dropRate: 0.2 });
          return report('every link now loses 20% of its messages');
        case 'heal':
          c.heal();
          c.network.links.setDefaults({ dropRate: 0 });
          return report('network healed');
      }
    },
  };
  return controls;
}
