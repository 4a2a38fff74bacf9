import { describe, expect, it } from 'vitest';
import { GLOSSARY, glossaryEntry } from './terms';

describe('glossary', () => {
  it('explains every term the issue and the page use', () => {
    const required = ['node', 'member', 'cluster', 'peer', 'client', 'wal', 'snapshot', 'proxy', 'leader', 'follower', 'candidate', 'term', 'index', 'revision', 'generation', 'lease',
      'quorum', 'read-index', 'compaction', 'tombstone', 'heartbeat', 'pre-vote', 'learner', 'txn', 'watch', 'consistent-index', 'commit', 'applied', 'progress', 'election-timeout'];
    for (const id of required) expect(glossaryEntry(id).text.length).toBeGreaterThan(20);
  });

  it('has unique ids, links only to existing entries, and keeps each entry to one or two lines', () => {
    expect(new Set(GLOSSARY.map((e) => e.id)).size).toBe(GLOSSARY.length);
    for (const e of GLOSSARY) {
      for (const id of e.see ?? []) expect(() => glossaryEntry(id), `${e.id} -> ${id}`).not.toThrow();
      expect(e.text.length, e.id).toBeLessThanOrEqual(240);
      expect(e.text.split(/(?<=[a-z0-9)"])\. /).length, e.id).toBeLessThanOrEqual(3);
    }
  });

  it('fails loudly for an unknown id', () => {
    expect(() => glossaryEntry('nope')).toThrow(/no glossary entry/);
  });
});
