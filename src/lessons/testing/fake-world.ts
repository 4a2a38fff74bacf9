/**
 * A fake LessonWorld for unit tests: members as plain records the test (or the actions) change,
 * console tabs as arrays of lines, keys in a map. Every call is recorded in `calls`.
 */
import type { BackendStats, LessonWorld, MemberStatus } from '../world';

/** A scriptable fake world. */
export class FakeWorld implements LessonWorld {
  members: MemberStatus[] = [];
  tabs: string[][] = [[]];
  kv = new Map<string, string>();
  calls: string[] = [];
  /** Called after each action, so a test can make the cluster react (elect a new leader...). */
  onAction: (call: string) => void = () => {};

  constructor(n = 3) {
    this.reset(n);
  }

  private log(call: string): Promise<void> {
    this.calls.push(call);
    this.onAction(call);
    return Promise.resolve();
  }

  /** Makes `name` leader of `term`, followed by every running member. */
  elect(name: string, term: number): void {
    for (const m of this.members) {
      if (m.state === 'stopped') continue;
      m.term = term;
      m.state = m.name === name ? 'leader' : 'follower';
      m.leader = name;
    }
  }

  member(name: string): MemberStatus {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    return m;
  }

  reset(n: number, _seed = 1): Promise<void> {
    this.members = Array.from({ length: n }, (_, i) => ({
      name: `infra${i + 1}`, id: `${i + 1}`.padStart(16, 'a'), state: 'follower', term: 2, leader: 'infra1', commit: 8, applied: 8, revision: 1, compactRevision: 0, lastIndex: 8, snapshotIndex: 0, firstIndex: 1, endpoint: `127.0.0.1:${i === 0 ? '' : i + 1}2379`,
    }));
    this.members[0]!.state = 'leader';
    return this.log(`reset ${n}`);
  }
  /** Backends by member name, as the test sets them. */
  backends = new Map<string, BackendStats>();
  backend(name: string): Promise<BackendStats | undefined> {
    return Promise.resolve(this.backends.get(name));
  }
  /** Delivered raft messages by type, as the test sets them. */
  msgs: Record<string, number> = {};
  delivered(): Promise<Record<string, number>> {
    return Promise.resolve({ ...this.msgs });
  }
  status(): Promise<MemberStatus[]> {
    return Promise.resolve(this.members.map((m) => ({ ...m })));
  }
  kill(name: string): Promise<void> {
    Object.assign(this.member(name), { state: 'stopped', leader: '' });
    return this.log(`kill ${name}`);
  }
  restart(name: string): Promise<void> {
    Object.assign(this.member(name), { state: 'follower' });
    return this.log(`restart ${name}`);
  }
  wipe(name: string): Promise<void> {
    return this.log(`wipe ${name}`);
  }
  partition(groups: string[][]): Promise<void> {
    return this.log(`partition ${groups.map((g) => g.join(',')).join(' | ')}`);
  }
  heal(): Promise<void> {
    return this.log('heal');
  }
  link(a: string, b: string, up: boolean): Promise<void> {
    return this.log(`link ${a} ${b} ${up ? 'up' : 'down'}`);
  }
  speed(factor: number): Promise<void> {
    return this.log(`speed ${factor}`);
  }
  pause(): Promise<void> {
    return this.log('pause');
  }
  resume(): Promise<void> {
    return this.log('resume');
  }
  etcdctl(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    void this.log(`etcdctl ${line}`);
    return Promise.resolve({ stdout: 'OK\n', stderr: '', exitCode: 0 });
  }
  type(tab: number, line: string): Promise<void> {
    while (this.tabs.length < tab) this.tabs.push([]);
    this.tabs[tab - 1]!.push(`$ ${line}`);
    const put = /^put (\S+) (\S+)$/.exec(line);
    if (put) {
      this.kv.set(put[1]!, put[2]!);
      for (const m of this.members) if (m.state !== 'stopped') m.revision++;
      this.tabs[tab - 1]!.push('OK');
    }
    return this.log(`type ${tab} ${line}`);
  }
  interrupt(tab: number): Promise<void> {
    return this.log(`interrupt ${tab}`);
  }
  consoles(): string[] {
    return this.tabs.map((t) => t.join('\n'));
  }
  get(key: string, member?: string): Promise<string | null> {
    if (member && this.member(member).state === 'stopped') return Promise.reject(new Error('context deadline exceeded'));
    return Promise.resolve(this.kv.get(key) ?? null);
  }
  sleep(_ms: number): Promise<void> {
    return Promise.resolve();
  }
}
