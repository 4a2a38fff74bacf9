/**
 * A small seeded chaos test of the whole core through RawNode and the Ready loop: random ticks,
 * message drops / duplicates / reordering, partitions, crashes with restart from storage, log
 * compaction, leader transfers and membership changes (promote, demote, remove). After every step it checks election safety, that committed
 * entries never change (state machine safety), and that commit indexes never go back; at the end
 * it heals the network and checks that the cluster elects a leader and commits again.
 * A failure names its seed.
 */
import { describe, expect, it } from 'vitest';
import { decodeConfChange } from './confchange-codec';
import { ErrProposalDropped, ErrStepPeerNotFound } from './errors';
import type { ConfChange, ConfChangeType, Message } from './messages';
import { createRand } from './rand';
import type { Rand } from './rand';
import { RawNode } from './raw-node';
import { MemoryStorage } from './storage';

interface Node {
  id: number;
  /** stopped: the node applied its own removal and was shut down by its host. */
  stopped: boolean;
  storage: MemoryStorage;
  rn: RawNode;
  commit: number;
}

class Cluster {
  nodes: Node[] = [];
  inflight: Message[] = [];
  /** ghost: index -> "term/data" of the first time anybody applied it. */
  ghost = new Map<number, string>();
  /** leaders: term -> the one leader of that term. */
  leaders = new Map<number, number>();
  group = new Map<number, number>();
  /** removed ids are never re-added (etcd requires fresh ids). */
  removed = new Set<number>();
  proposals = 0;

  constructor(
    readonly n: number,
    readonly rand: Rand,
    readonly seed: number,
  ) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    // Five-node clusters start with two learners.
    const voters = n === 5 ? [1, 2, 3] : ids;
    const learners = ids.filter((id) => !voters.includes(id));
    for (const id of ids) {
      const storage = new MemoryStorage();
      storage.applySnapshot({ data: new Uint8Array(0), metadata: { index: 1, term: 1, confState: { voters, learners } } });
      this.nodes.push({ id, stopped: false, storage, rn: this.start(id, storage, 1), commit: 1 });
    }
  }

  start(id: number, storage: MemoryStorage, applied: number): RawNode {
    return new RawNode({ id, electionTick: 10, heartbeatTick: 2, storage, applied, maxInflightMsgs: 4, maxSizePerMsg: 64, rand: createRand(this.seed * 31 + id) });
  }

  fail(msg: string): never {
    throw new Error(`seed=${this.seed}: ${msg}`);
  }

  processReady(nd: Node): void {
    if (nd.stopped || !nd.rn.hasReady()) return;
    const rd = nd.rn.ready();
    if (rd.hardState) {
      const prev = nd.storage.initialState().hardState;
      if (rd.hardState.term < prev.term || rd.hardState.commit < prev.commit) {
        this.fail(`node ${nd.id} persisted ${JSON.stringify(rd.hardState)} after ${JSON.stringify(prev)}`);
      }
      if (rd.hardState.term === prev.term && prev.vote !== 0 && rd.hardState.vote !== prev.vote) {
        this.fail(`node ${nd.id} changed its vote in term ${prev.term}`);
      }
      nd.storage.setHardState(rd.hardState);
    }
    if (rd.snapshot) nd.storage.applySnapshot(rd.snapshot);
    nd.storage.append(rd.entries);
    this.inflight.push(...rd.messages);
    for (const e of rd.committedEntries) {
      const key = `${e.term}/${new TextDecoder().decode(e.data)}`;
      const prev = this.ghost.get(e.index);
      if (prev === undefined) this.ghost.set(e.index, key);
      else if (prev !== key) this.fail(`node ${nd.id} applied ${key} at ${e.index}, another node applied ${prev}`);
      if (e.type === 'EntryConfChange') this.applyConfChange(nd, decodeConfChange(e.data));
    }
    nd.rn.advance(rd);
  }

  /**
   * applyConfChange applies a committed change, cancelling (node id 0, as etcd allows) one that
   * would leave no voter: a deterministic decision from the applied state only.
   */
  applyConfChange(nd: Node, cc: ConfChange): void {
    const voters = nd.rn.raft.trk.voterNodes();
    const leavesNoVoter = cc.type !== 'ConfChangeAddNode' && voters.length === 1 && voters[0] === cc.nodeId;
    const cs = nd.rn.applyConfChange(leavesNoVoter ? { ...cc, nodeId: 0 } : cc);
    if (cc.type === 'ConfChangeRemoveNode' && !leavesNoVoter) {
      this.removed.add(cc.nodeId);
      // Like etcd's server, a member that applies its own removal shuts down.
      if (cc.nodeId === nd.id) nd.stopped = true;
    }
    if (cs.voters.length === 0) this.fail(`node ${nd.id} has no voters`);
  }

  check(): void {
    for (const nd of this.nodes) {
      const st = nd.rn.status();
      if (st.raftState === 'StateLeader') {
        const l = this.leaders.get(st.term);
        if (l !== undefined && l !== nd.id) this.fail(`two leaders in term ${st.term}: ${l} and ${nd.id}`);
        this.leaders.set(st.term, nd.id);
      }
      if (st.commit < nd.commit) this.fail(`node ${nd.id} commit went back from ${nd.commit} to ${st.commit}`);
      nd.commit = st.commit;
      if (!(st.applied <= st.commit)) this.fail(`node ${nd.id} applied ${st.applied} > commit ${st.commit}`);
    }
  }

  deliver(reliable: boolean): void {
    if (this.inflight.length === 0) return;
    const i = reliable ? 0 : this.rand.intn(this.inflight.length);
    const m = this.inflight[i];
    const dup = !reliable && this.rand.intn(20) === 0;
    if (!dup) this.inflight.splice(i, 1);
    const cut = (this.group.get(m.from) ?? 0) !== (this.group.get(m.to) ?? 0);
    // Like etcd's server, the host reports the fate of every MsgSnap to the sender.
    const report = (status: 'finish' | 'failure'): void => {
      if (m.type === 'MsgSnap') this.nodes[m.from - 1].rn.reportSnapshot(m.to, status);
    };
    if (this.nodes[m.to - 1].stopped || (!reliable && (cut || this.rand.intn(10) === 0))) {
      report('failure');
      return;
    }
    try {
      this.nodes[m.to - 1].rn.step(structuredClone(m));
    } catch (e) {
      // Hosts ignore these (etcd's server logs them): dropped forwarded proposals, and
      // responses from a member removed from this node's configuration.
      if (!(e instanceof ErrProposalDropped) && !(e instanceof ErrStepPeerNotFound)) throw e;
    }
    report('finish');
  }

  step(): void {
    const r = this.rand.intn(100);
    const nd = this.nodes[this.rand.intn(this.n)];
    if (nd.stopped) return;
    if (r < 30) nd.rn.tick();
    else if (r < 60) this.deliver(false);
    else if (r < 80) this.processReady(nd);
    else if (r < 88) {
      try {
        nd.rn.propose(new TextEncoder().encode(`p${this.proposals++}`));
      } catch (e) {
        if (!(e instanceof ErrProposalDropped)) throw e;
      }
    } else if (r < 91) {
      // Partition: each node lands in one of two groups.
      for (const x of this.nodes) this.group.set(x.id, this.rand.intn(2));
    } else if (r < 93) this.group.clear();
    else if (r < 95) {
      // Crash and restart from what was persisted (the unprocessed Ready is lost).
      nd.rn = this.start(nd.id, nd.storage, nd.storage.snapshot().metadata.index);
      // Only the persisted commit index survives a crash.
      nd.commit = nd.storage.initialState().hardState.commit;
    } else if (r < 98) {
      const applied = nd.rn.status().applied;
      if (applied > nd.storage.snapshot().metadata.index && applied > nd.storage.firstIndex()) {
        nd.storage.createSnapshot(applied, nd.rn.raft.trk.confState(), new Uint8Array(0));
        nd.storage.compact(applied - 1);
      }
    } else if (r < 99) {
      nd.rn.transferLeader(1 + this.rand.intn(this.n));
    } else {
      const target = 1 + this.rand.intn(this.n);
      const types: ConfChangeType[] = ['ConfChangeAddNode', 'ConfChangeAddLearnerNode', 'ConfChangeRemoveNode'];
      // Removals are rare: a cluster that loses too many members cannot make progress.
      const type = types[this.rand.intn(this.removed.size === 0 && this.rand.intn(3) === 0 ? 3 : 2)];
      if (!this.removed.has(target)) {
        try {
          nd.rn.proposeConfChange({ type, nodeId: target });
        } catch (e) {
          if (!(e instanceof ErrProposalDropped)) throw e;
        }
      }
    }
    this.check();
  }

  /** heal delivers everything reliably and ticks until a proposal commits everywhere. */
  heal(): void {
    this.group.clear();
    const marker = `final-${this.seed}`;
    for (let round = 0; round < 3000; round++) {
      for (const nd of this.nodes) this.processReady(nd);
      while (this.inflight.length > 0) {
        this.deliver(true);
        for (const nd of this.nodes) this.processReady(nd);
      }
      this.check();
      const leader = this.nodes.find((x) => x.rn.status().raftState === 'StateLeader' && !x.stopped && !this.removed.has(x.id));
      if (leader && round % 20 === 0) {
        try {
          leader.rn.propose(new TextEncoder().encode(marker));
        } catch (e) {
          if (!(e instanceof ErrProposalDropped)) throw e;
        }
      }
      const done = [...this.ghost.values()].some((v) => v.endsWith(`/${marker}`));
      const members = this.nodes.filter((x) => !this.removed.has(x.id) && !x.stopped);
      if (done && leader && members.every((x) => x.rn.status().applied === leader.rn.status().commit)) return;
      for (const nd of this.nodes) if (!nd.stopped) nd.rn.tick();
    }
    const dump = this.nodes.map((x) => {
      const st = x.rn.status();
      const pr = [...x.rn.raft.trk.progress.entries()].map(([id, p]) => `${id}:${p.toString()}`).join('; ');
      return `${x.id} ${st.raftState} term=${st.term} lead=${st.lead} commit=${st.commit} applied=${st.applied} last=${x.rn.raft.raftLog.lastIndex()} first=${x.rn.raft.raftLog.firstIndex()} snap=${x.storage.snapshot().metadata.index} [${st.raftState === 'StateLeader' ? pr : ''}]`;
    });
    this.fail(`the healed cluster did not converge:\n${dump.join('\n')}`);
  }
}

describe('chaos', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: safety under faults, liveness after healing`, () => {
      const c = new Cluster(seed % 2 === 0 ? 3 : 5, createRand(seed), seed);
      for (let i = 0; i < 1500; i++) c.step();
      c.heal();
      expect(c.leaders.size).toBeGreaterThan(0);
    });
  }
});
