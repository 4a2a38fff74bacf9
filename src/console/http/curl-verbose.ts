/**
 * `curl -v` as curl 7.88 prints it to a terminal (stderr): the connection, the request head
 * (`> `), the response head (`< `), and the connection's fate; the body itself stays on stdout.
 * Request and response head lines end in CRLF, as on the wire.
 */
import type { HttpHead } from './exchange';
import type { ParsedUrl } from './url';

/** The lines before the request goes out: connecting and the request head. */
export function verboseRequest(url: ParsedUrl, method: string, body: string | undefined, headers: readonly string[], explicitPost: boolean): string {
  const lines: string[] = [];
  if (explicitPost && method === 'POST' && body !== undefined) lines.push('Note: Unnecessary use of -X or --request, POST is already inferred.\n');
  lines.push(`*   Trying ${url.host}:${url.port}...\n`);
  lines.push(`* Connected to ${url.host} (127.0.0.1) port ${url.port} (#0)\n`);
  const name = (h: string): string => h.slice(0, h.indexOf(':')).trim().toLowerCase();
  const given = new Map(headers.map((h) => [name(h), h]));
  const head = [`${method} ${url.path} HTTP/1.1`];
  for (const [n, line] of [
    ['host', `Host: ${url.host}:${url.port}`],
    ['user-agent', 'User-Agent: curl/7.88.1'],
    ['accept', 'Accept: */*'],
  ] as const) head.push(given.get(n) ?? line);
  for (const h of headers) if (!['host', 'user-agent', 'accept'].includes(name(h))) head.push(h);
  if (body !== undefined) {
    head.push(`Content-Length: ${new TextEncoder().encode(body).length}`);
    if (!given.has('content-type')) head.push('Content-Type: application/x-www-form-urlencoded');
  }
  head.push('');
  return lines.join('') + head.map((l) => `> ${l}\r\n`).join('');
}

/** The response head as curl shows it. */
export function verboseResponse(head: HttpHead): string {
  const lines = [`HTTP/1.1 ${head.status} ${head.statusText}`, ...Object.entries(head.headers).map(([k, v]) => `${k}: ${v}`), ''];
  return lines.map((l) => `< ${l}\r\n`).join('');
}

/** After the answer: the connection stays open for reuse. */
export function verboseDone(url: ParsedUrl): string {
  return `* Connection #0 to host ${url.host} left intact\n`;
}

/** A refused connection, as -v narrates it before curl's own error line. */
export function verboseRefused(url: ParsedUrl): string {
  return `*   Trying ${url.host}:${url.port}...\n* connect to ${url.host} port ${url.port} failed: Connection refused\n* Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n* Closing connection 0\n`;
}
