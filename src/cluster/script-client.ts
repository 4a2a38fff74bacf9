/**
 * ScriptClient: the friendly face of the ClusterClient for `window.etcdscope.client(endpoint?)`:
 * keys and values are strings, options are plain objects, and every answer is the etcd response
 * with bytes as text and uint64 IDs as decimal strings (see plain.ts). `raw()` resolves with the
 * byte-level ClusterClient itself.
 */
import type { ClusterClient } from '../console/client';
import type { CallOptions } from '../console/client-types';
import type { Compare, RequestOp, WatchResponse } from '../protocol/rpc';
import { plain } from './plain';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The end of the range of every key with prefix `p` (clientv3.GetPrefixRangeEnd). */
export function prefixEnd(p: string): Uint8Array {
  const b = enc(p);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const out = b.slice(0, i + 1);
      out[i]! += 1;
      return out;
    }
  }
  return new Uint8Array([0]);
}

/** Range options of get/delete/watch. */
export interface KeyRangeOptions {
  prefix?: boolean;
  /** Explicit range end (exclusive); `'\0'` means every key >= key. */
  rangeEnd?: string;
}

/** Options of get. */
export interface GetOptions extends KeyRangeOptions, Pick<CallOptions, 'timeoutMs'> {
  revision?: number;
  limit?: number;
  /** `--consistency=s`. */
  serializable?: boolean;
  keysOnly?: boolean;
  countOnly?: boolean;
}

/** A txn written with strings: `{compare: [{key, target: 'VALUE', result: 'EQUAL', value}], success: [{put: {key, value}}], failure: [...]}`. */
export interface ScriptTxn {
  compare?: { key: string; target: Compare['target']; result: Compare['result']; value?: string; version?: number; createRevision?: number; modRevision?: number; lease?: string }[];
  success?: ScriptOp[];
  failure?: ScriptOp[];
}

/** One txn operation. */
export type ScriptOp = { put: { key: string; value: string; lease?: string } } | { get: { key: string } & KeyRangeOptions } | { delete: { key: string } & KeyRangeOptions };

const rangeEndOf = (key: string, o: KeyRangeOptions | undefined): Uint8Array | undefined =>
  o?.prefix ? prefixEnd(key) : o?.rangeEnd !== undefined ? enc(o.rangeEnd) : undefined;

function op(o: ScriptOp): RequestOp {
  if ('put' in o) return { requestPut: { key: enc(o.put.key), value: enc(o.put.value), ...(o.put.lease ? { lease: BigInt(o.put.lease) } : {}) } };
  if ('get' in o) return { requestRange: { key: enc(o.get.key), rangeEnd: rangeEndOf(o.get.key, o.get) } };
  return { requestDeleteRange: { key: enc(o.delete.key), rangeEnd: rangeEndOf(o.delete.key, o.delete) } };
}

/** Builds the scripting client over a ClusterClient. */
export function scriptClient(get: () => Promise<ClusterClient>) {
  return {
    /** The byte-level ClusterClient. */
    raw: get,
    put: async (key: string, value: string, o: { lease?: string; prevKv?: boolean; timeoutMs?: number } = {}) =>
      plain(await (await get()).put({ key: enc(key), value: enc(value), ...(o.lease ? { lease: BigInt(o.lease) } : {}), prevKv: o.prevKv ?? false }, { timeoutMs: o.timeoutMs })),
    get: async (key: string, o: GetOptions = {}) =>
      plain(
        await (await get()).range(
          { key: enc(key), rangeEnd: rangeEndOf(key, o), revision: o.revision, limit: o.limit, serializable: o.serializable, keysOnly: o.keysOnly, countOnly: o.countOnly },
          { timeoutMs: o.timeoutMs },
        ),
      ),
    delete: async (key: string, o: KeyRangeOptions & { prevKv?: boolean; timeoutMs?: number } = {}) =>
      plain(await (await get()).deleteRange({ key: enc(key), rangeEnd: rangeEndOf(key, o), prevKv: o.prevKv ?? false }, { timeoutMs: o.timeoutMs })),
    txn: async (t: ScriptTxn, o: { timeoutMs?: number } = {}) =>
      plain(
        await (await get()).txn(
          {
            compare: (t.compare ?? []).map((c) => ({
              key: enc(c.key),
              target: c.target,
              result: c.result,
              ...(c.value !== undefined ? { value: enc(c.value) } : {}),
              ...(c.version !== undefined ? { version: c.version } : {}),
              ...(c.createRevision !== undefined ? { createRevision: c.createRevision } : {}),
              ...(c.modRevision !== undefined ? { modRevision: c.modRevision } : {}),
              ...(c.lease !== undefined ? { lease: BigInt(c.lease) } : {}),
            })),
            success: (t.success ?? []).map(op),
            failure: (t.failure ?? []).map(op),
          },
          { timeoutMs: o.timeoutMs },
        ),
      ),
    compact: async (revision: number) => plain(await (await get()).compact({ revision })),
    /** Opens a watch; `onResponse` gets every response (plain). Returns a function that cancels it. */
    watch: (key: string, onResponse: (resp: unknown) => void, o: KeyRangeOptions & { startRevision?: number; prevKv?: boolean } = {}) => {
      let cancelled = false;
      let stream: { cancel(): void } | undefined;
      void (async () => {
        try {
          const s = (await get()).watch({ key: enc(key), rangeEnd: rangeEndOf(key, o), startRevision: o.startRevision, prevKv: o.prevKv }, { requireLeader: true });
          stream = s;
          if (cancelled) s.cancel();
          for await (const r of s) onResponse(plain(r as WatchResponse));
        } catch (e) {
          onResponse({ error: (e as Error).message });
        }
      })();
      return () => {
        cancelled = true;
        stream?.cancel();
      };
    },
    leaseGrant: async (ttlSeconds: number) => plain(await (await get()).leaseGrant({ TTL: ttlSeconds })),
    leaseRevoke: async (id: string) => plain(await (await get()).leaseRevoke(BigInt(id))),
    leaseKeepAliveOnce: async (id: string) => plain(await (await get()).leaseKeepAliveOnce(BigInt(id))),
    leaseTimeToLive: async (id: string, o: { keys?: boolean } = {}) => plain(await (await get()).leaseTimeToLive({ ID: BigInt(id), keys: o.keys ?? false })),
    leaseLeases: async () => plain(await (await get()).leaseLeases()),
    memberList: async () => plain(await (await get()).memberList()),
  };
}

/** The scripting client type. */
export type ScriptClient = ReturnType<typeof scriptClient>;
