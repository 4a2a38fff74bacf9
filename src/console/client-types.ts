/**
 * Client-side shapes the console needs beyond `src/protocol/rpc.ts`: per-call options, streams,
 * and the maintenance responses etcdctl prints (move-leader, snapshot, health). Types only.
 */
import type { Member, ResponseHeader } from '../protocol/rpc';

/**
 * Per-call options, the console's version of a Go `context.Context` plus clientv3's endpoint
 * selection. `endpoint` pins the call to one member's client URL (`127.0.0.1:2379` or
 * `http://127.0.0.1:2379`); without it the client picks any endpoint it was configured with.
 */
export interface CallOptions {
  /** Endpoints the caller allows (etcdctl's `--endpoints`); the client uses the first that answers. */
  endpoints?: readonly string[];
  /** Milliseconds before the call fails with `context deadline exceeded` (etcdctl's `--command-timeout`). */
  timeoutMs?: number;
  /** Milliseconds allowed to reach an endpoint (etcdctl's `--dial-timeout`). */
  dialTimeoutMs?: number;
  /** Aborts the call (Ctrl-C); the promise rejects with `context canceled`. */
  signal?: AbortSignal;
  /** clientv3's `WithRequireLeader`: fail with `etcdserver: no leader` when the member has no leader. */
  requireLeader?: boolean;
}

/** Options for calls addressed to exactly one member (status, hashkv, defrag, snapshot). */
export interface EndpointCallOptions {
  timeoutMs?: number;
  dialTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A server stream (watch, keep-alive): an async iterator of responses that ends when the server
 * closes it or `cancel()` is called. A transport or server error rejects the pending `next()`.
 */
export interface ClientStream<T> extends AsyncIterable<T> {
  /** Stops the stream; pending and later `next()` calls resolve `done`. Idempotent. */
  cancel(): void;
}

/** An open watch stream: WatchResponses, plus `requestProgress()` (etcdctl's interactive `progress`). */
export interface WatchStream<T> extends ClientStream<T> {
  /** Asks the server for a progress notification (an empty response with the current revision). */
  requestProgress(): void;
}

/** etcdserverpb.MemberUpdateResponse. */
export interface MemberUpdateResponse {
  header: ResponseHeader;
  members: Member[];
}

/** etcdserverpb.MemberPromoteResponse. */
export interface MemberPromoteResponse {
  header: ResponseHeader;
  members: Member[];
}

/** etcdserverpb.MoveLeaderResponse. */
export interface MoveLeaderResponse {
  header: ResponseHeader;
}

/** etcdserverpb.DefragmentResponse. */
export interface DefragmentResponse {
  header: ResponseHeader;
}

/**
 * `snapshot status` of a snapshot file (etcdctl reads the bolt file itself; here the client
 * computes it from the bytes it handed out): CRC-32 hash, revision, total bolt keys, size.
 */
export interface SnapshotStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
}
