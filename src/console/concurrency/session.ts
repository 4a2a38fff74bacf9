/**
 * A concurrency Session (clientv3/concurrency/session.go): a lease kept alive in the background.
 * `done` resolves when the keep-alive stops (the lease expired or was revoked, or the session
 * was closed); lock and election keys are attached to the session's lease.
 */
import type { ClusterClient } from '../client';
import type { CallOptions } from '../client-types';

/** An open session. */
export interface Session {
  readonly client: ClusterClient;
  /** The session lease. */
  readonly lease: bigint;
  /** Resolves when the keep-alive ends. */
  readonly done: Promise<void>;
  /** Stops the keep-alive without revoking the lease (it expires after its TTL). */
  orphan(): void;
  /** Stops the keep-alive and revokes the lease, deleting every key attached to it. */
  close(opts?: CallOptions): Promise<void>;
}

/** Default session TTL in seconds (concurrency.defaultSessionTTL). */
export const DEFAULT_SESSION_TTL = 60;

/** Grants a lease of `ttlSeconds` and starts keeping it alive (concurrency.NewSession). */
export async function newSession(client: ClusterClient, ttlSeconds: number, opts: CallOptions = {}): Promise<Session> {
  const grant = await client.leaseGrant({ TTL: ttlSeconds }, opts);
  const lease = grant.ID;
  const stream = client.leaseKeepAlive(lease, { ...opts, signal: undefined });
  const done = (async () => {
    try {
      for await (const _ of stream) {
        /* each renewal keeps the session alive */
      }
    } catch {
      /* a failed keep-alive ends the session */
    }
  })();
  return {
    client,
    lease,
    done,
    orphan: () => stream.cancel(),
    close: async (closeOpts?: CallOptions) => {
      stream.cancel();
      await client.leaseRevoke(lease, closeOpts ?? {});
    },
  };
}
