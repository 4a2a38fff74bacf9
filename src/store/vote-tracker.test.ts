import { describe, expect, it } from 'vitest';
import { VoteTracker } from './vote-tracker';

describe('VoteTracker', () => {
  it('tallies a vote from the bus: self vote at once, responses as they arrive, rejections too', () => {
    const t = new VoteTracker(1000);
    t.sent({ id: 1, from: 2, to: 1, type: 'MsgVote', term: 5 }, 0);
    t.sent({ id: 2, from: 2, to: 3, type: 'MsgVote', term: 5 }, 0);
    expect(t.tally(2, 1)).toEqual({ kind: 'vote', term: 5, votes: [{ id: 2, granted: true }] });
    t.sent({ id: 9, from: 1, to: 2, type: 'MsgVoteResp', term: 4, reject: true }, 1);
    t.delivered({ id: 9, from: 1, to: 2, type: 'MsgVoteResp' }, 1); // a late answer from term 4: ignored
    t.sent({ id: 3, from: 1, to: 2, type: 'MsgVoteResp', term: 5, reject: true }, 2);
    t.sent({ id: 4, from: 3, to: 2, type: 'MsgVoteResp', term: 5 }, 2);
    t.delivered({ id: 3, from: 1, to: 2, type: 'MsgVoteResp' }, 3);
    t.delivered({ id: 4, from: 3, to: 2, type: 'MsgVoteResp' }, 4);
    t.delivered({ id: 4, from: 3, to: 2, type: 'MsgVoteResp' }, 4); // a duplicate counts once
    expect(t.tally(2, 5)!.votes).toEqual([{ id: 2, granted: true }, { id: 1, granted: false }, { id: 3, granted: true }]);
    // Lingers after its last change, then goes.
    expect(t.tally(2, 1004)).toBeDefined();
    expect(t.tally(2, 1005)).toBeUndefined();
  });

  it('a pre-vote then a vote are two elections; a pre-vote response does not count for a vote', () => {
    const t = new VoteTracker();
    t.sent({ id: 1, from: 1, to: 2, type: 'MsgPreVote', term: 3 }, 0);
    t.sent({ id: 2, from: 2, to: 1, type: 'MsgPreVoteResp', term: 3 }, 1);
    t.delivered({ id: 2, from: 2, to: 1, type: 'MsgPreVoteResp' }, 2);
    expect(t.tally(1, 2)).toMatchObject({ kind: 'pre-vote', term: 3, votes: [{ id: 1 }, { id: 2 }] });
    t.sent({ id: 3, from: 1, to: 2, type: 'MsgVote', term: 3 }, 3);
    t.sent({ id: 4, from: 3, to: 1, type: 'MsgPreVoteResp', term: 3 }, 3);
    t.delivered({ id: 4, from: 3, to: 1, type: 'MsgPreVoteResp' }, 4);
    expect(t.tally(1, 4)).toEqual({ kind: 'vote', term: 3, votes: [{ id: 1, granted: true }] });
    t.forget(1);
    expect(t.tally(1, 5)).toBeUndefined();
  });
});
