/**
 * etcd's v3 client API as plain TypeScript data: the shapes of `etcdserverpb` and `mvccpb`
 * (api/etcdserverpb/rpc.proto, api/mvccpb/kv.proto), field names in camelCase.
 *
 * TYPES ONLY. These cross worker boundaries by structured clone, so they hold no class
 * instances: keys and values are `Uint8Array`, IDs that etcd prints as uint64 (member, cluster,
 * lease) are `bigint`, revisions and terms are `number` (exact to 2^53, far beyond any revision a
 * tab reaches). A field that protobuf would omit when zero is still present here (0, empty array,
 * false); printers decide what to omit, as etcdctl's JSON printer does.
 */

/** mvccpb.KeyValue: one version of a key. */
export interface KeyValue {
  key: Uint8Array;
  /** Revision of the put that created the key in its current generation. */
  createRevision: number;
  /** Revision of the last modification. */
  modRevision: number;
  /** Number of puts to the key since its creation (1 after the first put); 0 means deleted. */
  version: number;
  value: Uint8Array;
  /** Lease attached to the key, 0n for none. */
  lease: bigint;
}

/** mvccpb.Event. */
export interface Event {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

/** etcdserverpb.ResponseHeader. */
export interface ResponseHeader {
  clusterId: bigint;
  memberId: bigint;
  /** The store's revision when the request was served. */
  revision: number;
  raftTerm: number;
}

export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

/** etcdserverpb.RangeRequest. `rangeEnd` empty = single key; `\0` = every key >= key. */
export interface RangeRequest {
  key: Uint8Array;
  rangeEnd?: Uint8Array;
  limit?: number;
  /** 0 or absent: the current revision. */
  revision?: number;
  sortOrder?: SortOrder;
  sortTarget?: SortTarget;
  serializable?: boolean;
  keysOnly?: boolean;
  countOnly?: boolean;
  minModRevision?: number;
  maxModRevision?: number;
  minCreateRevision?: number;
  maxCreateRevision?: number;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface PutRequest {
  key: Uint8Array;
  value: Uint8Array;
  lease?: bigint;
  prevKv?: boolean;
  ignoreValue?: boolean;
  ignoreLease?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: Uint8Array;
  rangeEnd?: Uint8Array;
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs: KeyValue[];
}

/** etcdserverpb.Compare. Exactly one target value field is meaningful, chosen by `target`. */
export interface Compare {
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  key: Uint8Array;
  rangeEnd?: Uint8Array;
  version?: number;
  createRevision?: number;
  modRevision?: number;
  value?: Uint8Array;
  lease?: bigint;
}

/** etcdserverpb.RequestOp. */
export type RequestOp =
  | { requestRange: RangeRequest }
  | { requestPut: PutRequest }
  | { requestDeleteRange: DeleteRangeRequest }
  | { requestTxn: TxnRequest };

/** etcdserverpb.ResponseOp. */
export type ResponseOp =
  | { responseRange: RangeResponse }
  | { responsePut: PutResponse }
  | { responseDeleteRange: DeleteRangeResponse }
  | { responseTxn: TxnResponse };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionRequest {
  revision: number;
  physical?: boolean;
}

export interface CompactionResponse {
  header: ResponseHeader;
}

export interface LeaseGrantRequest {
  /** Requested TTL in seconds. */
  TTL: number;
  /** 0n: let the server choose an ID. */
  ID?: bigint;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  ID: bigint;
  TTL: number;
  error: string;
}

export interface LeaseRevokeRequest {
  ID: bigint;
}

export interface LeaseRevokeResponse {
  header: ResponseHeader;
}

export interface LeaseKeepAliveRequest {
  ID: bigint;
}

export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  ID: bigint;
  TTL: number;
}

export interface LeaseTimeToLiveRequest {
  ID: bigint;
  keys?: boolean;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  ID: bigint;
  /** Remaining seconds; -1 when the lease has expired or does not exist. */
  TTL: number;
  grantedTTL: number;
  keys: Uint8Array[];
}

export interface LeaseLeasesResponse {
  header: ResponseHeader;
  leases: { ID: bigint }[];
}

/** etcdserverpb.WatchCreateRequest. */
export interface WatchCreateRequest {
  key: Uint8Array;
  rangeEnd?: Uint8Array;
  startRevision?: number;
  progressNotify?: boolean;
  filters?: ('NOPUT' | 'NODELETE')[];
  prevKv?: boolean;
  watchId?: number;
  fragment?: boolean;
}

/** etcdserverpb.WatchResponse. */
export interface WatchResponse {
  header: ResponseHeader;
  watchId: number;
  created: boolean;
  canceled: boolean;
  /** Set when the watch was cancelled because its start revision was compacted. */
  compactRevision: number;
  cancelReason: string;
  events: Event[];
}

/** etcdserverpb.Member. */
export interface Member {
  ID: bigint;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface MemberListResponse {
  header: ResponseHeader;
  members: Member[];
}

export interface MemberAddResponse {
  header: ResponseHeader;
  member: Member;
  members: Member[];
}

export interface MemberRemoveResponse {
  header: ResponseHeader;
  members: Member[];
}

/** etcdserverpb.StatusResponse, as `endpoint status` prints it. */
export interface StatusResponse {
  header: ResponseHeader;
  version: string;
  dbSize: number;
  leader: bigint;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  dbSizeInUse: number;
  isLearner: boolean;
}

export interface HashKVResponse {
  header: ResponseHeader;
  hash: number;
  compactRevision: number;
}

export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';

export interface AlarmMember {
  memberID: bigint;
  alarm: AlarmType;
}

export interface AlarmResponse {
  header: ResponseHeader;
  alarms: AlarmMember[];
}
