import { createSimCluster, type SimCluster } from '../sim/browser';
import type { MemberStatus } from '../sim/member';
import type { ClusterStore, MemberRole, MemberView, MessageView } from '../store/cluster-store';
import type { ClusterDriver } from './driver';

/** Simulated ticks per second of wall time: 10 ticks = one election timeout, about half a second. */
const TICKS_PER_SECOND = 20;

const ROLE: Record<MemberStatus['raftState'], MemberRole> = {
  StateLeader: 'leader',
  StateFollower: 'follower',
  StateCandidate: 'candidate',
  StatePreCandidate: 'pre-candidate',
  StateDown: 'stopped',
};

/** How often the driver's timer checks whether ticks are due (ms of wall time). */
const PUMP_MS = 16;

/**
 * Drives the deterministic simulator from the page's clock: ticks it at TICKS_PER_SECOND times
 * the speed factor and publishes a snapshot per animation frame, with messages interpolated
 * between ticks. Step ticks it once by hand.
 */
export function createSimDriver(store: ClusterStore, opts: { seed: number; members: number }): ClusterDriver {
  let sim: SimCluster | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let frame = 0;
  let lastTickAt = 0;
  let lastPumpAt = 0;
  /** Ticks owed by elapsed wall time (fractional). */
  let credit = 0;
  let leaderChanges = 0;
  let pending: { tick: number; text: string }[] = [];
  let members = opts.members;
  /** Kills and restarts by tick, so a replay of the seed reaches the same states. */
  let actions: { tick: number; kind: 'kill' | 'restart'; id: number }[] = [];
  /** True while replaying: the replayed events were already noted the first time. */
  let replaying = false;
  const tickWallMs = (): number => 1000 / (TICKS_PER_SECOND * store.getState().speed);

  function publish(): void {
    if (!sim) return;
    const st = sim.status();
    const fraction = store.getState().paused ? 0 : Math.min(1, (performance.now() - lastTickAt) / tickWallMs());
    const members: MemberView[] = st.members.map((m) => {
      return {
        id: m.id,
        name: `infra${m.id}`,
        role: ROLE[m.raftState],
        term: m.term,
        lead: m.lead,
        commit: m.commit,
        applied: m.applied,
        lastIndex: m.lastIndex,
        electionElapsed: m.electionElapsed + fraction,
        electionTimeout: m.electionTimeout,
      };
    });
    const messages: MessageView[] = st.inflight.map((f, i) => ({
      key: `${f.from}-${f.to}-${f.type}-${f.sentAt}-${i}`,
      from: f.from,
      to: f.to,
      type: f.type,
      sentAt: f.sentAt,
      deliverAt: f.deliverAt,
    }));
    store.getState().publish({ tick: st.now, members, messages, leaderChanges }, pending);
    pending = [];
  }

  function loop(): void {
    publish();
    frame = requestAnimationFrame(loop);
  }

  function note(tick: number, text: string): void {
    if (!replaying) pending.push({ tick, text });
  }

  function act(kind: 'kill' | 'restart', id: number): void {
    if (!sim) return;
    actions.push({ tick: sim.status().now, kind, id });
    if (kind === 'kill') sim.kill(id);
    else sim.restart(id);
  }

  /** Replays the seed and the recorded actions up to `tick`: the deterministic simulator lands in the same state. */
  function replayTo(tick: number): void {
    actions = actions.filter((a) => a.tick <= tick);
    replaying = true;
    open(members);
    const s = sim!;
    let next = 0;
    while (true) {
      const now = s.status().now;
      while (next < actions.length && actions[next]!.tick <= now) {
        const a = actions[next++]!;
        if (a.kind === 'kill') s.kill(a.id);
        else s.restart(a.id);
      }
      if (now >= tick) break;
      s.tick();
    }
    replaying = false;
    credit = 0;
  }

  function open(n: number): void {
    members = n;
    sim = createSimCluster({ seed: opts.seed, members: n });
    sim.on((e) => {
      switch (e.ev) {
        case 'become-leader':
          leaderChanges++;
          note(e.t, `infra${e.node} became leader of term ${e.term}`);
          break;
        case 'become-candidate':
          note(e.t, `infra${e.node} timed out and asks for votes in term ${e.term}`);
          break;
        case 'become-pre-candidate':
          note(e.t, `infra${e.node} timed out and runs a pre-vote (term stays ${e.term})`);
          break;
        case 'crash':
          note(e.t, `infra${e.node} was killed: it keeps only what is on its disk`);
          break;
        case 'restart':
          note(e.t, `infra${e.node} restarted from disk at term ${e.term}, commit ${e.commit}`);
          break;
        default:
          break;
      }
    });
  }

  function pump(): void {
    const now = performance.now();
    const elapsed = now - lastPumpAt;
    lastPumpAt = now;
    if (!sim || store.getState().paused) return;
    credit = Math.min(credit + elapsed / tickWallMs(), 64);
    while (credit >= 1) {
      sim.tick();
      credit--;
      lastTickAt = now;
    }
  }

  return {
    start() {
      open(opts.members);
      lastTickAt = lastPumpAt = performance.now();
      timer = setInterval(pump, PUMP_MS);
      frame = requestAnimationFrame(loop);
    },
    stop() {
      if (timer) clearInterval(timer);
      cancelAnimationFrame(frame);
      sim = undefined;
    },
    kill: (id) => act('kill', id),
    restart: (id) => act('restart', id),
    setPaused: (paused) => store.getState().setPaused(paused),
    setSpeed: (x) => store.getState().setSpeed(x),
    step() {
      store.getState().setPaused(true);
      credit = 0;
      sim?.tick();
    },
    reset(n) {
      leaderChanges = 0;
      actions = [];
      store.getState().clearHistory();
      open(n);
      return Promise.resolve();
    },
    resumeFrom(tick) {
      leaderChanges = 0;
      replayTo(tick);
      store.getState().rewoundTo(tick);
    },
  };
}
