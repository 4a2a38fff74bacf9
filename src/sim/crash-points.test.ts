import { describe, expect, it } from 'vitest';
import { runEtcdSim } from './etcd-run';
import type { SimWorld } from './world';

/** follower returns an up member that is not the leader (0 when none). */
function follower(w: SimWorld): number {
  return w.ids.find((id) => id !== w.leader() && w.isUp(id)) ?? 0;
}

describe('crash recovery at scripted crash points (etcd mode)', () => {
  it('members killed mid torn commit, mid compaction and mid snapshot install converge to the same hashKV and lose no acknowledged write', async () => {
    const victims: Record<number, number> = {};
    const script = (w: SimWorld): void => {
      switch (w.now) {
        case 150:
          victims[150] = w.leader();
          w.crash(victims[150], 'torn-commit');
          return;
        case 200:
          w.restart(victims[150]!);
          return;
        case 250:
          victims[250] = follower(w);
          w.crash(victims[250], 'mid-compaction'); // armed: lands at the next scheduled compaction
          return;
        case 400:
          w.restart(victims[250]!);
          victims[450] = follower(w);
          return;
        case 450:
          w.crash(victims[450]!, 'mid-snapshot'); // down now; dies installing the MsgSnap after its restart
          return;
        case 560:
        case 700: // the first restart dies installing the leader's MsgSnap; this one recovers
          w.restart(victims[450]!);
          return;
      }
    };
    const c = { seed: 42, members: 3, ticks: 1200, nemesis: 'none' as const, clients: 5, compactRate: 0.05, script };
    const { result } = await runEtcdSim(c);
    const where = `${JSON.stringify(victims)}\n${result.violations.join('\n')}\n${result.excerpt ?? ''}`;
    expect(result.crashPoints, where).toMatchObject({ 'torn-commit': 1, 'mid-compaction': 1, 'mid-snapshot': 1 });
    expect(result.violations, where).toEqual([]);
    expect(result.linearizable, where).toBe('ok');
    expect(new Set(Object.values(result.hashes)).size, where).toBe(1);
    expect(Object.keys(result.hashes)).toHaveLength(3);
    expect(result.ok, where).toBe(true);
  }, 300_000);
});
