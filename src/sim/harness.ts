import { assert } from './assert';
import { RELIABLE, UNRELIABLE, type NetworkProfile } from './network';
import { SimWorld, type WorldOptions } from './world';

/** HarnessError is a failed 6.824-style expectation (the message says which). */
export class HarnessError extends Error {
  override name = 'HarnessError';
}

/** LONG_REORDER is 6.824's long-reordering network: 2/3 of messages delayed up to ~2.2 s. */
export const LONG_REORDER: Readonly<NetworkProfile> = Object.freeze({
  ...UNRELIABLE,
  reorderRate: 0.66,
  reorderDelayMaxTicks: 22,
});

const encoder = new TextEncoder();

/**
 * Harness is MIT 6.824's test config (config.go) over a SimWorld, in ticks
 * instead of seconds (1 election timeout = electionTick ticks ~ 1 s there):
 * crash/start/connect/disconnect members, checkOneLeader, nCommitted, one().
 * It records what every member committed at each index (from `commit`
 * events, which survive crashes like 6.824's logs map), and the world's
 * RaftChecker checks every Raft invariant after every step.
 */
export class Harness {
  readonly world: SimWorld;
  /** connected is 6.824's connected[]: crashed members are disconnected too. */
  private readonly connected = new Set<number>();
  /** logs[id] maps index -> committed payload at member id. */
  private readonly logs = new Map<number, Map<number, string>>();
  private readonly firstIndexOf = new Map<string, number>();
  /** restoredTo[id]: member id installed a snapshot covering every index up to it. */
  private readonly restoredTo = new Map<number, number>();
  private unreliable = false;

  constructor(opts: Omit<WorldOptions, 'nemesis' | 'proposeRate'>) {
    this.world = new SimWorld({ ...opts, nemesis: 'none', proposeRate: 0, ticks: Number.MAX_SAFE_INTEGER });
    for (const id of this.world.ids) {
      this.connected.add(id);
      this.logs.set(id, new Map());
    }
    this.world.on((e) => {
      if (e.ev === 'snapshot-restore') this.restoredTo.set(e.node, Math.max(e.index, this.restoredTo.get(e.node) ?? 0));
      if (e.ev !== 'commit') return;
      this.logs.get(e.node)?.set(e.index, e.data);
      if (e.data !== '' && !this.firstIndexOf.has(e.data)) this.firstIndexOf.set(e.data, e.index);
    });
  }

  /** n is the number of members. */
  get n(): number {
    return this.world.ids.length;
  }

  get electionTick(): number {
    return this.world.opts.electionTick;
  }

  /** run advances `ticks` ticks. */
  run(ticks: number): void {
    this.world.run(ticks);
  }

  /** setUnreliable switches 6.824's unreliable network on or off. */
  setUnreliable(on: boolean): void {
    this.unreliable = on;
    this.world.setProfile(on ? 'unreliable' : 'reliable', on ? UNRELIABLE : RELIABLE);
  }

  /** setLongReordering enables 6.824's long reordering (keeps unreliability). */
  setLongReordering(on: boolean): void {
    this.world.setProfile(on ? 'long-reorder' : 'unreliable', on ? LONG_REORDER : this.unreliable ? UNRELIABLE : RELIABLE);
  }

  /** disconnect cuts member id off the network. */
  disconnect(id: number): void {
    this.connected.delete(id);
    this.world.disconnect(id);
  }

  /** connect restores member id's links to every connected member. */
  connect(id: number): void {
    this.connected.add(id);
    this.world.connect(id);
    for (const o of this.world.ids) {
      if (!this.connected.has(o)) this.world.net.isolate(o, this.world.ids);
    }
  }

  /** isConnected reports 6.824's connected[id]. */
  isConnected(id: number): boolean {
    return this.connected.has(id);
  }

  /** crash disconnects and kills member id (its disk survives). */
  crash(id: number): void {
    this.disconnect(id);
    this.world.crash(id);
  }

  /** start restarts a crashed member from its disk (still disconnected, as start1). */
  start(id: number): void {
    this.world.restart(id);
  }

  /** start1 is 6.824's start1: kill member id if it runs, then restart it from its disk. */
  start1(id: number): void {
    if (this.world.isUp(id)) this.world.crash(id);
    this.world.restart(id);
  }

  /** rand draws from the world's PRNG (so a test stays a function of its seed). */
  rand(n: number): number {
    return this.world.rand.intn(n);
  }

  /** peer returns the member k places after id, wrapping (6.824's (i + k) % n, 1-based). */
  peer(id: number, k: number): number {
    return ((id - 1 + k) % this.n) + 1;
  }

  /** isUp reports whether member id runs. */
  isUp(id: number): boolean {
    return this.world.isUp(id);
  }

  /** leaders returns the up, connected members that believe they lead, by term. */
  private leadersByTerm(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const m of this.world.members) {
      if (!this.connected.has(m.id) || !m.isLeader()) continue;
      const t = m.currentTerm();
      out.set(t, [...(out.get(t) ?? []), m.id]);
    }
    return out;
  }

  /** checkOneLeader waits (up to 10 rounds of ~half an election timeout) for exactly one leader. */
  checkOneLeader(): number {
    for (let iter = 0; iter < 10; iter++) {
      this.run(this.world.rand.between(Math.floor(this.electionTick * 0.9), Math.floor(this.electionTick * 1.1)) * 5);
      const byTerm = this.leadersByTerm();
      let lastTerm = -1;
      for (const [term, ls] of byTerm) {
        if (ls.length > 1) throw new HarnessError(`term ${term} has ${ls.length} (>1) leaders`);
        if (term > lastTerm) lastTerm = term;
      }
      if (byTerm.size > 0) return (byTerm.get(lastTerm) as number[])[0] as number;
    }
    throw new HarnessError('expected one leader, got none');
  }

  /** checkTerms returns the term all connected members agree on. */
  checkTerms(): number {
    let term = -1;
    for (const m of this.world.members) {
      if (!this.connected.has(m.id) || !m.isUp()) continue;
      const t = m.currentTerm();
      if (term === -1) term = t;
      else if (term !== t) throw new HarnessError('servers disagree on term');
    }
    return term;
  }

  /** checkNoLeader fails if a connected member believes it leads. */
  checkNoLeader(): void {
    for (const m of this.world.members) {
      if (this.connected.has(m.id) && m.isLeader()) throw new HarnessError(`expected no leader among connected servers, but ${m.id} claims to be leader`);
    }
  }

  /**
   * nCommitted returns how many members committed index, and the payload
   * (failing on disagreement). A member that skipped the index by
   * installing a snapshot counts without a payload (the checker compares
   * snapshots against committed entries).
   */
  nCommitted(index: number): { count: number; data: string | undefined } {
    let count = 0;
    let data: string | undefined;
    let viaSnapshot = 0;
    for (const [id, log] of this.logs) {
      const d = log.get(index);
      if (d === undefined) {
        if (index <= (this.restoredTo.get(id) ?? 0)) viaSnapshot++;
        continue;
      }
      if (count > 0 && d !== data) throw new HarnessError(`committed values do not match: index ${index}, ${data}, ${d} (member ${id})`);
      count++;
      data = d;
    }
    return { count: count === 0 ? 0 : count + viaSnapshot, data };
  }

  /** propose submits `cmd` at member id; false when it is not a leader or dropped it. */
  propose(id: number, cmd: string): boolean {
    if (!this.world.isUp(id) || !this.world.member(id).isLeader()) return false;
    return this.world.propose(id, encoder.encode(cmd));
  }

  /** indexOf returns the first index at which `cmd` was committed anywhere. */
  indexOf(cmd: string): number | undefined {
    return this.firstIndexOf.get(cmd);
  }

  /**
   * one is 6.824's one(): submit `cmd` at some leader (trying members in
   * turn) and wait until at least `expected` members committed it; with
   * `retry`, resubmit if it does not commit in time. Returns its index.
   */
  one(cmd: string, expected: number, retry: boolean): number {
    const e = this.electionTick;
    const deadline = this.world.now + 100 * e;
    let starts = 0;
    while (this.world.now < deadline) {
      let submitted = false;
      for (let k = 0; k < this.n; k++) {
        starts = (starts % this.n) + 1;
        if (this.isConnected(starts) && this.propose(starts, cmd)) {
          submitted = true;
          break;
        }
      }
      if (submitted) {
        const until = this.world.now + 20 * e;
        while (this.world.now < until) {
          this.run(1);
          const idx = this.indexOf(cmd);
          if (idx !== undefined) {
            const { count, data } = this.nCommitted(idx);
            if (count >= expected && data === cmd) return idx;
          }
        }
        if (!retry) throw new HarnessError(`one(${cmd}) failed to reach agreement`);
      } else {
        this.run(5);
      }
    }
    throw new HarnessError(`one(${cmd}) failed to reach agreement`);
  }

  /** wait waits (up to ~a few election timeouts) for `n` members to commit `index`. */
  wait(index: number, n: number, startTerm = -1): string | undefined {
    let to = 1;
    for (let iters = 0; iters < 30; iters++) {
      const { count } = this.nCommitted(index);
      if (count >= n) break;
      this.run(to);
      if (to < this.electionTick) to *= 2;
      if (startTerm > -1 && this.world.members.some((m) => m.isUp() && m.currentTerm() > startTerm)) return undefined;
    }
    const { count, data } = this.nCommitted(index);
    if (count < n) throw new HarnessError(`only ${count} decided for index ${index}; wanted ${n}`);
    return data;
  }

  /** maxIndex is the highest index any member committed. */
  maxIndex(): number {
    let max = 0;
    for (const log of this.logs.values()) for (const i of log.keys()) if (i > max) max = i;
    return max;
  }

  /** finish fails the test if the checker saw any violated invariant. */
  finish(): void {
    const v = this.world.checker.violations;
    assert(v.length === 0, `raft invariants violated (seed ${this.world.opts.seed}):\n${v.join('\n')}`);
  }
}
