/**
 * createMemberHost: the host of one etcd member, a thin shell around `openMember` (src/server).
 * It opens the member's stores (IndexedDB in the worker, memory in Node tests), feeds the member
 * the ticks and raft messages that arrive on the bus's MessagePort, posts the messages it sends
 * back on the same port, and answers the control plane (client calls, watches, state, close).
 * member.worker.ts exposes it with comlink. No logic lives here that the simulator's host lacks.
 */
import { openMember } from '../src/server';
import type { EtcdMember, PageStore, WalStore, WatchHandle } from '../src/server';
import { CALLABLE, type CallResult, type FromMember, type MemberWorkerApi, type StartRequest, type ToMember } from './host-protocol';
import { summarize } from './summary';

/** Opens a member's durable stores. */
export type OpenStores = (req: StartRequest) => Promise<{ wal: WalStore; pages: PageStore }>;

/** Creates the control API of one member host. */
export function createMemberHost(openStores: OpenStores): MemberWorkerApi {
  let member: EtcdMember | undefined;
  let port: MessagePort | undefined;
  const watches = new Map<number, WatchHandle>();
  let nextWatch = 1;

  function post(m: FromMember): void {
    port?.postMessage(m);
  }

  function fail(e: unknown): CallResult<never> {
    const err = e as { name?: string; message?: string; leaderRaftId?: number };
    const out: CallResult<never> = { ok: false, name: String(err?.name ?? 'Error'), message: String(err?.message ?? e) };
    if (typeof err?.leaderRaftId === 'number') out.leaderRaftId = err.leaderRaftId;
    return out;
  }

  function onPort(ev: MessageEvent<ToMember>): void {
    const m = member;
    if (!m) return;
    const data = ev.data;
    switch (data.t) {
      case 'tick':
        m.tick(data.nowMs);
        post({ t: 'report', summary: summarize(m.state()) });
        break;
      case 'msgs':
        for (const msg of data.msgs) m.step(msg);
        break;
    }
  }

  return {
    async start(req, p) {
      try {
        port = p;
        const { wal, pages } = await openStores(req);
        member = await openMember(req.config, { wal, pages, transport: { send: (msgs) => post({ t: 'msgs', msgs }) } });
        p.onmessage = onPort;
        return { ok: true, value: summarize(member.state()) };
      } catch (e) {
        return fail(e);
      }
    },

    async call(method, args) {
      if (!member) return { ok: false, name: 'ErrStopped', message: 'etcdserver: server stopped' };
      if (!CALLABLE.includes(method)) return { ok: false, name: 'Error', message: `unknown method ${method}` };
      try {
        const fn = (member as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        return { ok: true, value: await fn.apply(member, args) };
      } catch (e) {
        return fail(e);
      }
    },

    async watch(req, opts, send) {
      const id = nextWatch++;
      if (!member) {
        send({ header: { clusterId: 0n, memberId: 0n, revision: 0, raftTerm: 0 }, watchId: -1, created: false, canceled: true, compactRevision: 0, cancelReason: 'etcdserver: server stopped', events: [] });
        return id;
      }
      watches.set(id, member.watch(req, (resp) => void send(resp), opts));
      return id;
    },

    async watchCancel(handle) {
      watches.get(handle)?.cancel();
      watches.delete(handle);
    },

    async watchProgress(handle) {
      watches.get(handle)?.requestProgress();
    },

    async summary() {
      return member ? summarize(member.state()) : undefined;
    },

    async mvccView(opts) {
      return member?.mvccView(opts);
    },

    async backendView(opts) {
      return member?.backendView(opts);
    },

    async close() {
      const m = member;
      member = undefined;
      watches.clear();
      await m?.close();
    },
  };
}
