/**
 * Argument handling shared by `put`, `get`, `del` and the op lines of `txn` (etcdctl's
 * getPutOp/getGetOp/getDelOp): turns args and flags into requests or an ExitError.
 */
import type { DeleteRangeRequest, PutRequest, RangeRequest, SortOrder, SortTarget } from '../../protocol/rpc';
import { ExitCode, ExitError } from '../errors';
import type { FlagValues } from '../flags';
import { FlagParseError, parseGoInt } from '../flags';
import { bytesOf } from '../format';

const FROM_KEY = new Uint8Array([0]);

/** The end of the range of keys that start with `prefix` (clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.slice(0, i + 1);
    }
  }
  return FROM_KEY;
}

const RANGE_ARGS_ERR = 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set';
const PREFIX_FROM_KEY_ERR = '`--prefix` and `--from-key` cannot be set at the same time, choose one';

/** Parses a hex lease ID like etcdctl (strconv.ParseInt(s, 16, 64)); `what` names the message form. */
export function parseLeaseHex(s: string, what: 'put' | 'arg'): bigint {
  try {
    return parseGoInt(s, 16);
  } catch (e) {
    const msg = (e as FlagParseError).message;
    throw new ExitError(ExitCode.BadArgs, what === 'put' ? `bad lease ID (${msg}), expecting ID in Hex` : `bad lease ID arg (${msg}), expecting ID in Hex`);
  }
}

/** getPutOp: key, value (or stdin), lease and flags. `stdin` is read only when the value is missing. */
export async function putRequest(args: string[], f: FlagValues, stdin: () => Promise<string>): Promise<PutRequest> {
  const needs = 'put command needs 1 argument and input from stdin or 2 arguments';
  if (args.length === 0) throw new ExitError(ExitCode.BadArgs, needs);
  const ignoreValue = f.bool('ignore-value');
  if (ignoreValue && args.length > 1) throw new ExitError(ExitCode.BadArgs, "put command needs only 1 argument when 'ignore-value' is set");
  let value = '';
  if (!ignoreValue) {
    if (args.length > 1) value = args[1]!;
    else {
      value = await stdin();
      if (value === '') throw new ExitError(ExitCode.BadArgs, needs);
    }
  }
  const lease = parseLeaseHex(f.string('lease'), 'put');
  const req: PutRequest = { key: bytesOf(args[0]!), value: bytesOf(value) };
  if (lease !== 0n) req.lease = lease;
  if (f.bool('prev-kv')) req.prevKv = true;
  if (ignoreValue) req.ignoreValue = true;
  if (f.bool('ignore-lease')) req.ignoreLease = true;
  return req;
}

function sortOrderOf(s: string): SortOrder {
  switch (s.toUpperCase()) {
    case 'ASCEND':
      return 'ASCEND';
    case 'DESCEND':
      return 'DESCEND';
    case '':
      return 'NONE';
    default:
      throw new ExitError(ExitCode.BadFeature, `bad sort order ${s}`);
  }
}

function sortTargetOf(s: string): SortTarget {
  const t = s.toUpperCase();
  if (t === '' || t === 'KEY') return 'KEY';
  if (t === 'CREATE' || t === 'VERSION' || t === 'VALUE') return t;
  if (t === 'MODIFY') return 'MOD';
  throw new ExitError(ExitCode.BadFeature, `bad sort target ${s}`);
}

/** getGetOp: the Range request for `get` (and txn `get` lines). */
export function getRequest(args: string[], f: FlagValues): RangeRequest {
  if (args.length === 0) throw new ExitError(ExitCode.BadArgs, 'get command needs one argument as key and an optional argument as range_end');
  const prefix = f.bool('prefix');
  const fromKey = f.bool('from-key');
  if (prefix && fromKey) throw new ExitError(ExitCode.BadArgs, PREFIX_FROM_KEY_ERR);
  const consistency = f.string('consistency');
  if (consistency !== 'l' && consistency !== 's') throw new ExitError(ExitCode.BadFeature, `unknown consistency flag ${JSON.stringify(consistency)}`);
  let key = bytesOf(args[0]!);
  const req: RangeRequest = { key };
  if (args.length > 1) {
    if (prefix || fromKey) throw new ExitError(ExitCode.BadArgs, RANGE_ARGS_ERR);
    req.rangeEnd = bytesOf(args[1]!);
  }
  if (f.int('limit') !== 0) req.limit = f.int('limit');
  if (f.int('rev') > 0) req.revision = f.int('rev');
  let order = sortOrderOf(f.string('order'));
  const target = sortTargetOf(f.string('sort-by'));
  if (target === 'KEY' && order === 'ASCEND') order = 'NONE';
  req.sortOrder = order;
  req.sortTarget = target;
  if (prefix) {
    if (key.length === 0) {
      key = FROM_KEY;
      req.rangeEnd = FROM_KEY;
    } else req.rangeEnd = prefixEnd(key);
  }
  if (fromKey) {
    if (key.length === 0) key = FROM_KEY;
    req.rangeEnd = FROM_KEY;
  }
  req.key = key;
  if (consistency === 's') req.serializable = true;
  if (f.bool('keys-only')) req.keysOnly = true;
  return req;
}

/** getDelOp: the DeleteRange request for `del` (and txn `del` lines). */
export function delRequest(args: string[], f: FlagValues): DeleteRangeRequest {
  if (args.length === 0 || args.length > 2) throw new ExitError(ExitCode.BadArgs, 'del command needs one argument as key and an optional argument as range_end');
  const prefix = f.bool('prefix');
  const fromKey = f.bool('from-key');
  if (prefix && fromKey) throw new ExitError(ExitCode.BadArgs, PREFIX_FROM_KEY_ERR);
  let key = bytesOf(args[0]!);
  const req: DeleteRangeRequest = { key };
  if (args.length > 1) {
    if (prefix || fromKey) throw new ExitError(ExitCode.BadArgs, RANGE_ARGS_ERR);
    req.rangeEnd = bytesOf(args[1]!);
  }
  if (prefix) {
    if (key.length === 0) {
      key = FROM_KEY;
      req.rangeEnd = FROM_KEY;
    } else req.rangeEnd = prefixEnd(key);
  }
  if (f.bool('prev-kv')) req.prevKv = true;
  if (fromKey) {
    if (key.length === 0) key = FROM_KEY;
    req.rangeEnd = FROM_KEY;
  }
  req.key = key;
  return req;
}
