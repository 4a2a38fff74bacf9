/**
 * Publisher: what a member announces through raft once a leader is known (etcd's
 * EtcdServer.publish and monitorVersions):
 * - every member, at every start: its name and client URLs (a member added by `member add` is
 *   listed `unstarted`, with an empty name, until it does this);
 * - the leader, once every member has published: the cluster version.
 * With these, a fresh 3-member cluster shows raft index 8 (3 conf changes, the leader's empty
 * entry, 3 publishes, the cluster version), as etcd does.
 */
import { CLUSTER_VERSION, CLUSTER_VERSION_KEY } from './membership';
import type { EtcdServer } from './server';

/** Publishes member attributes and the cluster version. */
export class Publisher {
  /** Set once this member's attributes were applied. */
  published = false;
  private publishing = false;
  private settingVersion = false;

  constructor(private readonly s: EtcdServer) {}

  /** Per tick: publish if due. */
  onTick(): void {
    this.maybePublish();
    this.maybeSetClusterVersion();
  }

  private maybePublish(): void {
    const s = this.s;
    if (this.published || this.publishing || s.lead === 0 || s.removed) return;
    this.publishing = true;
    const req = { memberID: s.memberId, name: s.cfg.name, clientURLs: s.cfg.clientURLs };
    s.propose({ type: 'memberAttrSet', req }).then(
      () => {
        this.published = true;
        this.publishing = false;
      },
      () => {
        this.publishing = false;
      },
    );
  }

  private maybeSetClusterVersion(): void {
    const s = this.s;
    if (s.raftState !== 'StateLeader' || this.settingVersion || !s.lessor.isPrimary()) return;
    if (s.be.readTx().unsafeRange('cluster', CLUSTER_VERSION_KEY, undefined, 0).keys.length > 0) return;
    if (s.cluster.list().some((m) => m.name === '')) return;
    this.settingVersion = true;
    const done = (): void => {
      this.settingVersion = false;
    };
    s.propose({ type: 'clusterVersionSet', req: { ver: CLUSTER_VERSION } }).then(done, done);
  }
}
