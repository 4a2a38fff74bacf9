import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { LessonSession } from './session';
import { FakeWorld } from './testing/fake-world';
import { backendMembers, electedLeader, resolvePath, PathError, type WorldSnapshot } from './paths';

const LESSON = `title Leader failure
takeaway Terms are a logical clock.
aha A new leader, a higher term.
members 3
speed 0.5
capture lease /lease ([0-9a-f]+) granted/
setup etcdctl put seed 1

step Kill the leader
say {leader} leads term {term}.
task Kill {leader}.
do kill {leader}
until {start.leader}.state == stopped
until leader != none
until term > {start.term}
explain {leader} won term {term}.

step Write
say Put a key.
auto speed 2
do console put greeting hello
do console lease grant 10
until key:greeting == hello
until key:greeting@follower == hello
until revision >= 2
`;

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LessonSession', () => {
  it('runs setup, then steps whose Next lights only when the conditions hold', async () => {
    const w = new FakeWorld(3);
    w.calls = [];
    const s = new LessonSession(parseScenario('03-x', LESSON), w, { seed: 9 });
    await s.start();
    expect(s.getState().phase).toBe('intro');
    expect(w.calls).toEqual(['reset 3', 'speed 0.5', 'etcdctl put seed 1']);

    await s.begin();
    expect(s.getState()).toMatchObject({ phase: 'step', index: 0, held: false, conditions: [false, true, false] });
    expect(s.getState().texts).toMatchObject({ say: ['infra1 leads term 2.'], task: 'Kill infra1.' });
    await s.next();
    expect(s.getState().index).toBe(0); // not yet

    w.onAction = (c) => {
      if (c === 'kill infra1') w.elect('infra3', 3);
    };
    await s.doIt();
    expect(w.calls).toContain('kill infra1');
    expect(s.getState()).toMatchObject({ held: true, conditions: [true, true, true], texts: { explain: 'infra3 won term 3.' } });

    await s.next();
    expect(s.getState()).toMatchObject({ phase: 'step', index: 1, held: false });
    expect(w.calls.at(-1)).toBe('speed 2');
    await s.doIt();
    expect(w.calls.slice(-2)).toEqual(['type 1 put greeting hello', 'type 1 lease grant 10']);
    expect(s.getState().held).toBe(true);
    await s.next();
    expect(s.getState().phase).toBe('done');
    s.back();
    expect(s.getState()).toMatchObject({ phase: 'step', index: 1, held: true });
  });

  it('reports an action that names nothing as an error with its line', async () => {
    const w = new FakeWorld(3);
    const s = new LessonSession(parseScenario('x', LESSON), w);
    await s.start();
    await s.begin();
    for (const m of w.members) Object.assign(m, { state: 'follower', leader: '' });
    await s.doIt();
    expect(s.getState()).toMatchObject({ phase: 'error', error: expect.stringMatching(/line 12: \{leader\} names nothing/) });
  });

  it('keeps Next lit once the conditions held, even if they stop holding', async () => {
    const w = new FakeWorld(3);
    const s = new LessonSession(parseScenario('x', LESSON), w);
    await s.start();
    await s.begin();
    w.kill('infra1');
    w.elect('infra2', 3);
    await s.check();
    expect(s.getState().held).toBe(true);
    w.elect('infra2', 2);
    await s.check();
    await flush();
    expect(s.getState().held).toBe(true);
  });
});

describe('paths', () => {
  const snap = (w: FakeWorld): WorldSnapshot => ({ members: w.members, consoles: w.consoles(), keys: new Map(), delivered: { MsgSnap: 2 }, backends: new Map([['infra1', { dbSize: 40960, dbSizeInUse: 20480, depth: 2, keys: 90, leafPages: 6, branchPages: 1, freePages: 3 }]]), start: new Map([['term', '2']]), vars: new Map([['old', 'infra3']]), captures: [{ name: 'lease', pattern: /lease ([0-9a-f]+) granted/g, line: 1 }] });

  it('reads the leader only when a majority follows it', () => {
    const w = new FakeWorld(5);
    expect(electedLeader(w.members)?.name).toBe('infra1');
    for (const n of ['infra3', 'infra4', 'infra5']) w.member(n).leader = '';
    expect(electedLeader(w.members)).toBeUndefined();
  });

  it('reads members, aggregates, consoles, captures and start values', () => {
    const w = new FakeWorld(3);
    w.member('infra3').applied = 5;
    w.tabs = [['$ lease grant 10', 'lease 694d77aa9e38260f granted with TTL(10s)'], ['x']];
    const s = snap(w);
    expect(resolvePath('leader', s)).toBe('infra1');
    expect(resolvePath('follower', s)).toBe('infra2');
    expect(resolvePath('follower2.endpoint', s)).toBe('127.0.0.1:32379');
    expect(resolvePath('min.applied', s)).toBe('5');
    expect(resolvePath('max.applied', s)).toBe('8');
    expect(resolvePath('infra2.state', s)).toBe('follower');
    expect(resolvePath('running', s)).toBe('3');
    expect(resolvePath('lease', s)).toBe('694d77aa9e38260f');
    expect(resolvePath('console:2', s)).toBe('x');
    expect(resolvePath('start.term', s)).toBe('2');
    expect(resolvePath('old', s)).toBe('infra3');
    expect(resolvePath('old.endpoint', s)).toBe('127.0.0.1:32379');
    expect(resolvePath('delivered.MsgSnap', s)).toBe('2');
    expect(resolvePath('delivered.MsgApp', s)).toBe('0');
    expect(resolvePath('btree-depth', s)).toBe('2');
    expect(resolvePath('leader.db-size', s)).toBe('40960');
    expect(resolvePath('infra2.db-size', s)).toBe('none');
    expect(backendMembers(['leader.btree-depth', 'start.infra3.db-size', 'infra2.term', 'free-pages'], s).sort()).toEqual(['infra1', 'infra3']);
    w.member('infra2').snapshotIndex = 40;
    expect(resolvePath('infra2.snapshot-index', s)).toBe('40');
    expect(() => resolvePath('start.commit', s)).toThrow(PathError);
    expect(() => resolvePath('infra1.colour', s)).toThrow(/unknown field/);
    expect(() => resolvePath('ledaer', s)).toThrow(/names nothing/);
  });
});

describe('key conditions', () => {
  it('reads a key at a member named directly or through a placeholder', async () => {
    const w = new FakeWorld(3);
    w.kv.set('k', 'v');
    const sc = parseScenario('x', 'title T\ntakeaway t\naha a\nstep S\nsay s\nauto remember victim infra2\nuntil key:k@{victim} == v\nuntil key:k@infra3 == v\nuntil key:k@follower == v\n');
    const s = new LessonSession(sc, w);
    await s.start();
    await s.begin();
    expect(s.getState()).toMatchObject({ phase: 'step', held: true, conditions: [true, true, true] });
    w.kill('infra2');
    const s2 = new LessonSession(sc, w);
    await s2.start();
    w.kill('infra2');
    await s2.begin();
    expect(s2.getState().conditions).toEqual([false, true, true]);
  });
});

describe('unanswered reads', () => {
  it('never count as a missing key', async () => {
    const w = new FakeWorld(3);
    const sc = parseScenario('x', 'title T\ntakeaway t\naha a\nstep S\nsay s\nuntil key:k@infra2 == none\nuntil key:k@infra2 != v\n');
    const s = new LessonSession(sc, w);
    await s.start();
    await s.begin();
    expect(s.getState().conditions).toEqual([true, true]);
    w.kill('infra2');
    const s2 = new LessonSession(sc, w);
    await s2.start();
    w.kill('infra2');
    await s2.begin();
    expect(s2.getState()).toMatchObject({ held: false, conditions: [false, true] });
  });
});
