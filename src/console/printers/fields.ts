/**
 * The `-w fields` printer (etcdctl printer_fields.go): `"Name" : value` lines, Go `%q` for
 * byte strings, decimal uint64 IDs.
 */
import type {
  AlarmResponse,
  DeleteRangeResponse,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  MemberListResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import type { SnapshotStatus } from '../client-types';
import { goDuration, goQuote, goQuoteString, int64, uint64 } from '../format';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Out } from './printer';
import { UnsupportedPrinter } from './printer';

/** The fields printer. Member add/remove/update/promote, move-leader and alarms are unsupported. */
export class FieldsPrinter extends UnsupportedPrinter {
  constructor(o: Out) {
    super('fields', o);
  }
  private f(name: string, value: string): void {
    this.o.out(`"${name}" : ${value}\n`);
  }
  private hdr(h: ResponseHeader): void {
    this.f('ClusterID', uint64(h.clusterId));
    this.f('MemberID', uint64(h.memberId));
    this.f('Revision', String(h.revision));
    this.f('RaftTerm', String(h.raftTerm));
  }
  private kv(pfx: string, kv: KeyValue): void {
    this.f(`${pfx}Key`, goQuote(kv.key));
    this.f(`${pfx}CreateRevision`, String(kv.createRevision));
    this.f(`${pfx}ModRevision`, String(kv.modRevision));
    this.f(`${pfx}Version`, String(kv.version));
    this.f(`${pfx}Value`, goQuote(kv.value));
    this.f(`${pfx}Lease`, int64(kv.lease));
  }
  override del(r: DeleteRangeResponse): void {
    this.hdr(r.header);
    this.f('Deleted', String(r.deleted));
    for (const kv of r.prevKvs) this.kv('Prev', kv);
  }
  override get(r: RangeResponse): void {
    this.hdr(r.header);
    for (const kv of r.kvs) this.kv('', kv);
    this.f('More', String(r.more));
    this.f('Count', String(r.count));
  }
  override put(r: PutResponse): void {
    this.hdr(r.header);
    if (r.prevKv) this.kv('Prev', r.prevKv);
  }
  override txn(r: TxnResponse): void {
    this.hdr(r.header);
    this.f('Succeeded', String(r.succeeded));
    for (const op of r.responses) {
      if ('responsePut' in op) this.put(op.responsePut);
      else if ('responseRange' in op) this.get(op.responseRange);
      else if ('responseDeleteRange' in op) this.del(op.responseDeleteRange);
      else this.txn(op.responseTxn);
    }
  }
  override watch(r: WatchResponse): void {
    this.hdr(r.header);
    for (const e of r.events) {
      this.f('Type', e.type);
      if (e.prevKv) this.kv('Prev', e.prevKv);
      this.kv('', e.kv);
    }
  }
  override grant(r: LeaseGrantResponse): void {
    this.hdr(r.header);
    this.f('ID', int64(r.ID));
    this.f('TTL', String(r.TTL));
  }
  override revoke(_id: bigint, r: LeaseRevokeResponse): void {
    this.hdr(r.header);
  }
  override keepAlive(r: LeaseKeepAliveResponse): void {
    this.hdr(r.header);
    this.f('ID', int64(r.ID));
    this.f('TTL', String(r.TTL));
  }
  override timeToLive(r: LeaseTimeToLiveResponse, _keys: boolean): void {
    this.hdr(r.header);
    this.f('ID', int64(r.ID));
    this.f('TTL', String(r.TTL));
    this.f('GrantedTTL', String(r.grantedTTL));
    for (const k of r.keys) this.f('Key', goQuote(k));
  }
  override leases(r: LeaseLeasesResponse): void {
    this.hdr(r.header);
    for (const l of r.leases) this.f('ID', int64(l.ID));
  }
  override memberList(r: MemberListResponse): void {
    this.hdr(r.header);
    for (const m of r.members) {
      this.f('ID', uint64(m.ID));
      this.f('Name', goQuoteString(m.name));
      for (const u of m.peerURLs) this.f('PeerURL', goQuoteString(u));
      for (const u of m.clientURLs) this.f('ClientURL', goQuoteString(u));
      this.f('IsLearner', String(m.isLearner));
      this.o.out('\n');
    }
  }
  override endpointHealth(hs: EndpointHealth[]): void {
    for (const h of hs) {
      this.f('Endpoint', goQuoteString(h.ep));
      this.f('Health', String(h.health));
      this.f('Took', goDuration(h.tookMs));
      this.f('Error', h.error);
      this.o.out('\n');
    }
  }
  override endpointStatus(ss: EndpointStatus[]): void {
    for (const { ep, resp: s } of ss) {
      this.hdr(s.header);
      this.f('Version', goQuoteString(s.version));
      this.f('DBSize', String(s.dbSize));
      this.f('Leader', uint64(s.leader));
      this.f('IsLearner', String(s.isLearner));
      this.f('RaftIndex', String(s.raftIndex));
      this.f('RaftTerm', String(s.raftTerm));
      this.f('RaftAppliedIndex', String(s.raftAppliedIndex));
      this.f('Errors', '[' + s.errors.join(' ') + ']');
      this.f('Endpoint', goQuoteString(ep));
      this.o.out('\n');
    }
  }
  override endpointHashKV(hs: EndpointHashKV[]): void {
    for (const { ep, resp } of hs) {
      this.hdr(resp.header);
      this.f('Endpoint', goQuoteString(ep));
      this.f('Hash', String(resp.hash));
      this.o.out('\n');
    }
  }
  override alarm(_r: AlarmResponse): void {
    // etcdctl 3.4.23 dereferences a nil header here and panics; we refuse cleanly instead.
    this.fail();
  }
  override dbStatus(s: SnapshotStatus): void {
    this.f('Hash', String(s.hash >>> 0));
    this.f('Revision', String(s.revision));
    this.f('Keys', String(s.totalKey));
    this.f('Size', String(s.totalSize));
  }
}
