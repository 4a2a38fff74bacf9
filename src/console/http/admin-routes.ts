/**
 * The gateway's cluster and maintenance routes beyond status and member list: member
 * add/remove/update/promote, alarm, defragment, transfer-leadership. etcd 3.4 leaves the header
 * out of Alarm, Defragment and MoveLeader responses (its maintenance server does not fill it),
 * so those print `{}` or just `{"alarms":[…]}`.
 */
import type { AlarmMember, AlarmType, Member, ResponseHeader } from '../../protocol/rpc';
import type { FieldType, MessageDesc, ProtoMessage } from './proto-json';
import { fields } from './proto-json';
import { GrpcError, Code } from './grpc-status';
import { headerJSON, memberJSON } from './responses';
import type { UnaryRoute } from './unary-routes';

const uint64: FieldType = { kind: 'uint64' };
const strings: FieldType = { kind: 'repeated', of: { kind: 'string' } };
const bool: FieldType = { kind: 'bool' };
const ALARM_ACTIONS = ['GET', 'ACTIVATE', 'DEACTIVATE'] as const;
const ALARM_TYPES: readonly AlarmType[] = ['NONE', 'NOSPACE', 'CORRUPT'];

const MEMBER_ADD: MessageDesc = { name: 'MemberAddRequest', fields: fields([['peerURLs', strings], ['isLearner', bool]]) };
const MEMBER_ID: MessageDesc = { name: 'MemberRemoveRequest', fields: fields([['ID', uint64]]) };
const MEMBER_UPDATE: MessageDesc = { name: 'MemberUpdateRequest', fields: fields([['ID', uint64], ['peerURLs', strings]]) };
const ALARM: MessageDesc = {
  name: 'AlarmRequest',
  fields: fields([
    ['action', { kind: 'enum', goName: 'etcdserverpb.AlarmRequest_AlarmAction', values: ALARM_ACTIONS }],
    ['memberID', uint64],
    ['alarm', { kind: 'enum', goName: 'etcdserverpb.AlarmType', values: ALARM_TYPES }],
  ]),
};
const MOVE_LEADER: MessageDesc = { name: 'MoveLeaderRequest', fields: fields([['targetID', uint64]]) };
const EMPTY: MessageDesc = { name: 'DefragmentRequest', fields: [] };

const id = (m: ProtoMessage, f: string): bigint => (m[f] as bigint | undefined) ?? 0n;
const urls = (m: ProtoMessage): string[] => (m['peerURLs'] as string[] | undefined) ?? [];

function membersJSON(header: ResponseHeader, members: Member[], member?: Member): string {
  const parts = [`"header":${headerJSON(header)}`];
  if (member) parts.push(`"member":${memberJSON(member)}`);
  if (members.length > 0) parts.push(`"members":[${members.map(memberJSON).join(',')}]`);
  return `{${parts.join(',')}}`;
}

function alarmsJSON(alarms: AlarmMember[]): string {
  if (alarms.length === 0) return '{}';
  const one = (a: AlarmMember): string => {
    const p: string[] = [];
    if (a.memberID !== 0n) p.push(`"memberID":"${BigInt.asUintN(64, a.memberID)}"`);
    if (a.alarm !== 'NONE') p.push(`"alarm":"${a.alarm}"`);
    return `{${p.join(',')}}`;
  };
  return `{"alarms":[${alarms.map(one).join(',')}]}`;
}

/** Member lists in etcd's order (by ID), as the server's cluster store returns them. */
const byId = (ms: Member[]): Member[] => [...ms].sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));

/** The cluster and maintenance routes by path below `/v3/`. */
export const ADMIN_ROUTES: Record<string, UnaryRoute> = {
  'cluster/member/add': {
    request: MEMBER_ADD,
    call: async (m, c, ex) => {
      const r = await c.memberAdd(urls(m), (m['isLearner'] as boolean | undefined) ?? false, ex.callOptions);
      return membersJSON(r.header, byId(r.members), r.member);
    },
  },
  'cluster/member/remove': {
    request: MEMBER_ID,
    call: async (m, c, ex) => {
      const r = await c.memberRemove(id(m, 'ID'), ex.callOptions);
      return membersJSON(r.header, byId(r.members));
    },
  },
  'cluster/member/update': {
    request: MEMBER_UPDATE,
    call: async (m, c, ex) => {
      const r = await c.memberUpdate(id(m, 'ID'), urls(m), ex.callOptions);
      return membersJSON(r.header, byId(r.members));
    },
  },
  'cluster/member/promote': {
    request: MEMBER_ID,
    call: async (m, c, ex) => {
      const r = await c.memberPromote(id(m, 'ID'), ex.callOptions);
      return membersJSON(r.header, byId(r.members));
    },
  },
  'maintenance/alarm': {
    request: ALARM,
    call: async (m, c, ex) => {
      const action = ALARM_ACTIONS[(m['action'] as number | undefined) ?? 0];
      if (action === 'GET') return alarmsJSON((await c.alarmList(ex.callOptions)).alarms);
      if (action === 'DEACTIVATE') {
        const alarm: AlarmMember = { memberID: id(m, 'memberID'), alarm: ALARM_TYPES[(m['alarm'] as number | undefined) ?? 0] ?? 'NONE' };
        return alarmsJSON((await c.alarmDisarm(alarm, ex.callOptions)).alarms);
      }
      throw new GrpcError('etcdscope: the in-page gateway does not raise alarms (ACTIVATE); the cluster raises NOSPACE itself', Code.Unimplemented);
    },
  },
  'maintenance/defragment': {
    request: EMPTY,
    call: async (_m, c, ex) => {
      await c.defragment(ex.endpoint, { signal: ex.signal });
      return '{}';
    },
  },
  'maintenance/transfer-leadership': {
    request: MOVE_LEADER,
    call: async (m, c, ex) => {
      await c.moveLeader(ex.endpoint, id(m, 'targetID'), { signal: ex.signal });
      return '{}';
    },
  },
};
