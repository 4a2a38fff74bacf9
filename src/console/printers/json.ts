/**
 * The `-w json` printer: Go encoding/json of etcd's gogo-protobuf structs - snake_case names,
 * zero values omitted, bytes in base64, uint64 printed exactly from bigint. Some responses keep
 * clientv3's Go field names (`Header`, `Events`, `ID`, `TTL`) because etcdctl marshals the client
 * struct, not the protobuf one; each method below follows what etcdctl 3.4.23 prints.
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
  Member,
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  ResponseOp,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import type { MemberPromoteResponse, MemberUpdateResponse, MoveLeaderResponse, SnapshotStatus } from '../client-types';
import { base64, goDuration, int64, uint64 } from '../format';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Out, Printer } from './printer';

/** A JSON object member: name and already-serialised value, or undefined to omit it. */
type Field = [string, string | undefined];

/** Serialises members in order, skipping omitted ones. */
export function obj(fields: Field[]): string {
  return '{' + fields.filter((f) => f[1] !== undefined).map(([k, v]) => JSON.stringify(k) + ':' + v).join(',') + '}';
}
const str = (s: string): string => JSON.stringify(s);
const n = (x: number): string | undefined => (x === 0 ? undefined : String(x));
const u64 = (x: bigint): string | undefined => (x === 0n ? undefined : uint64(x));
const i64 = (x: bigint): string | undefined => (x === 0n ? undefined : int64(x));
const bool = (b: boolean): string | undefined => (b ? 'true' : undefined);
const bytes = (b: Uint8Array): string | undefined => (b.length === 0 ? undefined : str(base64(b)));
const arr = <T>(xs: readonly T[], f: (x: T) => string): string | undefined => (xs.length === 0 ? undefined : '[' + xs.map(f).join(',') + ']');

/** The fields of a ResponseHeader (for embedding flattened, as clientv3's lease structs do). */
function headerFields(h: ResponseHeader): Field[] {
  return [
    ['cluster_id', u64(h.clusterId)],
    ['member_id', u64(h.memberId)],
    ['revision', n(h.revision)],
    ['raft_term', n(h.raftTerm)],
  ];
}

/** `{"cluster_id":…,"member_id":…,"revision":…,"raft_term":…}` with zeros omitted. */
export function headerJSON(h: ResponseHeader): string {
  return obj(headerFields(h));
}

/** mvccpb.KeyValue as JSON. */
export function kvJSON(kv: KeyValue): string {
  return obj([
    ['key', bytes(kv.key)],
    ['create_revision', n(kv.createRevision)],
    ['mod_revision', n(kv.modRevision)],
    ['version', n(kv.version)],
    ['value', bytes(kv.value)],
    ['lease', i64(kv.lease)],
  ]);
}

function eventJSON(e: Event): string {
  return obj([
    ['type', e.type === 'DELETE' ? '1' : undefined],
    ['kv', kvJSON(e.kv)],
    ['prev_kv', e.prevKv ? kvJSON(e.prevKv) : undefined],
  ]);
}

/** etcdserverpb.RangeResponse as JSON. */
export function rangeJSON(r: RangeResponse): string {
  return obj([['header', headerJSON(r.header)], ['kvs', arr(r.kvs, kvJSON)], ['more', bool(r.more)], ['count', n(r.count)]]);
}
function putJSON(r: PutResponse): string {
  return obj([['header', headerJSON(r.header)], ['prev_kv', r.prevKv ? kvJSON(r.prevKv) : undefined]]);
}
function delJSON(r: DeleteRangeResponse): string {
  return obj([['header', headerJSON(r.header)], ['deleted', n(r.deleted)], ['prev_kvs', arr(r.prevKvs, kvJSON)]]);
}
function responseOpJSON(op: ResponseOp): string {
  let inner: string;
  if ('responsePut' in op) inner = obj([['ResponsePut', putJSON(op.responsePut)]]);
  else if ('responseRange' in op) inner = obj([['ResponseRange', rangeJSON(op.responseRange)]]);
  else if ('responseDeleteRange' in op) inner = obj([['ResponseDeleteRange', delJSON(op.responseDeleteRange)]]);
  else inner = obj([['ResponseTxn', txnJSON(op.responseTxn)]]);
  return obj([['Response', inner]]);
}
function txnJSON(r: TxnResponse): string {
  return obj([['header', headerJSON(r.header)], ['succeeded', bool(r.succeeded)], ['responses', arr(r.responses, responseOpJSON)]]);
}
function memberJSON(m: Member): string {
  return obj([
    ['ID', u64(m.ID)],
    ['name', m.name === '' ? undefined : str(m.name)],
    ['peerURLs', arr(m.peerURLs, str)],
    ['clientURLs', arr(m.clientURLs, str)],
    ['isLearner', bool(m.isLearner)],
  ]);
}
function membersJSON(h: ResponseHeader, members: Member[]): string {
  return obj([['header', headerJSON(h)], ['members', arr(members, memberJSON)]]);
}

/** The JSON printer. */
export class JSONPrinter implements Printer {
  constructor(private readonly o: Out) {}
  private line(s: string): void {
    this.o.out(s + '\n');
  }
  del(r: DeleteRangeResponse): void {
    this.line(delJSON(r));
  }
  get(r: RangeResponse): void {
    this.line(rangeJSON(r));
  }
  put(r: PutResponse): void {
    this.line(putJSON(r));
  }
  txn(r: TxnResponse): void {
    this.line(txnJSON(r));
  }
  watch(r: WatchResponse): void {
    this.line(
      obj([
        ['Header', headerJSON(r.header)],
        ['Events', '[' + r.events.map(eventJSON).join(',') + ']'],
        ['CompactRevision', String(r.compactRevision)],
        ['Canceled', String(r.canceled)],
        ['Created', String(r.created)],
      ]),
    );
  }
  grant(r: LeaseGrantResponse): void {
    this.line(obj([...headerFields(r.header), ['ID', int64(r.ID)], ['TTL', String(r.TTL)], ['Error', str(r.error)]]));
  }
  revoke(_id: bigint, r: LeaseRevokeResponse): void {
    this.line(obj([['header', headerJSON(r.header)]]));
  }
  keepAlive(r: LeaseKeepAliveResponse): void {
    this.line(obj([...headerFields(r.header), ['ID', int64(r.ID)], ['TTL', String(r.TTL)]]));
  }
  timeToLive(r: LeaseTimeToLiveResponse, _keys: boolean): void {
    const keys = r.keys.length === 0 ? 'null' : '[' + r.keys.map((k) => str(base64(k))).join(',') + ']';
    this.line(
      obj([...headerFields(r.header), ['id', int64(r.ID)], ['ttl', String(r.TTL)], ['granted-ttl', String(r.grantedTTL)], ['keys', keys]]),
    );
  }
  leases(r: LeaseLeasesResponse): void {
    const leases = '[' + r.leases.map((l) => obj([['id', int64(l.ID)]])).join(',') + ']';
    this.line(obj([...headerFields(r.header), ['leases', leases]]));
  }
  memberAdd(r: MemberAddResponse): void {
    this.line(obj([['header', headerJSON(r.header)], ['member', memberJSON(r.member)], ['members', arr(r.members, memberJSON)]]));
  }
  memberRemove(_id: bigint, r: MemberRemoveResponse): void {
    this.line(membersJSON(r.header, r.members));
  }
  memberUpdate(_id: bigint, r: MemberUpdateResponse): void {
    this.line(membersJSON(r.header, r.members));
  }
  memberPromote(_id: bigint, r: MemberPromoteResponse): void {
    this.line(membersJSON(r.header, r.members));
  }
  memberList(r: MemberListResponse): void {
    this.line(membersJSON(r.header, r.members));
  }
  endpointHealth(hs: EndpointHealth[]): void {
    const items = hs.map((h) =>
      obj([['endpoint', str(h.ep)], ['health', String(h.health)], ['took', str(goDuration(h.tookMs))], ['error', h.error === '' ? undefined : str(h.error)]]),
    );
    this.line('[' + items.join(',') + ']');
  }
  endpointStatus(ss: EndpointStatus[]): void {
    const items = ss.map(({ ep, resp: s }) =>
      obj([
        ['Endpoint', str(ep)],
        [
          'Status',
          obj([
            ['header', headerJSON(s.header)],
            ['version', s.version === '' ? undefined : str(s.version)],
            ['dbSize', n(s.dbSize)],
            ['leader', u64(s.leader)],
            ['raftIndex', n(s.raftIndex)],
            ['raftTerm', n(s.raftTerm)],
            ['raftAppliedIndex', n(s.raftAppliedIndex)],
            ['errors', arr(s.errors, str)],
            ['dbSizeInUse', n(s.dbSizeInUse)],
            ['isLearner', bool(s.isLearner)],
          ]),
        ],
      ]),
    );
    this.line('[' + items.join(',') + ']');
  }
  endpointHashKV(hs: EndpointHashKV[]): void {
    const items = hs.map(({ ep, resp }) =>
      obj([
        ['Endpoint', str(ep)],
        ['HashKV', obj([['header', headerJSON(resp.header)], ['hash', n(resp.hash)], ['compact_revision', n(resp.compactRevision)]])],
      ]),
    );
    this.line('[' + items.join(',') + ']');
  }
  moveLeader(_leader: bigint, _target: bigint, _r: MoveLeaderResponse): void {
    // etcdctl 3.4.23 prints `{}`: the response it marshals carries no header.
    this.line('{}');
  }
  alarm(r: AlarmResponse): void {
    const alarmCode = { NONE: 0, NOSPACE: 1, CORRUPT: 2 } as const;
    this.line(obj([['alarms', arr(r.alarms, (a) => obj([['memberID', u64(a.memberID)], ['alarm', n(alarmCode[a.alarm])]]))]]));
  }
  dbStatus(s: SnapshotStatus): void {
    this.line(
      obj([['hash', String(s.hash >>> 0)], ['revision', String(s.revision)], ['totalKey', String(s.totalKey)], ['totalSize', String(s.totalSize)]]),
    );
  }
}
