/**
 * Test support: a fake cluster shaped like the single-member etcd 3.4.23 the golden answers in
 * testdata/ were recorded on (same cluster ID, member ID, name and URLs, client URL rewritten to
 * 127.0.0.1:2379).
 */
import { FakeClusterClient } from '../testing/fake-client';

/** The recorded cluster ID. */
export const REAL_CLUSTER_ID = 12101053776118486841n;
/** The recorded member ID. */
export const REAL_MEMBER_ID = 15985099378392235387n;

/** A fresh fake with the recorded cluster's identity. */
export function realLikeCluster(): FakeClusterClient {
  return new FakeClusterClient({
    clusterId: REAL_CLUSTER_ID,
    members: [{ ID: REAL_MEMBER_ID, name: 'default', peerURLs: ['http://127.0.0.1:2380'], clientURLs: ['http://127.0.0.1:2379'], isLearner: false }],
  });
}
