/**
 * The commands of the datadriven scripts in testdata/ (see datadriven.ts for the file format):
 *
 *   add-nodes 3 voters=(1,2,3) [learners=(4)] [index=2] [prevote=true] [checkquorum=true]
 *             [step-down-on-removal=true] [max-inflight=N] [max-size=N]
 *   campaign 1 | propose 1 foo | propose-conf-change 1 add|remove|add-learner 4
 *   tick-election 1 | tick-heartbeat 1 | set-randomized-election-timeout 1 timeout=12
 *   process-ready [1 2] | deliver-msgs [1 2] [drop=true] | stabilize [1 2]
 *   partition (1) (2 3) | heal | transfer-leadership from=1 to=2 | read-index 1 ctx
 *   compact 1 5 (drop entries <= 5; the storage keeps a snapshot of the applied state) | report-unreachable 1 2 | report-snapshot 1 2 [failure]
 *   raft-state | raft-log 1 | status 1 | log-level none|info
 * Test-only.
 */
import { argBool, argInt, argVals, positional } from './datadriven';
import type { TestData } from './datadriven';
import { describeEntry } from './describe';
import type { ConfChangeType } from './messages';
import { InteractionEnv } from './interaction-env';

const ccTypes: Record<string, ConfChangeType> = {
  add: 'ConfChangeAddNode',
  remove: 'ConfChangeRemoveNode',
  'add-learner': 'ConfChangeAddLearnerNode',
  update: 'ConfChangeUpdateNode',
};

const queries = new Set(['raft-state', 'raft-log', 'status', 'compact']);

/** handle runs one script command against env and returns its output. */
export function handle(env: InteractionEnv, d: TestData): string {
  env.out = [];
  env.indent = '';
  const ids = positional(d).map(Number);
  const idsOrAll = ids.length > 0 ? ids : env.ids();
  try {
    runCommand(env, d, ids, idsOrAll);
  } catch (e) {
    env.emit(`error: ${(e as Error).message}`);
  }
  // With log-level none only queries print; every command answers at least "ok".
  if (env.logLevel === 'none' && !queries.has(d.cmd)) env.out = [];
  return env.out.length > 0 ? env.out.join('\n') : 'ok';
}

function runCommand(env: InteractionEnv, d: TestData, ids: number[], idsOrAll: number[]): void {
  const first = (): number => {
    if (ids.length === 0) throw new Error(`${d.cmd} needs a node id`);
    return ids[0];
  };
  switch (d.cmd) {
    case 'add-nodes':
      return addNodes(env, d, ids[0] ?? 1);
    case 'campaign':
      return env.node(first()).rn.campaign();
    case 'propose':
      return env.node(first()).rn.propose(new TextEncoder().encode(String(positional(d)[1] ?? '')));
    case 'propose-conf-change': {
      const [, kind, node] = positional(d);
      const type = ccTypes[kind];
      if (type === undefined) throw new Error(`unknown conf change ${kind}`);
      return env.node(first()).rn.proposeConfChange({ type, nodeId: Number(node) });
    }
    case 'tick-election':
    case 'tick-heartbeat': {
      const r = env.node(first()).rn.raft;
      const n = d.cmd === 'tick-election' ? r.electionTimeout : r.heartbeatTimeout;
      for (let i = 0; i < n; i++) env.node(first()).rn.tick();
      return;
    }
    case 'set-randomized-election-timeout':
      env.node(first()).rn.raft.randomizedElectionTimeout = argInt(d, 'timeout', 10);
      return;
    case 'process-ready':
      for (const id of idsOrAll) env.processReady(id);
      return;
    case 'deliver-msgs':
      for (const id of idsOrAll) env.deliverMsgs(id, argBool(d, 'drop', false));
      return;
    case 'stabilize':
      return env.stabilize(idsOrAll);
    case 'partition':
      env.partition = d.args.filter((a) => a.key === '').map((a) => a.vals.map(Number));
      return;
    case 'heal':
      env.partition = [];
      return;
    case 'transfer-leadership':
      return env.node(argInt(d, 'from', 0)).rn.transferLeader(argInt(d, 'to', 0));
    case 'read-index':
      return env.node(first()).rn.readIndex(new TextEncoder().encode(String(positional(d)[1] ?? '')));
    case 'compact':
      return compact(env, first(), Number(positional(d)[1]));
    case 'report-unreachable':
      return env.node(first()).rn.reportUnreachable(ids[1]);
    case 'report-snapshot':
      return env.node(first()).rn.reportSnapshot(ids[1], argBool(d, 'failure', false) ? 'failure' : 'finish');
    case 'raft-state':
      return raftState(env);
    case 'raft-log':
      return raftLog(env, first());
    case 'status':
      return status(env, first());
    case 'log-level':
      env.logLevel = positional(d)[0] === 'none' ? 'none' : 'info';
      return;
    default:
      throw new Error(`unknown command ${d.cmd}`);
  }
}

function addNodes(env: InteractionEnv, d: TestData, n: number): void {
  const voters = argVals(d, 'voters').map(Number);
  const learners = argVals(d, 'learners').map(Number);
  const index = argInt(d, 'index', 0);
  const start = env.nodes.size + 1;
  for (let id = start; id < start + n; id++) {
    env.addNode(id, voters, learners, index, {
      preVote: argBool(d, 'prevote', false),
      checkQuorum: argBool(d, 'checkquorum', false),
      stepDownOnRemoval: argBool(d, 'step-down-on-removal', false),
      maxInflight: argInt(d, 'max-inflight', 256),
      maxSizePerMsg: argInt(d, 'max-size', 1024 * 1024),
      electionTick: argInt(d, 'election', 10),
      heartbeatTick: argInt(d, 'heartbeat', 1),
    });
    const st = env.node(id).rn.status();
    env.emit(`${id}: ${st.raftState} term=${st.term} commit=${st.commit} applied=${st.applied} voters=(${st.config.voters.join(' ')}) learners=(${st.config.learners.join(' ')})`);
  }
}

function compact(env: InteractionEnv, id: number, index: number): void {
  env.node(id).storage.compact(index);
  raftLog(env, id);
}

function raftState(env: InteractionEnv): void {
  for (const id of env.ids()) {
    const r = env.node(id).rn.raft;
    const kind = r.isLearner ? 'Non-Voter' : r.trk.progress.has(id) ? 'Voter' : 'Removed';
    env.emit(`${id}: ${r.state} (${kind}) Term:${r.term} Lead:${r.lead}`);
  }
}

function raftLog(env: InteractionEnv, id: number): void {
  const s = env.node(id).storage;
  if (s.lastIndex() < s.firstIndex()) {
    env.emit(`log is empty: first index=${s.firstIndex()}, last index=${s.lastIndex()}`);
    return;
  }
  for (const e of s.entries(s.firstIndex(), s.lastIndex() + 1)) env.emit(describeEntry(e));
}

function status(env: InteractionEnv, id: number): void {
  const r = env.node(id).rn.raft;
  if (r.state !== 'StateLeader') {
    env.emit(`${id} is not the leader (${r.state}, term ${r.term}, commit ${r.raftLog.committed})`);
    return;
  }
  r.trk.visit((pid, pr) => env.emit(`${pid}: ${pr.toString()}`));
}
