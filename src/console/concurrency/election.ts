/**
 * Leader election (clientv3/concurrency/election.go): candidates create `<pfx>/<lease hex>` and
 * the oldest key (lowest create revision) is the leader; each candidate waits for its
 * predecessor to go. Observe reports the leader and every change of it.
 */
import type { KeyValue, RangeResponse, ResponseHeader } from '../../protocol/rpc';
import type { CallOptions } from '../client-types';
import type { ClusterClient } from '../client';
import { bytesOf, hexId } from '../format';
import { prefixEnd } from '../commands/kv-ops';
import type { Session } from './session';
import { waitDeletes } from './wait-deletes';

/** etcd's ErrElectionNotLeader text. */
export const ERR_ELECTION_NOT_LEADER = 'election: not leader';
/** etcd's ErrElectionNoLeader text. */
export const ERR_ELECTION_NO_LEADER = 'election: no leader';

/** An election on a name, as seen by one session. */
export class Election {
  private readonly pfx: string;
  private leaderKey = '';
  private leaderRev = 0;
  header: ResponseHeader | undefined;

  constructor(
    private readonly session: Session,
    pfx: string,
  ) {
    this.pfx = pfx + '/';
  }

  /** Puts our candidacy with value `val` and waits until we are the oldest candidate. */
  async campaign(val: string, opts: CallOptions): Promise<void> {
    const client = this.session.client;
    const k = this.pfx + hexId(this.session.lease);
    const key = bytesOf(k);
    const resp = await client.txn(
      {
        compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: 0 }],
        success: [{ requestPut: { key, value: bytesOf(val), lease: this.session.lease } }],
        failure: [{ requestRange: { key } }],
      },
      opts,
    );
    this.leaderKey = k;
    this.leaderRev = resp.header.revision;
    this.header = resp.header;
    if (!resp.succeeded) {
      const r = resp.responses[0]!;
      const kv = 'responseRange' in r ? r.responseRange.kvs[0] : undefined;
      if (kv) {
        this.leaderRev = kv.createRevision;
        if (new TextDecoder().decode(kv.value) !== val) await this.proclaim(val, opts);
      }
    }
    try {
      await waitDeletes(client, bytesOf(this.pfx), this.leaderRev - 1, opts);
    } catch (e) {
      await this.resign({}).catch(() => undefined);
      throw e;
    }
  }

  /** Replaces the leader's value without a new election. */
  async proclaim(val: string, opts: CallOptions): Promise<void> {
    if (this.leaderKey === '') throw new Error(ERR_ELECTION_NOT_LEADER);
    const key = bytesOf(this.leaderKey);
    const resp = await this.session.client.txn(
      {
        compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: this.leaderRev }],
        success: [{ requestPut: { key, value: bytesOf(val), lease: this.session.lease } }],
        failure: [],
      },
      opts,
    );
    if (!resp.succeeded) {
      this.leaderKey = '';
      throw new Error(ERR_ELECTION_NOT_LEADER);
    }
  }

  /** Gives up leadership (deletes our key if it is still ours). */
  async resign(opts: CallOptions): Promise<void> {
    if (this.leaderKey === '') return;
    const key = bytesOf(this.leaderKey);
    await this.session.client.txn(
      {
        compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: this.leaderRev }],
        success: [{ requestDeleteRange: { key } }],
        failure: [],
      },
      opts,
    );
    this.leaderKey = '';
    this.leaderRev = 0;
  }

  /** Our candidate key. */
  key(): string {
    return this.leaderKey;
  }
}

/** The current leader of `pfx` (oldest key), or throws `election: no leader`. */
export async function electionLeader(client: ClusterClient, pfx: string, opts: CallOptions): Promise<RangeResponse> {
  const p = bytesOf(pfx + '/');
  const resp = await client.range({ key: p, rangeEnd: prefixEnd(p), sortTarget: 'CREATE', sortOrder: 'ASCEND', limit: 1 }, opts);
  if (resp.kvs.length === 0) throw new Error(ERR_ELECTION_NO_LEADER);
  return resp;
}

/**
 * Observe: yields the leader as a get response (kvs only, no count) whenever the leader or its
 * value changes, until `opts.signal` aborts.
 */
export async function* observeElection(client: ClusterClient, pfx: string, opts: CallOptions): AsyncGenerator<RangeResponse> {
  const p = bytesOf(pfx + '/');
  const oldest = { key: p, rangeEnd: prefixEnd(p), sortTarget: 'CREATE' as const, sortOrder: 'ASCEND' as const, limit: 1 };
  for (;;) {
    if (opts.signal?.aborted) return;
    const resp = await client.range(oldest, opts);
    let kv: KeyValue | undefined = resp.kvs[0];
    let rev = resp.header.revision + 1;
    if (!kv) {
      kv = await waitForFirstPut(client, p, rev, opts);
      if (!kv) return;
      rev = kv.modRevision + 1;
    }
    yield { header: resp.header, kvs: [kv], more: false, count: 0 };
    const leaderKey = kv.key;
    const stream = client.watch({ key: leaderKey, startRevision: rev }, opts);
    const onAbort = (): void => stream.cancel();
    opts.signal?.addEventListener('abort', onAbort);
    try {
      let deleted = false;
      for await (const wr of stream) {
        for (const ev of wr.events) {
          if (ev.type === 'DELETE') {
            deleted = true;
            break;
          }
          yield { header: wr.header, kvs: [ev.kv], more: false, count: 0 };
        }
        if (deleted || wr.canceled) break;
      }
      if (!deleted) return;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      stream.cancel();
    }
  }
}

async function waitForFirstPut(client: ClusterClient, p: Uint8Array, rev: number, opts: CallOptions): Promise<KeyValue | undefined> {
  const stream = client.watch({ key: p, rangeEnd: prefixEnd(p), startRevision: rev }, opts);
  const onAbort = (): void => stream.cancel();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    for await (const wr of stream) {
      const put = wr.events.find((e) => e.type === 'PUT');
      if (put) return put.kv;
      if (wr.canceled) return undefined;
    }
    return undefined;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    stream.cancel();
  }
}
