/**
 * InteractionEnv drives a cluster of RawNodes through the real Ready loop for the datadriven
 * scripts in testdata/ (etcd-raft's rafttest.InteractionEnv, in our own simple grammar).
 * Messages stay in an in-flight queue until `deliver-msgs`, so scripts show every exchange.
 * Test-only.
 */
import { decodeConfChange } from './confchange-codec';
import { describeConfState, describeEntry, describeMessage, describeSnapshot } from './describe';
import type { Message } from './messages';
import { createRand } from './rand';
import { RawNode } from './raw-node';
import type { Ready } from './raw-node';
import { MemoryStorage } from './storage';
import type { TraceEvent } from './trace';

/** EnvNode is one member: its RawNode and its "disk". */
export interface EnvNode {
  id: number;
  rn: RawNode;
  storage: MemoryStorage;
}

/** NodeOpts are the per-node config switches a script can set in add-nodes. */
export interface NodeOpts {
  preVote: boolean;
  checkQuorum: boolean;
  stepDownOnRemoval: boolean;
  maxInflight: number;
  maxSizePerMsg: number;
  electionTick: number;
  heartbeatTick: number;
}

/** InteractionEnv is the state of one script run. */
export class InteractionEnv {
  readonly nodes = new Map<number, EnvNode>();
  /** messages in flight, in send order. */
  messages: Message[] = [];
  /** partition groups: messages between different groups are dropped on delivery. */
  partition: number[][] = [];
  /** out collects the current command's output. */
  out: string[] = [];
  /** indent is prepended to log lines. */
  indent = '';
  /** logLevel 'none' silences trace lines. */
  logLevel: 'info' | 'none' = 'info';

  /** addNode creates node `id`, bootstrapped from a snapshot at `index` (0 = empty log). */
  addNode(id: number, voters: number[], learners: number[], index: number, o: NodeOpts): void {
    const storage = new MemoryStorage();
    if (index > 0) {
      storage.applySnapshot({ data: new Uint8Array(0), metadata: { index, term: 1, confState: { voters, learners } } });
    } else {
      storage.setConfState({ voters, learners });
    }
    const rn = new RawNode({
      id,
      electionTick: o.electionTick,
      heartbeatTick: o.heartbeatTick,
      storage,
      applied: index,
      preVote: o.preVote,
      checkQuorum: o.checkQuorum,
      stepDownOnRemoval: o.stepDownOnRemoval,
      maxInflightMsgs: o.maxInflight,
      maxSizePerMsg: o.maxSizePerMsg,
      rand: createRand(id),
      trace: (ev) => this.log(ev),
    });
    this.nodes.set(id, { id, rn, storage });
  }

  /** node returns member `id` or throws. */
  node(id: number): EnvNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  /** ids returns all member ids, sorted. */
  ids(): number[] {
    return [...this.nodes.keys()].sort((a, b) => a - b);
  }

  /** emit appends an output line. */
  emit(line: string): void {
    this.out.push(this.indent + line);
  }

  private log(ev: TraceEvent): void {
    if (this.logLevel === 'none') return;
    const line = formatTrace(ev);
    if (line !== undefined) this.out.push(`${this.indent}INFO ${line}`);
  }

  /** processReady handles one Ready of node id: persist, queue messages, apply, advance. */
  processReady(id: number): void {
    const n = this.node(id);
    this.emit(`> ${id} handling Ready`);
    const saved = this.indent;
    this.indent = saved + '  ';
    const rd = n.rn.ready();
    this.printReady(rd);
    if (rd.hardState) n.storage.setHardState(rd.hardState);
    if (rd.snapshot) n.storage.applySnapshot(rd.snapshot);
    n.storage.append(rd.entries);
    this.messages.push(...rd.messages);
    for (const e of rd.committedEntries) {
      if (e.type === 'EntryConfChange') n.rn.applyConfChange(decodeConfChange(e.data));
    }
    // Like a real server (and etcd's interaction env), keep a snapshot of the applied state
    // (entries are not compacted: use `compact` for that).
    const last = rd.committedEntries[rd.committedEntries.length - 1];
    if (last !== undefined && last.index > n.storage.snapshot().metadata.index) {
      n.storage.createSnapshot(last.index, n.rn.raft.trk.confState(), new Uint8Array(0));
    }
    n.rn.advance(rd);
    this.indent = saved;
  }

  private printReady(rd: Ready): void {
    this.emit(`Ready MustSync=${rd.mustSync}:`);
    if (rd.softState) this.emit(`Lead:${rd.softState.lead} State:${rd.softState.raftState}`);
    if (rd.hardState) this.emit(`HardState Term:${rd.hardState.term} Vote:${rd.hardState.vote} Commit:${rd.hardState.commit}`);
    if (rd.entries.length > 0) {
      this.emit('Entries:');
      for (const e of rd.entries) this.emit(describeEntry(e));
    }
    if (rd.snapshot) this.emit(`Snapshot ${describeSnapshot(rd.snapshot)}`);
    if (rd.committedEntries.length > 0) {
      this.emit('CommittedEntries:');
      for (const e of rd.committedEntries) this.emit(describeEntry(e));
    }
    if (rd.messages.length > 0) {
      this.emit('Messages:');
      for (const m of rd.messages) this.emit(describeMessage(m));
    }
    for (const rs of rd.readStates) {
      this.emit(`ReadState Index:${rs.index} RequestCtx:${JSON.stringify(new TextDecoder().decode(rs.requestCtx))}`);
    }
  }

  private blocked(m: Message): boolean {
    if (this.partition.length === 0) return false;
    const group = (id: number) => this.partition.findIndex((g) => g.includes(id));
    return group(m.from) !== group(m.to);
  }

  /** deliverMsgs delivers every in-flight message addressed to id (dropping some if asked). */
  deliverMsgs(id: number, drop: boolean): number {
    const mine = this.messages.filter((m) => m.to === id);
    if (mine.length === 0) return 0;
    this.messages = this.messages.filter((m) => m.to !== id);
    const n = this.node(id);
    for (const m of mine) {
      if (drop || this.blocked(m)) {
        this.emit(`dropped: ${describeMessage(m)}`);
        continue;
      }
      this.emit(describeMessage(m));
      const saved = this.indent;
      this.indent = saved + '  ';
      try {
        n.rn.step(m);
      } catch (e) {
        this.emit(`error: ${(e as Error).message}`);
      }
      this.indent = saved;
    }
    return mine.length;
  }

  /** stabilize processes Readys and delivers messages among ids until nothing is left. */
  stabilize(ids: number[]): void {
    for (let round = 0; round < 1000; round++) {
      let done = true;
      for (const id of ids) {
        if (this.node(id).rn.hasReady()) {
          done = false;
          this.processReady(id);
        }
      }
      for (const id of ids) {
        if (this.messages.some((m) => m.to === id)) {
          done = false;
          this.emit(`> ${id} receiving messages`);
          const saved = this.indent;
          this.indent = saved + '  ';
          this.deliverMsgs(id, false);
          this.indent = saved;
        }
      }
      if (done) return;
    }
    throw new Error('stabilize did not converge');
  }
}

/** formatTrace renders the interesting trace events as log lines (others are skipped). */
export function formatTrace(ev: TraceEvent): string | undefined {
  switch (ev.type) {
    case 'become-follower':
      return `${ev.node} became follower at term ${ev.term}${ev.lead ? ` (lead ${ev.lead})` : ''}`;
    case 'become-pre-candidate':
      return `${ev.node} became pre-candidate at term ${ev.term}`;
    case 'become-candidate':
      return `${ev.node} became candidate at term ${ev.term}`;
    case 'become-leader':
      return `${ev.node} became leader at term ${ev.term}`;
    case 'vote':
      return ev.granted
        ? `${ev.node} [term ${ev.term}] cast ${ev.pre ? 'MsgPreVote' : 'MsgVote'} for ${ev.to} at term ${ev.candidateTerm}`
        : `${ev.node} [term ${ev.term}] rejected ${ev.pre ? 'MsgPreVote' : 'MsgVote'} from ${ev.to} at term ${ev.candidateTerm}`;
    case 'progress':
      return `${ev.node} progress of ${ev.peer}: ${ev.from} -> ${ev.to} (match=${ev.match} next=${ev.next})`;
    case 'conflict':
      return `${ev.node} found conflict at index ${ev.index}, truncating`;
    case 'conf-change':
      return `${ev.node} applied ${ev.change.type} ${ev.change.nodeId}: ${describeConfState(ev.confState)}`;
    case 'snapshot-restore':
      return `${ev.node} restored snapshot [index ${ev.index}, term ${ev.snapTerm}] ${describeConfState(ev.confState)}`;
    case 'transfer-leader':
      return `${ev.node} ${ev.action === 'start' ? 'starts transferring leadership to' : ev.action === 'abort' ? 'aborts transferring leadership to' : 'sends MsgTimeoutNow to'} ${ev.transferee}`;
    case 'drop':
      return `${ev.node} [term ${ev.term}] ignored ${ev.msg.type} from ${ev.msg.from} [term ${ev.msg.term}]: ${ev.reason}`;
    case 'read-state':
    case 'commit':
    case 'append':
    case 'send':
    case 'receive':
    case 'election-timeout-reset':
      return undefined;
  }
}
