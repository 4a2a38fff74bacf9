import { describe, expect, it } from 'vitest';
import { createRand } from './rand';
import { MemoryStorage } from './storage';
import { RawNode } from './raw-node';
import type { Message } from './messages';

function cluster(n: number) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const nodes = new Map<number, { rn: RawNode; st: MemoryStorage; applied: string[] }>();
  for (const id of ids) {
    const st = new MemoryStorage();
    st.setConfState({ voters: ids, learners: [] });
    const rn = new RawNode({ id, electionTick: 10, heartbeatTick: 1, storage: st, rand: createRand(id) });
    nodes.set(id, { rn, st, applied: [] });
  }
  const stabilize = () => {
    for (let round = 0; round < 100; round++) {
      const msgs: Message[] = [];
      let any = false;
      for (const { rn, st, applied } of nodes.values()) {
        while (rn.hasReady()) {
          any = true;
          const rd = rn.ready();
          if (rd.hardState) st.setHardState(rd.hardState);
          st.append(rd.entries);
          msgs.push(...rd.messages);
          for (const e of rd.committedEntries) if (e.data.length) applied.push(new TextDecoder().decode(e.data));
          rn.advance(rd);
        }
      }
      for (const m of msgs) nodes.get(m.to)!.rn.step(m);
      if (!any && msgs.length === 0) return;
    }
  };
  return { nodes, stabilize };
}

describe('RawNode smoke', () => {
  it('elects a leader and replicates', () => {
    const c = cluster(3);
    c.nodes.get(1)!.rn.campaign();
    c.stabilize();
    expect(c.nodes.get(1)!.rn.status().raftState).toBe('StateLeader');
    c.nodes.get(1)!.rn.propose(new TextEncoder().encode('foo'));
    c.stabilize();
    for (const { rn, applied } of c.nodes.values()) {
      expect(applied).toEqual(['foo']);
      expect(rn.status().commit).toBe(2);
    }
  });
});
