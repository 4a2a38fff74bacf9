/**
 * The etcdctl console's public API.
 *
 * - `runShellLine(line, opts)`: what a console tab calls for each line the user enters - etcdctl
 *   commands, `&&`/`||`/`;`, `printf ... | etcdctl txn`, `| head`/`grep`, `curl` against the
 *   gateway, `NAME=value`/`export` kept in a per-tab `ShellSession`.
 * - `runEtcdctl(line, opts)`: exactly one etcdctl invocation.
 * - `complete(line, keys)`: tab completion.
 * - `httpRequest(url, init, client)` / `runCurl`: etcd's HTTP/JSON gateway (src/console/http,
 *   its own owner), which the shell runs for `curl` words.
 * - `ClusterClient`: what the page must implement (the cluster issue) and inject.
 */
export type { ClusterClient } from './client';
export type {
  CallOptions,
  ClientStream,
  DefragmentResponse,
  EndpointCallOptions,
  MemberPromoteResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  SnapshotStatus,
  WatchStream,
} from './client-types';
export type { HostServices } from './context';
export type { StdinSource, StreamName } from './io';
export { runEtcdctl } from './runner';
export type { EtcdctlResult, RunEtcdctlOptions } from './runner';
export { newShellSession, runShellLine } from './shell';
export type { ShellOpts, ShellSession } from './shell';
export { complete } from './complete';
export type { Completion } from './complete';
export { httpRequest, runCurl } from './http/index';
export { ExitCode } from './errors';
