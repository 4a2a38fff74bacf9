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
import type { ClusterStore, MemberView, MessageView } from '../store/cluster-store';
import type { ClusterDriver } from './driver';

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
          return `${name(e.member)} failed to start: ${e.detail ?? ''}`;
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
export function createWorkerDriver(store: ClusterStore, opts: { members: number; seed: number }): ClusterDriver {
  let cluster: WorkerCluster | undefined;
  let opening: Promise<WorkerCluster> | undefined;
  let frame = 0;
  let leaderChanges = 0;
  let pending: { tick: number; text: string }[] = [];
  let unsubscribe: () => void = () => {};

  function publish(c: WorkerCluster): void {
    const tickMs = c.timing.tickMs;
    const tick = Math.floor(c.now() / tickMs);
    const members: MemberView[] = c.status().map((m) => ({
      id: m.raftId,
      name: m.name,
      role: m.state,
      term: m.term,
      lead: c.handles.find((h) => h.name === m.leader)?.raftId ?? 0,
      commit: m.commit,
      applied: m.applied,
      lastIndex: m.lastIndex,
      // Approximation drawn from the bus: ticks since the member last heard from its leader
      // (raft resets its election timer then) against the base election timeout.
      electionElapsed: m.state === 'leader' || m.state === 'stopped' ? 0 : (c.now() - (c.lastLeaderContactAt.get(m.raftId) ?? 0)) / tickMs,
      electionTimeout: m.state === 'leader' || m.state === 'stopped' ? 0 : c.timing.electionTicks,
    }));
    const messages: MessageView[] = c.network.inFlight().slice(0, 200).map((env) => ({
      key: String(env.id),
      from: env.from,
      to: env.to,
      type: env.type,
      sentAt: env.sentAt / tickMs,
      deliverAt: env.deliverAt / tickMs,
    }));
    store.getState().publish({ tick, members, messages, leaderChanges }, pending);
    pending = [];
  }

  function loop(): void {
    if (cluster) publish(cluster);
    frame = requestAnimationFrame(loop);
  }

  return {
    start() {
      opening = Cluster.open(browserHost(), { members: opts.members, seed: opts.seed });
      window.etcdscope = createEtcdscopeApi(() => opening!);
      void opening.then((c) => {
        cluster = c;
        unsubscribe = c.events.subscribe((batch) => {
          for (const e of batch) {
            if (e.kind === 'role' && e.role === 'leader') leaderChanges++;
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
    setPaused(paused) {
      if (paused) cluster?.pause();
      else cluster?.resume();
      store.getState().setPaused(paused);
    },
  };
}
