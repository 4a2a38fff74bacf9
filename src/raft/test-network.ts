import { restoreConfState } from './confchange';
import type { Config } from './config';
import { ErrProposalDropped } from './errors';
import { newMessage, newEntry } from './messages';
import type { Entry, Message, MessageType } from './messages';
import { createRand } from './rand';
import type { Rand } from './rand';
import { Raft } from './raft';
import { MemoryStorage } from './storage';

/**
 * Test helpers in the spirit of etcd-raft's raft_test.go: in-memory storages, Raft objects
 * driven directly, and `Network`, a synchronous message pump with drop/cut/isolate/ignore.
 * Only tests import this file.
 */

/** newTestMemoryStorage returns a storage whose initial ConfState has the given members. */
export function newTestMemoryStorage(peers: number[], learners: number[] = []): MemoryStorage {
  const s = new MemoryStorage();
  s.setConfState({ voters: peers, learners });
  return s;
}

/** TestOpts overrides Config fields; checkQuorum and preVote default to false as in etcd's tests. */
export type TestOpts = Partial<Omit<Config, 'id' | 'electionTick' | 'heartbeatTick' | 'storage'>>;

/** newTestConfig builds a Config with etcd's test defaults (no checkQuorum, no preVote). */
export function newTestConfig(id: number, election: number, heartbeat: number, storage: MemoryStorage, opts: TestOpts = {}): Config {
  return {
    id,
    electionTick: election,
    heartbeatTick: heartbeat,
    storage,
    maxSizePerMsg: Infinity,
    maxInflightMsgs: 256,
    checkQuorum: false,
    preVote: false,
    rand: createRand(id * 7919 + 13),
    ...opts,
  };
}

/** newTestRaft builds a Raft over storage with test defaults. */
export function newTestRaft(id: number, election: number, heartbeat: number, storage: MemoryStorage, opts: TestOpts = {}): Raft {
  return new Raft(newTestConfig(id, election, heartbeat, storage, opts));
}

/** ids returns [1..n]. */
export function idsBySize(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** ents builds entries from [term, index] pairs (or terms at indexes 1..n). */
export function ents(...pairs: Array<[number, number]>): Entry[] {
  return pairs.map(([term, index]) => newEntry({ term, index }));
}

/** data encodes a string as entry data. */
export function data(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** msg is newMessage, shorter. */
export const msg = newMessage;

/** acceptAndReply answers a MsgApp with a successful MsgAppResp. */
export function acceptAndReply(m: Message): Message {
  return newMessage({ type: 'MsgAppResp', from: m.to, to: m.from, term: m.term, index: m.index + m.entries.length });
}

/**
 * commitNoopEntry makes a fresh leader commit its empty entry by acking its MsgApps, then
 * persists the log to s and marks everything applied.
 */
export function commitNoopEntry(r: Raft, s: MemoryStorage): void {
  if (r.state !== 'StateLeader') throw new Error('it should only be used when it is the leader');
  r.bcastAppend();
  for (const m of r.readMessages()) {
    if (m.type !== 'MsgApp' || m.entries.length !== 1 || m.entries[0].data.length !== 0) {
      throw new Error('not a message to append noop entry');
    }
    r.step(acceptAndReply(m));
  }
  r.readMessages();
  s.append(r.raftLog.nextUnstableEnts());
  r.raftLog.appliedTo(r.raftLog.committed);
  r.raftLog.stableTo(r.raftLog.lastIndex(), r.raftLog.lastTerm());
}

/** nextEnts persists unstable entries to s, runs post-append steps and returns what to apply. */
export function nextEnts(r: Raft, s: MemoryStorage): Entry[] {
  s.append(r.raftLog.nextUnstableEnts());
  r.raftLog.stableTo(r.raftLog.lastIndex(), r.raftLog.lastTerm());
  r.advanceMessagesAfterAppend();
  const out = r.raftLog.nextCommittedEnts(true);
  r.raftLog.appliedTo(r.raftLog.committed);
  return out;
}

/** sortMsgs sorts messages by recipient then type (deterministic comparisons). */
export function sortMsgs(msgs: Message[]): Message[] {
  return [...msgs].sort((a, b) => a.to - b.to || a.type.localeCompare(b.type));
}

/** Peer of a Network: a Raft, or a black hole that swallows messages. */
export type Peer = Raft | 'blackhole';

/**
 * Network connects Rafts by id and pumps messages synchronously until quiet (etcd's network).
 */
export class Network {
  readonly peers = new Map<number, Peer>();
  readonly storage = new Map<number, MemoryStorage>();
  private dropm = new Map<string, number>();
  private ignorem = new Set<MessageType>();
  /** msgHook may veto delivery of a message (return false to drop it). */
  msgHook: ((m: Message) => boolean) | undefined = undefined;
  private rand: Rand = createRand(42);

  /**
   * constructor: each entry is a Raft (joined into an all-voter config of the network's ids,
   * keeping its learners), 'blackhole', or undefined for a fresh Raft with `opts`.
   */
  constructor(peers: Array<Peer | undefined>, opts: TestOpts = {}) {
    const ids = idsBySize(peers.length);
    peers.forEach((p, i) => {
      const id = ids[i];
      if (p === undefined) {
        const st = newTestMemoryStorage(ids);
        this.storage.set(id, st);
        this.peers.set(id, newTestRaft(id, 10, 1, st, opts));
      } else if (p === 'blackhole') {
        this.peers.set(id, p);
      } else {
        const learners = [...p.trk.config.learners];
        const voters = ids.filter((x) => !learners.includes(x));
        p.trk.config = restoreConfState(p.trk, p.raftLog.lastIndex(), { voters, learners }).config;
        p.trk.progress = restoreConfState(p.trk, p.raftLog.lastIndex(), { voters, learners }).progress;
        p.reset(p.term);
        this.peers.set(id, p);
      }
    });
  }

  /** raft returns the Raft with this id (throws for a black hole). */
  raft(id: number): Raft {
    const p = this.peers.get(id);
    if (p === undefined || p === 'blackhole') throw new Error(`no raft ${id}`);
    return p;
  }

  /** send delivers msgs and everything they cause, until no message is left. */
  send(...msgs: Message[]): void {
    const queue = [...msgs];
    while (queue.length > 0) {
      const m = queue.shift() as Message;
      const p = this.peers.get(m.to);
      if (p === undefined || p === 'blackhole') continue;
      try {
        p.step(m);
      } catch (e) {
        if (!(e instanceof ErrProposalDropped)) throw e;
      }
      queue.push(...this.filter(p.readMessages()));
    }
  }

  /** drop drops messages from -> to with probability perc. */
  drop(from: number, to: number, perc: number): void {
    this.dropm.set(`${from}-${to}`, perc);
  }

  /** cut drops every message between a and b. */
  cut(a: number, b: number): void {
    this.drop(a, b, 2);
    this.drop(b, a, 2);
  }

  /** isolate cuts id from every other node. */
  isolate(id: number): void {
    for (const other of this.peers.keys()) {
      if (other !== id) this.cut(id, other);
    }
  }

  /** ignore drops every message of type t. */
  ignore(t: MessageType): void {
    this.ignorem.add(t);
  }

  /** recover heals all drops and ignores. */
  recover(): void {
    this.dropm = new Map();
    this.ignorem = new Set();
  }

  private filter(msgs: Message[]): Message[] {
    return msgs.filter((m) => {
      if (this.ignorem.has(m.type)) return false;
      if (m.type === 'MsgHup') throw new Error('unexpected MsgHup');
      const perc = this.dropm.get(`${m.from}-${m.to}`) ?? 0;
      if (perc > 0 && this.rand.intn(1_000_000) / 1_000_000 < perc) return false;
      if (this.msgHook && !this.msgHook(m)) return false;
      return true;
    });
  }
}

/** hup is the MsgHup that makes `id` campaign. */
export function hup(id: number): Message {
  return newMessage({ type: 'MsgHup', from: id, to: id });
}

/** prop is a MsgProp of one entry with payload s, addressed to `id`. */
export function prop(id: number, s = 'somedata'): Message {
  return newMessage({ type: 'MsgProp', from: id, to: id, entries: [newEntry({ data: data(s) })] });
}
