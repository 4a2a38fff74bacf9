/**
 * The backend quota and the alarm store (etcd's etcdserver/quota.go and v3alarm): a write that
 * would grow the backend past `--quota-backend-bytes` raises the NOSPACE alarm through raft;
 * while it is active, writes that may grow the database fail with
 * `etcdserver: mvcc: database space exceeded` (deletes, reads, compaction and defrag still work).
 *
 * Alarms persist in the backend's `alarm` bucket: key = member ID (8 bytes, big-endian) + type.
 */
import type { Backend } from '../backend';
import type { AlarmMember, AlarmType, TxnRequest } from '../protocol/rpc';
import type { InternalOp } from './request';

/** etcd's DefaultQuotaBytes: 2 GiB. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** etcd's fixed per-request overhead estimate in the quota check. */
const KV_OVERHEAD = 256;

const TYPE_CODES: Record<AlarmType, number> = { NONE: 0, NOSPACE: 1, CORRUPT: 2 };
const TYPES: AlarmType[] = ['NONE', 'NOSPACE', 'CORRUPT'];

function alarmKey(a: AlarmMember): Uint8Array {
  const k = new Uint8Array(9);
  new DataView(k.buffer).setBigUint64(0, a.memberID);
  k[8] = TYPE_CODES[a.alarm];
  return k;
}

/** The active alarms of the cluster, as applied on this member. */
export class AlarmStore {
  private alarms: AlarmMember[] = [];

  constructor(private readonly be: Backend) {
    this.recover();
  }

  /** Reloads the alarms from the backend (open, snapshot restore). */
  recover(): void {
    const out: AlarmMember[] = [];
    this.be.readTx().unsafeForEach('alarm', (k) => {
      out.push({ memberID: new DataView(k.buffer, k.byteOffset, 8).getBigUint64(0), alarm: TYPES[k[8]!] ?? 'NONE' });
    });
    this.alarms = out;
  }

  /** Every active alarm. */
  list(): AlarmMember[] {
    return this.alarms.map((a) => ({ ...a }));
  }

  /** Whether an alarm of this type is active for any member. */
  has(type: AlarmType): boolean {
    return this.alarms.some((a) => a.alarm === type);
  }

  /** Activates an alarm (idempotent); returns it. */
  unsafeActivate(a: AlarmMember): AlarmMember {
    if (!this.alarms.some((x) => x.memberID === a.memberID && x.alarm === a.alarm)) {
      this.alarms.push({ ...a });
      this.be.batchTx().unsafePut('alarm', alarmKey(a), new Uint8Array(0));
    }
    return a;
  }

  /** Deactivates an alarm; returns it, or undefined when it was not active. */
  unsafeDeactivate(a: AlarmMember): AlarmMember | undefined {
    const i = this.alarms.findIndex((x) => x.memberID === a.memberID && x.alarm === a.alarm);
    if (i < 0) return undefined;
    this.alarms.splice(i, 1);
    this.be.batchTx().unsafeDelete('alarm', alarmKey(a));
    return a;
  }
}

/** formatAlarm prints an alarm as Go's `%+v` does (`memberID:… alarm:NOSPACE `). */
export function formatAlarm(a: AlarmMember): string {
  return `memberID:${a.memberID.toString()} alarm:${a.alarm} `;
}

/** Whether an operation may grow the database (etcd's quota applies to put, txn, lease grant). */
export function needsQuota(op: InternalOp): boolean {
  switch (op.type) {
    case 'put':
    case 'leaseGrant':
      return true;
    case 'txn':
      return txnHasPut(op.req);
    default:
      return false;
  }
}

function txnHasPut(t: TxnRequest): boolean {
  return [...t.success, ...t.failure].some((u) => 'requestPut' in u || ('requestTxn' in u && txnHasPut(u.requestTxn)));
}

/** etcd's quota cost of a request: its size plus a fixed overhead per key. */
export function quotaCost(requestBytes: number): number {
  return requestBytes + KV_OVERHEAD;
}
