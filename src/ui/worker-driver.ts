/**
 * Drives the page from the real worker cluster (src/cluster): opens it (restoring the persisted
 * one after a reload), installs `window.etcdscope`, and publishes a snapshot of the members and
 * the messages in flight to the store on every animation frame. Times are published in ticks
 * (cluster ms / tickMs) so the ring interpolates messages like it does for the simulator.
 */
import { browserHost } from '../cluster/browser-host';
import type { WorkerCluster } from '../cluster/cluster';
import { WorkerCluster as Cluster } from '../cluster/cluster';
import { createEtcdscopeApi, type EtcdscopeApi } from '../cluster/etcdscope-api';
import type { BusEvent } from '../cluster/events';
import type { MemberSummary, ProgressSummary } from '../../workers/host-protocol';
import { roleOf } from '../cluster/role';
import type { ClusterStore, LinkView, MemberView, MessageView, ProgressView } from '../store/cluster-store';
import { MessageTrail } from '../store/message-trail';
import type { ClusterDriver } from './driver';
import { createRaftControls } from './raft-controls';
import { ChaosController } from '../cluster/chaos/controller';
import { RateMeter } from '../store/rate-meter';
import type { Durability } from '../cluster/layout';
import { VoteTracker } from '../store/vote-tracker';
import { readStorageParams } from './storage-params';

const PROGRESS: Record<ProgressSummary['state'], ProgressView['state']> = { StateProbe: 'probe', StateReplicate: 'replicate', StateSnapshot: 'snapshot' };

/** The link between a and b as drawn: cut if either direction is, its worst loss and delay. */
function linkView(c: WorkerCluster, a: number, b: number): LinkView {
  const t = c.network.links;
  const ab = t.get(a, b);
  const ba = t.get(b, a);
  const cutAB = t.cut(a, b);
  const cutBA = t.cut(b, a);
  const v: LinkView = { a, b, cut: cutAB !== undefined || cutBA !== undefined, dropRate: Math.max(ab.dropRate, ba.dropRate), delayMs: Math.max(ab.delayMaxMs, ba.delayMaxMs) };
  if ((cutAB === undefined) !== (cutBA === undefined)) v.oneWay = cutAB ? 'ab' : 'ba';
  if (cutAB === 'partitioned' || cutBA === 'partitioned') v.partitioned = true;
  return v;
}

declare global {
  interface Window {
    etcdscope?: EtcdscopeApi;
  }
}

/** Describes the bus events worth a line in the event log. */
function describe(c: WorkerCluster, e: BusEvent): string | undefined {
  const name = (id: number): string => c.handles.find((h) => h.raftId === id)?.name ?? `member ${id}`;
  switch (e.kind) {
    case 'role':
      if (e.role === 'leader') return `${name(e.member)} became leader of term ${e.term}`;
      if (e.role === 'candidate') return `${name(e.member)} timed out and asks for votes in term ${e.term}`;
      if (e.role === 'pre-candidate') return `${name(e.member)} timed out and runs a pre-vote (term stays ${e.term})`;
      return undefined;
    case 'lifecycle':
      switch (e.what) {
        case 'killed':
          return `${name(e.member)} was killed: its worker is gone, its IndexedDB stays`;
        case 'restarted':
          return `${name(e.member)} restarts from its IndexedDB`;
        case 'wiped':
          return `${name(e.member)} lost its disk and rejoins as a new member`;
        case 'failed':
          return c.handles.find((h) => h.raftId === e.member)?.lifecycle === 'corrupt'
            ? `${name(e.member)} refuses to start, its data is corrupt (${e.detail ?? ''}): wipe it and it rejoins from the leader`
            : `${name(e.member)} failed to start: ${e.detail ?? ''}`;
        case 'started':
          return undefined;
      }
      return undefined;
    case 'sent':
    case 'delivered':
    case 'dropped':
    case 'commit':
    case 'apply':
      return undefined;
  }
}

/** Creates the worker-cluster driver. `members` sizes a new cluster (a persisted one keeps its size). */
export function createWorkerDriver(store: ClusterStore, opts: { members: number; seed: number; speed?: number; durability?: Durability }): ClusterDriver {
  let cluster: WorkerCluster | undefined;
  let opening: Promise<WorkerCluster> | undefined;
  let frame = 0;
  let leaderChanges = 0;
  let pending: { tick: number; text: string }[] = [];
  let unsubscribe: () => void = () => {};
  const trail = new MessageTrail({ minMs: 300 });
  const votes = new VoteTracker();
  const rate = new RateMeter();
  // The trail's clock: wall time that stands still while the cluster is paused, so messages
  // freeze mid-flight with it.
  let visual = 0;
  let lastWall: number | undefined;
  const visualNow = (c: WorkerCluster): number => {
    const w = performance.now();
    if (lastWall !== undefined && !c.clock.isPaused) visual += w - lastWall;
    lastWall = w;
    return visual;
  };
  let skippedSeen = 0;
  let skippingUntil = 0;
  /** True for a second after the trail last skipped a message (too many in flight to draw). */
  const trailSkipping = (wall: number): boolean => {
    if (trail.skipped !== skippedSeen) {
      skippedSeen = trail.skipped;
      skippingUntil = wall + 1000;
    }
    return wall < skippingUntil;
  };
  const lastSeen = new Map<number, { s: MemberSummary | undefined; at: number }>();

  function publish(c: WorkerCluster): void {
    const tickMs = c.timing.tickMs;
    const now = c.now();
    const tick = Math.floor(now / tickMs);
    const members = c.handles.map((h) => memberView(c, h, now));
    const ids = c.handles.map((h) => h.raftId);
    const links: LinkView[] = [];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) links.push(linkView(c, ids[i]!, ids[j]!));
    const wall = visualNow(c);
    const messages: MessageView[] = trail.views(wall);
    const groups = c.network.links.partitionGroups();
    store.getState().publish({ tick, members, messages, links, groups, messageRate: rate.read(wall, c.events.counts.sent, c.events.sampled || trailSkipping(wall)), leaderChanges }, pending);
    pending = [];
  }

  /** The member as drawn; its election timer is interpolated between the ticks it reports. */
  function memberView(c: WorkerCluster, h: WorkerCluster['handles'][number], now: number): MemberView {
    const s = h.summary;
    const role = h.lifecycle === 'corrupt' ? 'corrupt' : h.running && s ? roleOf(s) : 'stopped';
    let seen = lastSeen.get(h.raftId);
    if (!seen || seen.s !== s) lastSeen.set(h.raftId, (seen = { s, at: now }));
    const timed = role !== 'leader' && role !== 'stopped' && role !== 'corrupt' && s !== undefined;
    const between = Math.min(1, (now - seen.at) / c.timing.tickMs);
    const view: MemberView = {
      id: h.raftId,
      name: h.name,
      role,
      term: s?.term ?? 0,
      lead: s && h.running ? s.lead : 0,
      commit: s?.commit ?? 0,
      applied: s?.applied ?? 0,
      lastIndex: s?.lastIndex ?? 0,
      electionElapsed: timed ? s.electionElapsed + between : 0,
      electionTimeout: timed ? s.randomizedElectionTimeout : 0,
    };
    if (h.lastError !== undefined && !h.running) view.error = h.lastError;
    else if (h.running && s?.noSpace) view.error = s.noSpace;
    if (s) {
      view.snapshotIndex = s.snapshotIndex;
      if (s.logTerms) view.logTerms = s.logTerms;
      const tally = votes.tally(h.raftId, visual);
      if (tally && h.running) {
        view.votes = tally.votes;
        view.voteKind = tally.kind;
        view.voters = c.handles.filter((x) => !x.summary?.isLearner).length;
      }
      if (role === 'leader' && s.progress) view.progress = s.progress.map((p) => ({ id: p.id, match: p.match, next: p.next, state: PROGRESS[p.state] }));
    }
    return view;
  }

  // Under a message storm (the recorder samples message events) the store is published on every
  // other frame: the page's main thread also relays the bus and the client calls, and each
  // publish costs a React render plus style, layout and paint (~6 ms a frame on 2 cores).
  let odd = false;
  function loop(): void {
    odd = !odd;
    if (cluster && (odd || !cluster.events.sampled)) publish(cluster);
    frame = requestAnimationFrame(loop);
  }

  const report = (text: string): void => {
    pending.push({ tick: cluster ? Math.floor(cluster.now() / cluster.timing.tickMs) : 0, text });
  };

  const chaos = new ChaosController(() => opening!);

  const setPaused = (paused: boolean): void => {
    if (paused) cluster?.pause();
    else cluster?.resume();
    store.getState().setPaused(paused);
  };

  return {
    raft: createRaftControls(() => cluster, report),
    chaos,
    start() {
      opening = Cluster.open(browserHost(), { members: opts.members, seed: opts.seed, ...(opts.durability ? { durability: opts.durability } : {}), ...readStorageParams(window.location.search) });
      window.etcdscope = createEtcdscopeApi(() => opening!, chaos);
      void opening.then((c) => {
        cluster = c;
        const speed = store.getState().speed;
        if (speed !== 1) c.speed(speed);
        if (store.getState().paused) c.pause();
        unsubscribe = c.events.subscribe((batch) => {
          for (const e of batch) {
            if (e.kind === 'role' && e.role === 'leader') leaderChanges++;
            if (e.kind === 'sent') {
              trail.sent(e, visual, (e.deliverAt - e.at) / c.clock.speed);
              votes.sent(e, visual);
            } else if (e.kind === 'delivered') votes.delivered(e, visual);
            else if (e.kind === 'dropped') {
              trail.dropped(e.id, visual);
              votes.dropped(e.id);
              // A vote request cut at the sender still means its sender runs an election.
              if (e.type === 'MsgVote' || e.type === 'MsgPreVote') votes.sent(e, visual);
            } else if (e.kind === 'lifecycle' && e.what !== 'started') {
              trail.forget(e.member);
              votes.forget(e.member);
            }
            const text = describe(c, e);
            if (text) pending.push({ tick: Math.floor(e.at / c.timing.tickMs), text });
          }
        });
      });
      frame = requestAnimationFrame(loop);
    },
    stop() {
      cancelAnimationFrame(frame);
      unsubscribe();
      void opening?.then((c) => c.close());
      cluster = undefined;
    },
    kill(id) {
      const h = cluster?.handles.find((x) => x.raftId === id);
      if (h) cluster!.kill(h.name);
    },
    restart(id) {
      const h = cluster?.handles.find((x) => x.raftId === id);
      if (h) void cluster!.restart(h.name);
    },
    setPaused,
    setSpeed(x) {
      cluster?.speed(x);
      store.getState().setSpeed(x);
    },
    step() {
      if (!cluster) return;
      if (!cluster.clock.isPaused) setPaused(true);
      cluster.step();
    },
    async reset(members) {
      const c = cluster ?? (await opening);
      if (!c) return;
      for (const h of c.handles) trail.forget(h.raftId);
      lastSeen.clear();
      leaderChanges = 0;
      store.getState().clearHistory();
      pending = [{ tick: 0, text: `a new cluster of ${members} member${members === 1 ? '' : 's'} starts` }];
      await c.reset({ members });
      c.speed(store.getState().speed);
      if (store.getState().paused) c.pause();
    },
  };
}
