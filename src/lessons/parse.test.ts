import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioSyntaxError } from './parse';

const GOOD = `# a comment
title Leader election
takeaway A follower that hears nothing
  becomes a candidate.
aha Randomized timeouts.
members 5
seed 7
speed 0.5
capture lease /lease ([0-9a-f]+) granted/
setup etcdctl put a 1

step Watch
say The timers drain (Raft §5.2).
say Second paragraph.
cite Raft §5.2
task Kill {leader}.
do kill {leader}
do partition infra1,infra2 | infra3, infra4 infra5
do console:2 etcdctl put greeting hello
auto speed 0.25
until leader != none
until term > {start.term}
explain A new leader.

step Next
say Only a caption.
`;

describe('parseScenario', () => {
  it('reads metadata, continuation lines, steps, actions and conditions', () => {
    const sc = parseScenario('01-x', GOOD);
    expect(sc).toMatchObject({ id: '01-x', title: 'Leader election', takeaway: 'A follower that hears nothing becomes a candidate.', members: 5, seed: 7, speed: 0.5 });
    expect(sc.snapshotCount).toBeUndefined();
    expect(parseScenario('x', 'title T\ntakeaway t\naha a\nsnapshot-count 20\nstep S\nsay s\n').snapshotCount).toBe(20);
    expect(sc.setup).toEqual([{ kind: 'etcdctl', command: 'put a 1', line: 10 }]);
    expect(sc.captures[0]!.name).toBe('lease');
    expect(sc.steps).toHaveLength(2);
    const s = sc.steps[0]!;
    expect(s.say).toEqual(['The timers drain (Raft §5.2).', 'Second paragraph.']);
    expect(s.task).toBe('Kill {leader}.');
    expect(s.act).toEqual([
      { kind: 'kill', member: '{leader}', line: 17 },
      { kind: 'partition', groups: [['infra1', 'infra2'], ['infra3', 'infra4', 'infra5']], line: 18 },
      { kind: 'console', tab: 2, command: 'put greeting hello', line: 19 },
    ]);
    expect(s.auto).toEqual([{ kind: 'speed', factor: 0.25, line: 20 }]);
    expect(s.until.map((c) => [c.path, c.op, c.value])).toEqual([['leader', '!=', 'none'], ['term', '>', '{start.term}']]);
    expect(s.explain).toBe('A new leader.');
    expect(sc.steps[1]!.until).toEqual([]);
  });

  const bad: [string, string, RegExp][] = [
    ['unknown directive', 'title T\nfoo bar\n', /x\.txt:2: "foo" is not a lesson directive/],
    ['header inside a step', 'title T\ntakeaway t\naha a\nstep S\nsay s\nmembers 3\n', /x\.txt:6: .*members belongs before the first step/],
    ['bad member count', 'title T\nmembers 4\n', /x\.txt:2: members is 1, 3, 5 or 7/],
    ['unknown action', 'title T\ntakeaway t\naha a\nstep S\nsay s\ndo explode infra1\n', /x\.txt:6: unknown action "explode"/],
    ['bad member', 'title T\ntakeaway t\naha a\nstep S\nsay s\ndo kill node1\n', /x\.txt:6: kill needs a member/],
    ['one-sided partition', 'title T\ntakeaway t\naha a\nstep S\nsay s\ndo partition infra1\n', /x\.txt:6: partition needs two or more groups/],
    ['bad operator', 'title T\ntakeaway t\naha a\nstep S\nsay s\nuntil leader is infra1\n', /x\.txt:6: unknown comparison "is"/],
    ['no value', 'title T\ntakeaway t\naha a\nstep S\nsay s\nuntil leader !=\n', /x\.txt:6: the condition "leader !=" has nothing to compare with/],
    ['no caption', 'title T\ntakeaway t\naha a\nstep S\ntask t\n', /x\.txt:4: step "S" has no caption/],
    ['no steps', 'title T\ntakeaway t\naha a\n', /the lesson has no steps/],
    ['no aha', 'title T\ntakeaway t\nstep S\nsay s\n', /the lesson has no aha/],
    ['twice', 'title T\ntitle U\n', /x\.txt:2: title appears twice/],
    ['orphan continuation', '  hello\n', /x\.txt:1: an indented line continues/],
    ['bad capture', 'title T\ncapture x (a)\n', /x\.txt:2: capture is/],
    ['bad snapshot count', 'title T\nsnapshot-count 0\n', /x\.txt:2: snapshot-count is a whole number/],
    ['bad speed', 'title T\ntakeaway t\naha a\nstep S\nsay s\ndo speed fast\n', /x\.txt:6: speed takes a factor/],
  ];
  it.each(bad)('rejects %s with the line and a hint', (_, src, msg) => {
    expect(() => parseScenario('x', src)).toThrow(ScenarioSyntaxError);
    expect(() => parseScenario('x', src)).toThrow(msg);
  });
});
