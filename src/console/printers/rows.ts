/**
 * Table rows shared by the simple and table printers (etcdctl's makeMemberListTable,
 * makeEndpointStatusTable, ...): the simple printer joins a row with `, `.
 */
import type { MemberListResponse } from '../../protocol/rpc';
import type { SnapshotStatus } from '../client-types';
import { goDuration, hexId, humanizeBytes } from '../format';
import type { EndpointHashKV, EndpointHealth, EndpointStatus } from './printer';

/** A header plus rows of cells. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** `member list` rows: ID, status (unstarted when the name is empty), name, peer/client URLs, is-learner. */
export function memberListTable(r: MemberListResponse): Table {
  const rows = r.members.map((m) => [
    hexId(m.ID),
    m.name === '' ? 'unstarted' : 'started',
    m.name,
    m.peerURLs.join(','),
    m.clientURLs.join(','),
    String(m.isLearner),
  ]);
  return { header: ['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], rows };
}

/** `endpoint health` rows. */
export function endpointHealthTable(hs: EndpointHealth[]): Table {
  return {
    header: ['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'],
    rows: hs.map((h) => [h.ep, String(h.health), goDuration(h.tookMs), h.error]),
  };
}

/** `endpoint status` rows. */
export function endpointStatusTable(ss: EndpointStatus[]): Table {
  const rows = ss.map(({ ep, resp }) => [
    ep,
    hexId(resp.header.memberId),
    resp.version,
    humanizeBytes(resp.dbSize),
    String(resp.leader === resp.header.memberId),
    String(resp.isLearner),
    String(resp.raftTerm),
    String(resp.raftIndex),
    String(resp.raftAppliedIndex),
    resp.errors.join(', '),
  ]);
  return {
    header: ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'],
    rows,
  };
}

/** `endpoint hashkv` rows. */
export function endpointHashKVTable(hs: EndpointHashKV[]): Table {
  return { header: ['ENDPOINT', 'HASH'], rows: hs.map((h) => [h.ep, String(h.resp.hash)]) };
}

/** `snapshot status` row. */
export function dbStatusTable(s: SnapshotStatus): Table {
  return {
    header: ['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'],
    rows: [[(s.hash >>> 0).toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize)]],
  };
}
