/**
 * The verb table: command path -> implementation. Paths not listed here exist in etcdctl's tree
 * (so prefix matching and suggestions behave the same) but report that etcdscope lacks them.
 */
import type { CommandNode } from '../command-tree';
import type { RunFn } from '../context';
import { runCheckPerf } from './check-perf';
import { runCompaction } from './compaction';
import { runDel } from './del';
import { runElect } from './elect';
import { endpointsFromCluster, runEndpointHashKV, runEndpointHealth, runEndpointStatus } from './endpoint';
import { runGet } from './get';
import { runLeaseGrant, runLeaseKeepAlive, runLeaseList, runLeaseRevoke, runLeaseTimeToLive } from './lease';
import { runLock } from './lock';
import { runAlarmDisarm, runAlarmList } from './alarm';
import { runDefrag } from './defrag';
import { runMoveLeader } from './move-leader';
import { runVersion } from './version';
import { runMemberAdd, runMemberList, runMemberPromote, runMemberRemove, runMemberUpdate } from './member';
import { runPut } from './put';
import { runSnapshotSave, runSnapshotStatus } from './snapshot';
import { runTxn } from './txn';
import { runWatch } from './watch';

/** Implementations by command path; `tree` is the full command tree (txn parses op lines with it). */
export function commandTable(tree: CommandNode): Record<string, RunFn> {
  return {
    put: runPut,
    get: runGet,
    del: runDel,
    txn: (ctx) => runTxn(ctx, tree),
    compaction: runCompaction,
    watch: runWatch,
    'lease grant': runLeaseGrant,
    'lease revoke': runLeaseRevoke,
    'lease timetolive': runLeaseTimeToLive,
    'lease list': runLeaseList,
    'lease keep-alive': runLeaseKeepAlive,
    lock: runLock,
    elect: runElect,
    'member list': runMemberList,
    'member add': runMemberAdd,
    'member remove': runMemberRemove,
    'member update': runMemberUpdate,
    'member promote': runMemberPromote,
    'endpoint status': runEndpointStatus,
    'endpoint health': runEndpointHealth,
    'endpoint hashkv': runEndpointHashKV,
    'move-leader': runMoveLeader,
    'snapshot save': runSnapshotSave,
    'snapshot status': runSnapshotStatus,
    defrag: async (ctx) => runDefrag(ctx, await endpointsFromCluster(ctx)),
    'alarm list': runAlarmList,
    'alarm disarm': runAlarmDisarm,
    version: async (ctx) => runVersion(ctx),
    'check perf': runCheckPerf,
  };
}
