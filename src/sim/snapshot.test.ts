import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

/** SNAP is 6.824's SnapShotInterval: every member snapshots every 10 applied entries. */
const SNAP = 10;
/** MAX_LOG bounds the entries a member may keep (6.824 bounds the persisted bytes). */
const MAX_LOG = 3 * SNAP;

interface Variant {
  disconnect: boolean;
  reliable: boolean;
  crash: boolean;
}

function snapcommon(seed: number, v: Variant): Harness {
  const h = new Harness({ seed, members: 3, snapshotEvery: SNAP, catchUpEntries: 2 });
  let n = 0;
  const cmd = (): string => `s${++n}`;
  h.setUnreliable(!v.reliable);
  h.one(cmd(), 3, true);
  let leader1 = h.checkOneLeader();
  for (let i = 0; i < 30; i++) {
    let victim = h.peer(leader1, 1);
    let sender = leader1;
    if (i % 3 === 1) {
      sender = h.peer(leader1, 1);
      victim = leader1;
    }
    if (v.disconnect) {
      h.disconnect(victim);
      h.one(cmd(), 2, true);
    }
    if (v.crash) {
      h.crash(victim);
      h.one(cmd(), 2, true);
    }
    const nn = SNAP / 2 + h.rand(SNAP);
    for (let k = 0; k < nn; k++) h.propose(sender, cmd());
    h.one(cmd(), v.disconnect || v.crash ? 2 : 3, true);
    for (const id of h.world.ids) {
      const s = h.world.raftMember(id).storage();
      expect(s.lastIndex() - s.firstIndex() + 1, `member ${id} log too long`).toBeLessThanOrEqual(MAX_LOG);
    }
    if (v.disconnect) {
      h.connect(victim);
      h.one(cmd(), 3, true);
      leader1 = h.checkOneLeader();
    }
    if (v.crash) {
      h.start1(victim);
      h.connect(victim);
      h.one(cmd(), 3, true);
      leader1 = h.checkOneLeader();
    }
  }
  h.finish();
  return h;
}

describe('6.824 snapshots', () => {
  it('SnapshotBasic: logs stay bounded', () => {
    const h = snapcommon(51, { disconnect: false, reliable: true, crash: false });
    expect(h.world.snapshots).toBeGreaterThan(20);
  });

  it('SnapshotInstall: a disconnected member catches up by MsgSnap', () => {
    const h = snapcommon(52, { disconnect: true, reliable: true, crash: false });
    expect(h.world.snapshotRestores).toBeGreaterThan(5);
  });

  it('SnapshotInstallUnreliable', () => {
    const h = snapcommon(53, { disconnect: true, reliable: false, crash: false });
    expect(h.world.snapshotRestores).toBeGreaterThan(5);
  });

  it('SnapshotInstallCrash: a crashed member restarts from its snapshot, then catches up', () => {
    const h = snapcommon(54, { disconnect: false, reliable: true, crash: true });
    expect(h.world.snapshotRestores).toBeGreaterThan(5);
  });

  it('SnapshotInstallUnCrash', () => {
    snapcommon(55, { disconnect: false, reliable: false, crash: true });
  });

  it('SnapshotAllCrash: indexes keep growing across whole-cluster crashes', () => {
    const h = new Harness({ seed: 56, members: 3, snapshotEvery: SNAP, catchUpEntries: 2 });
    let n = 0;
    h.one(`a${++n}`, 3, true);
    for (let i = 0; i < 5; i++) {
      const nn = SNAP / 2 + h.rand(SNAP);
      for (let k = 0; k < nn; k++) h.one(`a${++n}`, 3, true);
      const index1 = h.one(`a${++n}`, 3, true);
      for (let id = 1; id <= 3; id++) h.crash(id);
      for (let id = 1; id <= 3; id++) {
        h.start1(id);
        h.connect(id);
      }
      const index2 = h.one(`a${++n}`, 3, true);
      expect(index2).toBeGreaterThan(index1);
    }
    h.finish();
  });

  it('SnapshotInit: a restored snapshot is kept across a second crash', () => {
    const h = new Harness({ seed: 57, members: 3, snapshotEvery: SNAP, catchUpEntries: 2 });
    let n = 0;
    h.one(`i${++n}`, 3, true);
    for (let k = 0; k < SNAP + 1; k++) h.one(`i${++n}`, 3, true);
    const crashAll = (): void => {
      for (let id = 1; id <= 3; id++) h.crash(id);
      for (let id = 1; id <= 3; id++) {
        h.start1(id);
        h.connect(id);
      }
    };
    crashAll();
    const before = h.one(`i${++n}`, 3, true);
    crashAll();
    expect(h.one(`i${++n}`, 3, true)).toBeGreaterThan(before);
    for (const id of h.world.ids) expect(h.world.raftMember(id).storage().snapshot().metadata.index).toBeGreaterThan(SNAP);
    h.finish();
  });
});
