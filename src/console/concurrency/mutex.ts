/**
 * A distributed Mutex (clientv3/concurrency/mutex.go). Key = `<pfx>/<lease hex>`; lock order is
 * creation order:
 *
 *   mylock/694d...a1  create_revision 76   <- owner
 *   mylock/694d...b7  create_revision 77   waits for ...a1's DELETE
 *   mylock/694d...c2  create_revision 80   waits for ...b7's DELETE
 */
import type { KeyValue, ResponseHeader } from '../../protocol/rpc';
import type { CallOptions } from '../client-types';
import { bytesOf, hexId } from '../format';
import { prefixEnd } from '../commands/kv-ops';
import type { Session } from './session';
import { waitDeletes } from './wait-deletes';

/** A lock on a name, held by one session at a time. */
export class Mutex {
  private readonly pfx: string;
  private myKey = '';
  private myRev = -1;
  /** Header of the txn that queued us (mutex.hdr). */
  header: ResponseHeader | undefined;

  constructor(
    private readonly session: Session,
    pfx: string,
  ) {
    this.pfx = pfx + '/';
  }

  /** Acquires the lock, waiting behind older holders; on failure removes our key. */
  async lock(opts: CallOptions): Promise<void> {
    const client = this.session.client;
    this.myKey = this.pfx + hexId(this.session.lease);
    const key = bytesOf(this.myKey);
    const pfx = bytesOf(this.pfx);
    const getOwner = { requestRange: { key: pfx, rangeEnd: prefixEnd(pfx), sortTarget: 'CREATE' as const, sortOrder: 'ASCEND' as const, limit: 1 } };
    const resp = await client.txn(
      {
        compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: 0 }],
        success: [{ requestPut: { key, value: new Uint8Array(), lease: this.session.lease } }, getOwner],
        failure: [{ requestRange: { key } }, getOwner],
      },
      opts,
    );
    this.myRev = resp.header.revision;
    if (!resp.succeeded) {
      const r = resp.responses[0]!;
      this.myRev = 'responseRange' in r ? r.responseRange.kvs[0]!.createRevision : this.myRev;
    }
    const ownerResp = resp.responses[1]!;
    const owner: KeyValue | undefined = 'responseRange' in ownerResp ? ownerResp.responseRange.kvs[0] : undefined;
    if (!owner || owner.createRevision === this.myRev) {
      this.header = resp.header;
      return;
    }
    try {
      await waitDeletes(client, pfx, this.myRev - 1, opts);
    } catch (e) {
      await this.unlock({}).catch(() => undefined);
      throw e;
    }
    this.header = resp.header;
  }

  /** Releases the lock (deletes our key). */
  async unlock(opts: CallOptions): Promise<void> {
    await this.session.client.deleteRange({ key: bytesOf(this.myKey) }, opts);
    this.myKey = '\x00';
    this.myRev = -1;
  }

  /** The lock key (`<pfx>/<lease hex>`). */
  key(): string {
    return this.myKey;
  }

  /** The create revision of our key. */
  revision(): number {
    return this.myRev;
  }
}
