/**
 * URLs as curl reads them (`http://127.0.0.1:2379/v3/kv/put`, or without the scheme), and which
 * member's client URL they reach. Members listen on 127.0.0.1 only, as in etcd's docs.
 */

/** A URL curl can send to. */
export interface ParsedUrl {
  /** The host as written (`localhost` stays `localhost`: curl's messages name it so). */
  host: string;
  port: number;
  /** Path without the query string, `/` at least. */
  path: string;
  /** `https://`: a member's plain-HTTP port answers the TLS hello with nonsense (curl exit 35). */
  tls: boolean;
}

/** A URL curl refuses before connecting, with its exit code and message. */
export interface UrlError {
  curlCode: number;
  message: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Parses `url` as curl does (scheme optional, default port 80); `https` has no TLS to meet here. */
export function parseUrl(url: string): ParsedUrl | UrlError {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^?#]*)/.exec(url)!;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const host = m[2]!;
  if (scheme !== 'http' && scheme !== 'https') return { curlCode: 1, message: `Protocol "${m[1]}" not supported or disabled in libcurl` };
  if (host === '') return { curlCode: 3, message: 'URL using bad/illegal format or missing URL' };
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return { curlCode: 3, message: 'URL using bad/illegal format or missing URL' };
  if (!IPV4.test(host) && !LOOPBACK.has(host.toLowerCase())) return { curlCode: 6, message: `Could not resolve host: ${host}` };
  return { host, port, path: m[4] || '/', tls: scheme === 'https' };
}

const stripScheme = (ep: string): string => ep.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');

/**
 * The member endpoint (as the client spells it) that `url` reaches, or undefined when no member
 * listens there.
 */
export function memberEndpoint(url: ParsedUrl, endpoints: readonly string[]): string | undefined {
  if (!LOOPBACK.has(url.host.toLowerCase())) return undefined;
  return endpoints.find((ep) => {
    const [h, p] = stripScheme(ep).split(':');
    return h !== undefined && LOOPBACK.has(h.toLowerCase()) && Number(p ?? 80) === url.port;
  });
}
