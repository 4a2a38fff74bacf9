/**
 * The printer contract of etcdctl (ctlv3/command/printer.go): one method per response kind; the
 * `-w` format picks the implementation. A format that cannot print a response throws
 * `<format> not supported as output format` (exit 4) - after the RPC, as etcdctl does.
 */
import type {
  AlarmResponse,
  DeleteRangeResponse,
  HashKVResponse,
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
  StatusResponse,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import type { MemberPromoteResponse, MemberUpdateResponse, MoveLeaderResponse, SnapshotStatus } from '../client-types';
import { unsupportedFormat } from '../errors';

/** Where printers write: stdout and stderr text (newlines included). */
export interface Out {
  out(text: string): void;
  err(text: string): void;
}

/** One `endpoint health` probe result. */
export interface EndpointHealth {
  ep: string;
  health: boolean;
  tookMs: number;
  /** '' when healthy. */
  error: string;
}

/** One `endpoint status` result. */
export interface EndpointStatus {
  ep: string;
  resp: StatusResponse;
}

/** One `endpoint hashkv` result. */
export interface EndpointHashKV {
  ep: string;
  resp: HashKVResponse;
}

/** The output formats `-w` accepts. */
export type OutputFormat = 'simple' | 'json' | 'fields' | 'table' | 'protobuf';

/** etcdctl's printer interface. */
export interface Printer {
  del(r: DeleteRangeResponse): void;
  get(r: RangeResponse): void;
  put(r: PutResponse): void;
  txn(r: TxnResponse): void;
  watch(r: WatchResponse): void;
  grant(r: LeaseGrantResponse): void;
  revoke(id: bigint, r: LeaseRevokeResponse): void;
  keepAlive(r: LeaseKeepAliveResponse): void;
  timeToLive(r: LeaseTimeToLiveResponse, keys: boolean): void;
  leases(r: LeaseLeasesResponse): void;
  memberAdd(r: MemberAddResponse): void;
  memberRemove(id: bigint, r: MemberRemoveResponse): void;
  memberUpdate(id: bigint, r: MemberUpdateResponse): void;
  memberPromote(id: bigint, r: MemberPromoteResponse): void;
  memberList(r: MemberListResponse): void;
  endpointHealth(hs: EndpointHealth[]): void;
  endpointStatus(ss: EndpointStatus[]): void;
  endpointHashKV(hs: EndpointHashKV[]): void;
  moveLeader(leader: bigint, target: bigint, r: MoveLeaderResponse): void;
  alarm(r: AlarmResponse): void;
  dbStatus(s: SnapshotStatus): void;
}

/** A printer whose every method fails with `<format> not supported as output format`. */
export class UnsupportedPrinter implements Printer {
  constructor(
    protected readonly format: string,
    protected readonly o: Out,
  ) {}
  protected fail(): never {
    throw unsupportedFormat(this.format);
  }
  del(_r: DeleteRangeResponse): void {
    this.fail();
  }
  get(_r: RangeResponse): void {
    this.fail();
  }
  put(_r: PutResponse): void {
    this.fail();
  }
  txn(_r: TxnResponse): void {
    this.fail();
  }
  watch(_r: WatchResponse): void {
    this.fail();
  }
  grant(_r: LeaseGrantResponse): void {
    this.fail();
  }
  revoke(_id: bigint, _r: LeaseRevokeResponse): void {
    this.fail();
  }
  keepAlive(_r: LeaseKeepAliveResponse): void {
    this.fail();
  }
  timeToLive(_r: LeaseTimeToLiveResponse, _keys: boolean): void {
    this.fail();
  }
  leases(_r: LeaseLeasesResponse): void {
    this.fail();
  }
  memberAdd(_r: MemberAddResponse): void {
    this.fail();
  }
  memberRemove(_id: bigint, _r: MemberRemoveResponse): void {
    this.fail();
  }
  memberUpdate(_id: bigint, _r: MemberUpdateResponse): void {
    this.fail();
  }
  memberPromote(_id: bigint, _r: MemberPromoteResponse): void {
    this.fail();
  }
  memberList(_r: MemberListResponse): void {
    this.fail();
  }
  endpointHealth(_hs: EndpointHealth[]): void {
    this.fail();
  }
  endpointStatus(_ss: EndpointStatus[]): void {
    this.fail();
  }
  endpointHashKV(_hs: EndpointHashKV[]): void {
    this.fail();
  }
  moveLeader(_leader: bigint, _target: bigint, _r: MoveLeaderResponse): void {
    this.fail();
  }
  alarm(_r: AlarmResponse): void {
    this.fail();
  }
  dbStatus(_s: SnapshotStatus): void {
    this.fail();
  }
}
