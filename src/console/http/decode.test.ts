/**
 * Malformed and unusual request bodies, answered as a real etcd 3.4.23 answered them
 * (testdata/decode-3.4.23.json, recorded by testdata/capture-decode.mjs): Go's encoding/json
 * syntax errors, jsonpb type errors, base64 error offsets, enum names, int64 quoting, and the
 * status each comes with. Successful answers depend on the store and are checked for status only.
 */
import { describe, expect, it } from 'vitest';
import { HttpConnectError, httpRequest } from './gateway';
import { realLikeCluster } from './test-cluster';
import cases from './testdata/decode-3.4.23.json';

interface DecodeCase {
  path: string;
  body: string;
  status: number;
  stdout: string;
}

describe('request decoding matches etcd 3.4.23', () => {
  for (const c of cases as DecodeCase[]) {
    it(`${c.path} ${JSON.stringify(c.body)} -> ${c.status}`, async () => {
      const client = realLikeCluster();
      await httpRequest('http://127.0.0.1:2379/v3/kv/put', { method: 'POST', body: '{"key":"Zm9v","value":"YmFy"}' }, client);
      const ac = new AbortController();
      const pending = httpRequest(`http://127.0.0.1:2379${c.path}`, { method: 'POST', body: c.body, signal: ac.signal }, client);
      if (c.status === 0) {
        const err = await pending.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(HttpConnectError);
        expect((err as HttpConnectError).curlCode).toBe(52);
        return;
      }
      const r = await pending;
      expect(r.status).toBe(c.status);
      if (c.status === 200) expect(r.body.startsWith('{"header":{"cluster_id":"12101053776118486841"')).toBe(true);
      else expect(r.body).toBe(c.stdout);
    });
  }
});
