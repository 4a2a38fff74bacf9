/**
 * `curl` in the console, for the gateway examples of etcd's docs:
 * `curl -L http://127.0.0.1:2379/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`.
 * Understands -X, -d/--data/--data-raw/--data-binary, -H (ignored), -L, -s, -S, -N, -i, -v (ignored).
 */
import type { ClusterClient } from '../client';
import type { StreamName } from '../io';
import { gatewayRequest } from './gateway';

/** What curl printed and its exit status. */
export interface CurlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs curl's argv (without the `curl` word) against the in-page cluster. */
export async function runCurl(args: string[], client: ClusterClient, opts: { signal?: AbortSignal; onOutput?: (s: StreamName, t: string) => void } = {}): Promise<CurlResult> {
  let method: string | undefined;
  let data: string | undefined;
  let url: string | undefined;
  let include = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X' || a === '--request') method = args[++i];
    else if (a === '-d' || a === '--data' || a === '--data-raw' || a === '--data-binary') data = (data === undefined ? '' : data + '&') + (args[++i] ?? '');
    else if (a === '-H' || a === '--header') i++;
    else if (a === '-i' || a === '--include') include = true;
    else if (a.startsWith('-')) continue;
    else url = a;
  }
  if (!url) return { stdout: '', stderr: 'curl: no URL specified!\n', exitCode: 2 };
  const host = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?/.exec(url);
  const endpoint = `${host?.[1] ?? ''}:${host?.[2] ?? '80'}`;
  if (!client.endpoints().some((e) => e.replace(/^[a-z]+:\/\//, '') === endpoint)) {
    return { stdout: '', stderr: `curl: (7) Failed to connect to ${host?.[1]} port ${host?.[2] ?? '80'}: Connection refused\n`, exitCode: 7 };
  }
  let streamed = '';
  const r = await gatewayRequest(client, url, {
    method: method ?? (data !== undefined ? 'POST' : 'GET'),
    ...(data !== undefined ? { body: data } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onChunk: (t) => {
      streamed += t;
      opts.onOutput?.('stdout', t);
    },
  });
  const head = include ? `HTTP/1.1 ${r.status} ${r.statusText}\r\nContent-Type: application/json\r\n\r\n` : '';
  if (streamed === '') opts.onOutput?.('stdout', head + r.body);
  return { stdout: head + r.body, stderr: '', exitCode: opts.signal?.aborted ? 130 : 0 };
}
