/**
 * createMemberHost: the host of one etcd member, a thin shell around `openMember` (src/server).
 * It opens the member's stores (IndexedDB in the worker, memory in Node tests), feeds the member
 * the ticks and raft messages that arrive on the bus's MessagePort, posts the messages it sends
 * back on the same port, and answers the control plane (client calls, watches, state, close).
 * member.worker.ts exposes it with comlink. No logic lives here that the simulator's host lacks.
 */
import { openMember } from '../src/server';
import type { EtcdMember, PageStore, WalStore, WatchHandle } from '../src/server';
import { CALLABLE, type CallableMethod, type CallResult, type FromMember, type MemberWorkerApi, type StartRequest, type ToMember } from './host-protocol';
import { summarize } from './summary';
import { serveCallPort } from './call-port';
import { decodeMessage, encodeMessage } from '../src/server/msg-codec';
import type { Message, MessageType } from '../src/raft';

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

  /** Sends raft messages to the bus, each as its own transferred buffer. */
  function postMsgs(msgs: Message[]): void {
    const heads: Array<[number, MessageType, number, boolean]> = msgs.map((m) => [m.to, m.type, m.term, m.reject]);
    const bufs = msgs.map(encodeMessage);
    port?.postMessage({ t: 'msgs', heads, bufs } satisfies FromMember, bufs);
  }

  function fail(e: unknown): CallResult<never> {
    const err = e as { name?: string; message?: string; leaderRaftId?: number };
    const out: CallResult<never> = { ok: false, name: String(err?.name ?? 'Error'), message: String(err?.message ?? e) };
    if (typeof err?.leaderRaftId === 'number') out.leaderRaftId = err.leaderRaftId;
    return out;
  }

  async function call(method: CallableMethod, args: unknown[]): Promise<CallResult> {
    if (!member) return { ok: false, name: 'ErrStopped', message: 'etcdserver: server stopped' };
    if (!CALLABLE.includes(method)) return { ok: false, name: 'Error', message: `unknown method ${method}` };
    try {
      const fn = (member as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      return { ok: true, value: await fn.apply(member, args) };
    } catch (e) {
      return fail(e);
    }
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
        for (const buf of data.bufs) m.step(decodeMessage(buf));
        break;
    }
  }

  return {
    async start(req, p) {
      try {
        port = p;
        const { wal, pages } = await openStores(req);
        member = await openMember(req.config, { wal, pages, transport: { send: postMsgs } });
        p.onmessage = onPort;
        return { ok: true, value: summarize(member.state()) };
      } catch (e) {
        return fail(e);
      }
    },

    call,

    async attachCalls(p) {
      serveCallPort(p, call);
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
