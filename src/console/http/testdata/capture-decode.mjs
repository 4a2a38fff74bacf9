// Records the gateway's answer to malformed or unusual bodies (Go's encoding/json, jsonpb and
// base64 error texts) from a real etcd 3.4.23 on PORT:
//   node src/console/http/testdata/capture-decode.mjs 12379 > src/console/http/testdata/decode-3.4.23.json
// Each case is [path, body]; only read-only or failing requests, so the store does not matter
// except that key "Zm9v" (foo) is absent or present alike in both runs (answers are compared
// after masking the header).
import { spawnSync } from 'node:child_process';

const port = process.argv[2] ?? '12379';
const range = '/v3/kv/range';
const cases = [
  [range, '{bad'], [range, '{'], [range, '{"key"'], [range, '{"key":'], [range, '{"key":"Zm9v"'], [range, '{"key":"Zm9v",'],
  [range, '{"key":"Zm9v" "x"}'], [range, '{"key" "Zm9v"}'], [range, '{"key":"Zm9v",}'], [range, '{,}'], [range, '[1,]'],
  [range, '[1 2]'], [range, 'nul'], [range, 'nulL'], [range, 'tru'], [range, 'fals'], [range, 'falsy'], [range, '-'], [range, '-x'],
  [range, '01'], [range, '1.'], [range, '1.x'], [range, '1e'], [range, '1e+'], [range, '1ex'], [range, '{"key":"a\tb"}'],
  [range, '{"key":"\\q"}'], [range, '{"key":"\\u12"}'], [range, '{"key":"\\u12G4"}'], [range, "{'key':1}"], [range, '{"key":"Zm9v"}x'],
  [range, '  '], [range, 'null'], [range, '"x"'], [range, '5'], [range, 'true'], [range, '[]'], [range, '{"key":[102,111,111]}'],
  [range, '{"key":[256]}'], [range, '{"key":{}}'], [range, '{"key":true}'], [range, '{"key":"Zm9v=="}'], [range, '{"key":"Z"}'],
  [range, '{"key":"Zm=v"}'], [range, '{"key":"Zg=="}'], [range, '{"key":"Zg==Zg=="}'], [range, '{"key":"Zm9v\\nYmFy"}'],
  [range, '{"key":"é"}'], [range, '{"key":"Zm9v","limit":""}'], [range, '{"key":"Zm9v","limit":"1 2"}'], [range, '{"key":"Zm9v","limit":1e2}'],
  [range, '{"key":"Zm9v","limit":"-0"}'], [range, '{"key":"Zm9v","limit":99999999999999999999}'], [range, '{"key":"Zm9v","limit":{}}'],
  [range, '{"key":"Zm9v","limit":[]}'], [range, '{"key":"Zm9v","limit":"\\u0031"}'], [range, '{"key":"Zm9v","revision":-1}'],
  [range, '{"key":"Zm9v","keys_only":1}'], [range, '{"key":"Zm9v","keys_only":null}'], [range, '{"key":"Zm9v","sort_order":true}'],
  [range, '{"key":"Zm9v","sort_order":1.5}'], [range, '{"key":"Zm9v","sort_order":"1"}'], [range, '{"key":"Zm9v","sort_target":"value"}'],
  [range, '{"key":"Zm9v","range_end":"!","rangeEnd":"AA=="}'], [range, '{"key":"Zm9v","rangeEnd":"!","range_end":"AA=="}'],
  [range, '{"key":"!!","limit":"x"}'], [range, '{"limit":"x","key":"!!"}'],
  ['/v3/kv/txn', '{"compare":[{"key":"Zm9v","target":"VALUE","value":"!"}]}'], ['/v3/kv/txn', '{"success":{}}'], ['/v3/kv/txn', '{"success":[1]}'],
  ['/v3/kv/txn', '{"success":[{"request_put":[]}]}'], ['/v3/kv/txn', '{"compare":[null],"success":[null]}'],
  ['/v3/kv/put', '{"key":"Zm9v","value":"YmFy","lease":"abc"}'], ['/v3/kv/put', '{"key":"Zm9v","prev_kv":"true"}'],
  ['/v3/lease/grant', '{"TTL":"1.0"}'], ['/v3/lease/timetolive', '{"ID":"0x10"}'], ['/v3/kv/compaction', '{"revision":true}'],
  ['/v3/kv/range', '{"key":"Zm9v","max_create_revision":"9223372036854775808"}'],
  ['/v3/watch', '[]'], ['/v3/watch', '{"create_request":{"filters":["NOPE"]}}'], ['/v3/lease/keepalive', '"x"'],
  [range, '{"key":"\u2028<&>"}'],
];
const out = [];
for (const [path, body] of cases) {
  const r = spawnSync('curl', ['-s', '-m', '1', '-w', '\n%{http_code}', `http://127.0.0.1:${port}${path}`, '-X', 'POST', '-d', body], { encoding: 'utf8' });
  const nl = r.stdout.lastIndexOf('\n');
  out.push({ path, body, status: Number(r.stdout.slice(nl + 1)), stdout: r.stdout.slice(0, nl) });
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
