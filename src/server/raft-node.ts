/**
 * RaftNode: the Ready loop of one member (etcd's etcdserver/raft.go raftNode.start), over a
 * RawNode, a MemoryStorage (the raft log in memory), the WAL port and the transport port.
 *
 * ```
 *   tick / step / propose ──► RawNode ──hasReady──► kick() ──► loop (one Ready at a time):
 *     0. send      messages that claim nothing durable (MsgApp, MsgHeartbeat, MsgVote, ...)
 *     1. persist   wal.save({hardState, entries, snapshot})   ONE atomic write per Ready
 *                  (awaited only when raft.MustSync: entries, snapshot, term or vote)
 *                  then MemoryStorage mirrors it (the log raft reads)
 *     2. send      the rest: MsgAppResp, MsgVoteResp, MsgPreVoteResp (they promise durability)
 *     3. apply     snapshot, then committed entries  (handler; may await backend commits)
 *     4. advance   RawNode.advance(rd); handler.afterAdvance() (snapshot trigger)
 * ```
 * A WAL that refuses step 1 for lack of space (ErrNoSpaceLeft) wrote nothing: the loop stops
 * before step 2, so nothing of that Ready is acknowledged, applied or advanced, and hands over to
 * `onWalNoSpace` (the server restarts raft in place from what is durable: raft-restart.ts).
 * Step 0 is thesis §10.2.1: the leader replicates while its own write is in flight (its
 * self-ack only counts after the write, on advance), as etcd's raftNode sends the leader's
 * messages before saving. Readies are serialised: a new one is taken only after `advance`.
 */
import { isEmptySnap, type Entry, type HardState, type Message, type MessageType, type RawNode, type ReadState, type Ready, type Snapshot, type SoftState, MemoryStorage } from '../raft';
import { ErrNoSpaceLeft, type Transport, type WalBatch, type WalStore } from './ports';
import { coalesceMessages } from './coalesce';

/** Messages that tell their receiver something this Ready's write makes durable: sent after it. */
const AFTER_PERSIST: ReadonlySet<MessageType> = new Set<MessageType>(['MsgAppResp', 'MsgVoteResp', 'MsgPreVoteResp']);

/** What the loop asks of the server at each step of a Ready. */
export interface ReadyHandler {
  /** The role or leader changed (before anything else of the Ready). */
  onSoftState(ss: SoftState): void;
  /** ReadIndex answers. */
  onReadStates(rs: ReadState[]): void;
  /** Last chance to rewrite outgoing messages (the snapshot merger). */
  prepareMessages(msgs: Message[]): Message[];
  /** Restores the state machine from a snapshot received from the leader. */
  applySnapshot(snap: Snapshot): Promise<void>;
  /** Applies committed entries in order. */
  applyEntries(ents: Entry[]): Promise<void>;
  /** After advance: take a raft snapshot if due, commit the backend, wake readers. */
  afterAdvance(): Promise<void>;
  /** The loop failed (WAL write refused: the process is dying). */
  onFatal(err: unknown): void;
  /** The WAL refused this Ready's write for lack of space; this loop has stopped. */
  onWalNoSpace(err: ErrNoSpaceLeft): void;
}

/** The Ready loop driver. */
export class RaftNode {
  private running = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** The HardState of the last WAL write (undefined: read it from storage). */
  private savedHardState: HardState | undefined;

  constructor(
    readonly node: RawNode,
    readonly storage: MemoryStorage,
    private readonly wal: WalStore,
    private readonly transport: Transport,
    private readonly handler: ReadyHandler,
  ) {}

  /** Starts the loop if raft has work and no Ready is in flight. */
  kick(): void {
    if (this.running || this.stopped) return;
    if (!this.node.hasReady()) return;
    this.running = true;
    void this.loop();
  }

  /** Whether a Ready is being processed. */
  get busy(): boolean {
    return this.running;
  }

  /** Stops taking Readies (the one in flight finishes its current await). */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when no Ready is in flight and raft has nothing ready (tests, close). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && this.node.hasReady()) {
        await this.processReady(this.node.ready());
      }
    } catch (err) {
      this.stopped = true;
      this.handler.onFatal(err);
    } finally {
      this.running = false;
      const ws = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of ws) w();
    }
  }

  /**
   * etcd's raft.MustSync: a Ready must be durable before going on when it appends entries,
   * installs a snapshot, or changes the term or the vote (a vote must never be forgotten).
   */
  private mustSync(rd: Ready, snap: Snapshot | undefined): boolean {
    if (rd.entries.length > 0 || snap !== undefined) return true;
    const hs = rd.hardState;
    if (hs === undefined) return false;
    const prev = (this.savedHardState ??= this.storage.initialState().hardState);
    return hs.term !== prev.term || hs.vote !== prev.vote;
  }

  private send(msgs: Message[]): void {
    if (msgs.length === 0 || this.stopped) return;
    const out = this.handler.prepareMessages(coalesceMessages(msgs));
    this.transport.send(out);
    for (const m of out) if (m.type === 'MsgSnap') this.node.reportSnapshot(m.to, 'finish');
  }

  private async processReady(rd: Ready): Promise<void> {
    const h = this.handler;
    if (rd.softState !== undefined) h.onSoftState(rd.softState);
    if (rd.readStates.length > 0) h.onReadStates(rd.readStates);
    const snap = rd.snapshot !== undefined && !isEmptySnap(rd.snapshot) ? rd.snapshot : undefined;
    const early = rd.messages.filter((m) => !AFTER_PERSIST.has(m.type));
    const late = rd.messages.filter((m) => AFTER_PERSIST.has(m.type));
    this.send(early);
    if (rd.hardState !== undefined || rd.entries.length > 0 || snap !== undefined) {
      const batch: WalBatch = { entries: rd.entries };
      if (rd.hardState !== undefined) batch.hardState = rd.hardState;
      if (snap !== undefined) batch.snapshot = snap;
      if (this.mustSync(rd, snap)) {
        try {
          await this.wal.save(batch);
        } catch (err) {
          if (!(err instanceof ErrNoSpaceLeft) || this.stopped) throw err;
          this.stopped = true;
          h.onWalNoSpace(err);
          return;
        }
        if (this.stopped) return;
      } else {
        // Only the commit index moved: etcd writes it without an fsync (raft.MustSync), and a
        // lost commit index is learnt again from the leader. The write is queued behind the
        // earlier ones (IndexedDB runs them in order) and the Ready goes on without waiting.
        this.wal.save(batch).catch((err: unknown) => {
          if (this.stopped) return;
          this.stopped = true;
          if (err instanceof ErrNoSpaceLeft) h.onWalNoSpace(err);
          else h.onFatal(err);
        });
      }
      if (rd.hardState !== undefined) this.savedHardState = rd.hardState;
      if (snap !== undefined) this.storage.applySnapshot(snap);
      if (rd.hardState !== undefined) this.storage.setHardState(rd.hardState);
      this.storage.append(rd.entries);
    }
    this.send(late);
    if (snap !== undefined) await h.applySnapshot(snap);
    if (rd.committedEntries.length > 0) await h.applyEntries(rd.committedEntries);
    if (this.stopped) return;
    this.node.advance(rd);
    await h.afterAdvance();
  }
}
