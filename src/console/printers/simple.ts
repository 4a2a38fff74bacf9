/**
 * The default `-w simple` printer (etcdctl printer_simple.go): key and value lines, `OK`,
 * `SUCCESS`/`FAILURE`, lease sentences, comma-joined table rows.
 */
import type {
  AlarmResponse,
  DeleteRangeResponse,
  Event,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  PutResponse,
  RangeResponse,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import type { MemberPromoteResponse, MemberUpdateResponse, MoveLeaderResponse, SnapshotStatus } from '../client-types';
import { goDuration, hex16, hexEscape, hexId, hexSpace16, text, uint64 } from '../format';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Out, Printer } from './printer';
import type { Table } from './rows';
import { dbStatusTable, endpointHashKVTable, endpointStatusTable, memberListTable } from './rows';

/** `memberID:<dec> alarm:<TYPE> ` - Go's `%+v` of an AlarmMember (note the trailing space). */
export function alarmLine(a: AlarmResponse['alarms'][number]): string {
  return `memberID:${uint64(a.memberID)} alarm:${a.alarm} `;
}

/** The simple printer; `hex` is `--hex`, `valueOnly` is get's `--print-value-only`. */
export class SimplePrinter implements Printer {
  constructor(
    private readonly o: Out,
    private readonly hex: boolean,
    private readonly valueOnly = false,
  ) {}

  private kv(kv: KeyValue, valueOnly = this.valueOnly): void {
    const k = this.hex ? hexEscape(kv.key) : text(kv.key);
    const v = this.hex ? hexEscape(kv.value) : text(kv.value);
    if (!valueOnly) this.o.out(k + '\n');
    this.o.out(v + '\n');
  }

  private rows(t: Table): void {
    for (const r of t.rows) this.o.out(r.join(', ') + '\n');
  }

  del(r: DeleteRangeResponse): void {
    this.o.out(`${r.deleted}\n`);
    for (const kv of r.prevKvs) this.kv(kv, false);
  }
  get(r: RangeResponse): void {
    for (const kv of r.kvs) this.kv(kv);
  }
  put(r: PutResponse): void {
    this.o.out('OK\n');
    if (r.prevKv) this.kv(r.prevKv, false);
  }
  txn(r: TxnResponse): void {
    this.o.out(r.succeeded ? 'SUCCESS\n' : 'FAILURE\n');
    for (const op of r.responses) {
      this.o.out('\n');
      if ('responsePut' in op) this.put(op.responsePut);
      else if ('responseRange' in op) this.get(op.responseRange);
      else if ('responseDeleteRange' in op) this.del(op.responseDeleteRange);
      else this.txn(op.responseTxn);
    }
  }
  watch(r: WatchResponse): void {
    for (const e of r.events) this.event(e);
  }
  private event(e: Event): void {
    this.o.out(e.type + '\n');
    if (e.prevKv) this.kv(e.prevKv, false);
    this.kv(e.kv, false);
  }
  grant(r: LeaseGrantResponse): void {
    this.o.out(`lease ${hex16(r.ID)} granted with TTL(${r.TTL}s)\n`);
  }
  revoke(id: bigint, _r: LeaseRevokeResponse): void {
    this.o.out(`lease ${hex16(id)} revoked\n`);
  }
  keepAlive(r: LeaseKeepAliveResponse): void {
    this.o.out(`lease ${hex16(r.ID)} keepalived with TTL(${r.TTL})\n`);
  }
  timeToLive(r: LeaseTimeToLiveResponse, keys: boolean): void {
    if (r.grantedTTL === 0 && r.TTL === -1) {
      this.o.out(`lease ${hex16(r.ID)} already expired\n`);
      return;
    }
    let line = `lease ${hex16(r.ID)} granted with TTL(${r.grantedTTL}s), remaining(${r.TTL}s)`;
    if (keys) line += `, attached keys([${r.keys.map(text).join(' ')}])`;
    this.o.out(line + '\n');
  }
  leases(r: LeaseLeasesResponse): void {
    this.o.out(`found ${r.leases.length} leases\n`);
    for (const l of r.leases) this.o.out(hex16(l.ID) + '\n');
  }
  memberAdd(r: MemberAddResponse): void {
    this.o.out(`Member ${hexSpace16(r.member.ID)} added to cluster ${hexSpace16(r.header.clusterId)}\n`);
  }
  memberRemove(id: bigint, r: MemberRemoveResponse): void {
    this.o.out(`Member ${hexSpace16(id)} removed from cluster ${hexSpace16(r.header.clusterId)}\n`);
  }
  memberUpdate(id: bigint, r: MemberUpdateResponse): void {
    this.o.out(`Member ${hexSpace16(id)} updated in cluster ${hexSpace16(r.header.clusterId)}\n`);
  }
  memberPromote(id: bigint, r: MemberPromoteResponse): void {
    this.o.out(`Member ${hexSpace16(id)} promoted in cluster ${hexSpace16(r.header.clusterId)}\n`);
  }
  memberList(r: MemberListResponse): void {
    this.rows(memberListTable(r));
  }
  endpointHealth(hs: EndpointHealth[]): void {
    for (const h of hs) {
      if (h.error === '') this.o.err(`${h.ep} is healthy: successfully committed proposal: took = ${goDuration(h.tookMs)}\n`);
      else this.o.err(`${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n`);
    }
  }
  endpointStatus(ss: EndpointStatus[]): void {
    this.rows(endpointStatusTable(ss));
  }
  endpointHashKV(hs: EndpointHashKV[]): void {
    this.rows(endpointHashKVTable(hs));
  }
  moveLeader(leader: bigint, target: bigint, _r: MoveLeaderResponse): void {
    this.o.out(`Leadership transferred from ${hexId(leader)} to ${hexId(target)}\n`);
  }
  alarm(r: AlarmResponse): void {
    for (const a of r.alarms) this.o.out(alarmLine(a) + '\n');
  }
  dbStatus(s: SnapshotStatus): void {
    this.rows(dbStatusTable(s));
  }
}
