import { describe, expect, it } from 'vitest';
import { RaftChecker, type CheckedLog } from './checker';

/** logOf builds a CheckedLog from terms[i] = term of index i+1 (snapshot at 0). */
function logOf(terms: number[], snapIndex = 0, snapTerm = 0): CheckedLog {
  return {
    firstIndex: () => snapIndex + 1,
    lastIndex: () => snapIndex + terms.length,
    term: (i) => (i === snapIndex ? snapTerm : (terms[i - snapIndex - 1] as number)),
  };
}

const ent = (index: number, term: number, hash = `h${index}.${term}`) => ({ index, term, hash });

describe('RaftChecker', () => {
  it('accepts a well-behaved history', () => {
    const c = new RaftChecker(() => 0);
    c.onPersist(1, { hardState: { term: 2, vote: 1, commit: 0 }, entries: [ent(1, 2)], leaderTerm: 0, leadsTerm: 2, lastIndexBefore: 0, log: logOf([2]) });
    c.onBecomeLeader(1, 2, logOf([2]));
    c.onPersist(2, { hardState: { term: 2, vote: 1, commit: 1 }, entries: [ent(1, 2)], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([2]) });
    c.onApply(2, 1, 2, 'h1.2');
    const disk2 = () => ({ term: 2, vote: 1, lastIndex: 1 });
    c.onSend(1, { type: 'MsgApp', to: 2, term: 2, index: 0, reject: false }, 2, disk2);
    c.onSend(2, { type: 'MsgVoteResp', to: 1, term: 2, index: 0, reject: false }, 2, disk2);
    c.onSend(2, { type: 'MsgVoteResp', to: 3, term: 2, index: 0, reject: true }, 2, disk2);
    c.onSend(2, { type: 'MsgAppResp', to: 1, term: 2, index: 1, reject: false }, 2, disk2);
    c.onSend(1, { type: 'MsgPreVote', to: 2, term: 3, index: 0, reject: false }, 2, disk2);
    c.onIndexes(2, 0, 1, 1, 1);
    expect(c.violations).toEqual([]);
    expect(c.committedIndex).toBe(1);
  });

  it('flags two leaders in one term', () => {
    const c = new RaftChecker(() => 5);
    c.onBecomeLeader(1, 3, logOf([]));
    c.onBecomeLeader(2, 3, logOf([]));
    expect(c.violations).toEqual(['t=5: election safety: nodes 1 and 2 both leader in term 3']);
  });

  it('flags log matching, leader append-only and regressions', () => {
    const c = new RaftChecker(() => 0);
    c.onPersist(1, { entries: [ent(1, 1, 'a')], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([1]) });
    c.onPersist(2, { entries: [ent(1, 1, 'b')], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([1]) });
    c.onPersist(3, { entries: [ent(1, 2)], leaderTerm: 2, leadsTerm: 2, lastIndexBefore: 1, log: logOf([2]) });
    c.onPersist(3, { hardState: { term: 4, vote: 3, commit: 0 }, entries: [], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 1, log: logOf([2]) });
    c.onPersist(3, { hardState: { term: 4, vote: 2, commit: 0 }, entries: [], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 1, log: logOf([2]) });
    c.onPersist(3, { hardState: { term: 3, vote: 2, commit: 0 }, entries: [], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 1, log: logOf([2]) });
    c.onPersist(4, { entries: [ent(1, 7)], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([7]) });
    const all = c.violations.join('\n');
    expect(all).toMatch(/node 4 holds 1@7, beyond the last entry \(none\) of term 7's leader/);
    expect(all).toMatch(/log matching: node 2 has a different entry at index 1 term 1/);
    expect(all).toMatch(/leader append-only: leader 3/);
    expect(all).toMatch(/persisted vote changed on 3 in term 4: 3 -> 2/);
    expect(all).toMatch(/persisted term regressed on 3: 4 -> 3/);
  });

  it('flags state machine safety, apply gaps, lost commits and incomplete leaders', () => {
    const c = new RaftChecker(() => 0);
    c.onPersist(1, { hardState: { term: 1, vote: 1, commit: 2 }, entries: [ent(1, 1), ent(2, 1)], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([1, 1]) });
    c.onPersist(2, { hardState: { term: 2, vote: 2, commit: 1 }, entries: [ent(1, 2)], leaderTerm: 0, leadsTerm: 0, lastIndexBefore: 0, log: logOf([2]) });
    c.onApply(2, 2, 1, 'h2.1');
    c.onBecomeLeader(3, 5, logOf([2]));
    c.onRestart(1, { term: 1, vote: 1, commit: 1 }, 0);
    c.onIndexes(1, 0, 3, 2, 2);
    const disk3 = () => ({ term: 4, vote: 1, lastIndex: 1 });
    c.onSend(1, { type: 'MsgApp', to: 2, term: 9, index: 0, reject: false }, 2, disk3);
    c.onSend(3, { type: 'MsgVoteResp', to: 1, term: 4, index: 0, reject: false }, 4, disk3);
    c.onSend(3, { type: 'MsgVoteResp', to: 2, term: 4, index: 0, reject: false }, 4, disk3);
    c.onSend(3, { type: 'MsgAppResp', to: 2, term: 4, index: 5, reject: false }, 4, disk3);
    const all = c.violations.join('\n');
    expect(all).toMatch(/state machine safety: node 2 committed 1@2 but 1@1 was committed/);
    expect(all).toMatch(/apply order on 2: applied 2 after 0/);
    expect(all).toMatch(/leader completeness: leader 3 \(term 5\) has last index 1 < committed 2/);
    expect(all).toMatch(/leader completeness: leader 3 \(term 5\) has 1@2, committed 1@1/);
    expect(all).toMatch(/commit lost over restart on 1: 2 -> 1/);
    expect(all).toMatch(/index order on 1/);
    expect(all).toMatch(/sent MsgApp with term 9/);
    expect(all).toMatch(/double vote: node 3 voted for 1 and 2 in term 4/);
    expect(all).toMatch(/durable before send: node 3 granted its term-4 vote to 2 with \(term 4, vote 1\) on disk/);
    expect(all).toMatch(/durable before send: node 3 acked 5 with 1 entries on disk/);
  });
});
