import { describe, expect, it } from 'vitest';
import type { Member, MemberListResponse, ResponseHeader, StatusResponse } from '../../protocol/rpc';
import { goDuration, goQuote, hexSpace16, humanizeBytes, bytesOf } from '../format';
import { OutputBuffer } from '../io';
import { FieldsPrinter } from './fields';
import { newPrinter } from './index';
import { JSONPrinter } from './json';
import type { EndpointStatus } from './printer';
import { SimplePrinter } from './simple';
import { renderTable, TablePrinter, wrapCell } from './table';

const H: ResponseHeader = { clusterId: 14443903163313418560n, memberId: 11417610130673999598n, revision: 95, raftTerm: 2 };
const ref1: Member = { ID: 11417610130673999598n, name: 'ref1', peerURLs: ['http://127.0.0.1:22380'], clientURLs: ['http://127.0.0.1:22379'], isLearner: false };
const learner: Member = { ID: 0x80ea9b41447917a7n, name: '', peerURLs: ['http://127.0.0.1:22390'], clientURLs: [], isLearner: true };
const members: MemberListResponse = { header: { ...H, revision: 0 }, members: [learner, ref1] };
const status: StatusResponse = {
  header: H,
  version: '3.4.23',
  dbSize: 24576,
  leader: 11417610130673999598n,
  raftIndex: 148,
  raftTerm: 2,
  raftAppliedIndex: 148,
  errors: [],
  dbSizeInUse: 16384,
  isLearner: false,
};
const print = (fn: (o: OutputBuffer) => void): string => {
  const o = new OutputBuffer();
  fn(o);
  return o.stdout + (o.stderr ? '[stderr]' + o.stderr : '');
};

describe('format helpers', () => {
  it('humanizes sizes like go-humanize Bytes', () => {
    expect(humanizeBytes(5)).toBe('5 B');
    expect(humanizeBytes(20480)).toBe('20 kB');
    expect(humanizeBytes(24576)).toBe('25 kB');
    expect(humanizeBytes(102400)).toBe('102 kB');
    expect(humanizeBytes(1500000)).toBe('1.5 MB');
  });
  it('prints durations like Go time.Duration', () => {
    expect(goDuration(0.951867)).toBe('951.867µs');
    expect(goDuration(1.367406)).toBe('1.367406ms');
    expect(goDuration(5001.078928)).toBe('5.001078928s');
    expect(goDuration(90000)).toBe('1m30s');
  });
  it('quotes like Go %q', () => {
    expect(goQuote(bytesOf('foo'))).toBe('"foo"');
    expect(goQuote(bytesOf('a"b\\c\n\t'))).toBe('"a\\"b\\\\c\\n\\t"');
    expect(goQuote(new Uint8Array([0x76, 0x01, 0xff]))).toBe('"v\\x01\\xff"');
    expect(goQuote(bytesOf('héllo'))).toBe('"héllo"');
  });
  it('pads member IDs with spaces for %16x', () => {
    expect(hexSpace16(0x1234n)).toBe('            1234');
  });
});

describe('table printer', () => {
  it('renders member list exactly as etcdctl (transcript 16)', () => {
    expect(print((o) => new TablePrinter(o).memberList(members))).toBe(
      [
        '+------------------+-----------+------+------------------------+------------------------+------------+',
        '|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
        '+------------------+-----------+------+------------------------+------------------------+------------+',
        '| 80ea9b41447917a7 | unstarted |      | http://127.0.0.1:22390 |                        |       true |',
        '| 9e737febb6b99eee |   started | ref1 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |',
        '+------------------+-----------+------+------------------------+------------------------+------------+',
        '',
      ].join('\n'),
    );
  });
  it('renders endpoint status --cluster (transcript 15)', () => {
    const ss: EndpointStatus[] = [{ ep: 'http://127.0.0.1:22379', resp: status }];
    expect(print((o) => new TablePrinter(o).endpointStatus(ss))).toBe(
      [
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '|        ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '| http://127.0.0.1:22379 | 9e737febb6b99eee |  3.4.23 |   25 kB |      true |      false |         2 |        148 |                148 |        |',
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '',
      ].join('\n'),
    );
  });
  it('renders health with a failing endpoint and snapshot status (transcripts 18, 15)', () => {
    const hs = [
      { ep: '127.0.0.1:22379', health: true, tookMs: 2.229907, error: '' },
      { ep: '127.0.0.1:1', health: false, tookMs: 5001.078928, error: 'context deadline exceeded' },
    ];
    expect(print((o) => new TablePrinter(o).endpointHealth(hs))).toBe(
      [
        '+-----------------+--------+--------------+---------------------------+',
        '|    ENDPOINT     | HEALTH |     TOOK     |           ERROR           |',
        '+-----------------+--------+--------------+---------------------------+',
        '| 127.0.0.1:22379 |   true |   2.229907ms |                           |',
        '|     127.0.0.1:1 |  false | 5.001078928s | context deadline exceeded |',
        '+-----------------+--------+--------------+---------------------------+',
        '',
      ].join('\n'),
    );
    expect(print((o) => new TablePrinter(o).dbStatus({ hash: 0xcc99c0f7, revision: 95, totalKey: 64, totalSize: 24576 }))).toBe(
      [
        '+----------+----------+------------+------------+',
        '|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |',
        '+----------+----------+------------+------------+',
        '| cc99c0f7 |       95 |         64 |      25 kB |',
        '+----------+----------+------------+------------+',
        '',
      ].join('\n'),
    );
  });
  it('wraps cells longer than 30 characters at spaces', () => {
    expect(wrapCell('memberID:9833083175480742342 alarm:NOSPACE ')).toEqual({ lines: ['memberID:9833083175480742342', 'alarm:NOSPACE '], width: 30 });
    expect(renderTable({ header: ['A'], rows: [['x y']] })).toBe('+-----+\n|  A  |\n+-----+\n| x y |\n+-----+\n');
  });
  it('wraps an alarm in the ERRORS column exactly as etcdctl (transcript 26)', () => {
    const st: StatusResponse = {
      ...status,
      header: { ...H, memberId: 0x8876210cd96651c6n },
      leader: 0x8876210cd96651c6n,
      dbSize: 123000,
      raftIndex: 24,
      raftAppliedIndex: 24,
      errors: ['memberID:9833083175480742342 alarm:NOSPACE '],
    };
    expect(print((o) => new TablePrinter(o).endpointStatus([{ ep: '127.0.0.1:26379', resp: st }]))).toBe(
      [
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
        '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |',
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
        '| 127.0.0.1:26379 | 8876210cd96651c6 |  3.4.23 |  123 kB |      true |      false |         2 |         24 |                 24 |   memberID:9833083175480742342 |',
        '|                 |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |',
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
        '',
      ].join('\n'),
    );
  });
  it('refuses KV responses', () => {
    expect(() => new TablePrinter(new OutputBuffer()).put({ header: H })).toThrow('table not supported as output format');
  });
});

describe('simple printer', () => {
  it('prints member list, endpoint status rows and the trailing errors column', () => {
    expect(print((o) => new SimplePrinter(o, false).memberList(members))).toBe(
      '80ea9b41447917a7, unstarted, , http://127.0.0.1:22390, , true\n9e737febb6b99eee, started, ref1, http://127.0.0.1:22380, http://127.0.0.1:22379, false\n',
    );
    expect(print((o) => new SimplePrinter(o, false).endpointStatus([{ ep: '127.0.0.1:22379', resp: status }]))).toBe(
      '127.0.0.1:22379, 9e737febb6b99eee, 3.4.23, 25 kB, true, false, 2, 148, 148, \n',
    );
  });
  it('prints health on stderr (3.4) and hashkv, snapshot, alarms, member messages', () => {
    expect(print((o) => new SimplePrinter(o, false).endpointHealth([{ ep: '127.0.0.1:22379', health: true, tookMs: 0.951867, error: '' }]))).toBe(
      '[stderr]127.0.0.1:22379 is healthy: successfully committed proposal: took = 951.867µs\n',
    );
    expect(print((o) => new SimplePrinter(o, false).endpointHashKV([{ ep: '127.0.0.1:22379', resp: { header: H, hash: 2873674027, compactRevision: 62 } }]))).toBe(
      '127.0.0.1:22379, 2873674027\n',
    );
    expect(print((o) => new SimplePrinter(o, false).dbStatus({ hash: 3432628471, revision: 95, totalKey: 64, totalSize: 24576 }))).toBe('cc99c0f7, 95, 64, 25 kB\n');
    expect(print((o) => new SimplePrinter(o, false).alarm({ header: H, alarms: [{ memberID: 9833083175480742342n, alarm: 'NOSPACE' }] }))).toBe(
      'memberID:9833083175480742342 alarm:NOSPACE \n',
    );
    expect(print((o) => new SimplePrinter(o, false).memberRemove(0x80ea9b41447917a7n, { header: { ...H, clusterId: 0xc8730d66636ff140n }, members: [] }))).toBe(
      'Member 80ea9b41447917a7 removed from cluster c8730d66636ff140\n',
    );
    expect(print((o) => new SimplePrinter(o, false).moveLeader(0x8d4fb63368759b44n, 0xf7d71a44483b95c5n, { header: H }))).toBe(
      'Leadership transferred from 8d4fb63368759b44 to f7d71a44483b95c5\n',
    );
  });
});

describe('json printer', () => {
  it('member list omits revision, name of unstarted members and false isLearner (transcript 16)', () => {
    expect(print((o) => new JSONPrinter(o).memberList(members))).toBe(
      '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"members":[{"ID":9289407886029035431,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true},{"ID":11417610130673999598,"name":"ref1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]}]}\n',
    );
  });
  it('endpoint status, hashkv, health (transcripts 09, 15)', () => {
    expect(print((o) => new JSONPrinter(o).endpointStatus([{ ep: '127.0.0.1:22379', resp: { ...status, header: { ...H, revision: 62 }, raftIndex: 81, raftAppliedIndex: 81 } }]))).toBe(
      '[{"Endpoint":"127.0.0.1:22379","Status":{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":62,"raft_term":2},"version":"3.4.23","dbSize":24576,"leader":11417610130673999598,"raftIndex":81,"raftTerm":2,"raftAppliedIndex":81,"dbSizeInUse":16384}}]\n',
    );
    expect(print((o) => new JSONPrinter(o).endpointHashKV([{ ep: '127.0.0.1:22379', resp: { header: H, hash: 2873674027, compactRevision: 62 } }]))).toBe(
      '[{"Endpoint":"127.0.0.1:22379","HashKV":{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":95,"raft_term":2},"hash":2873674027,"compact_revision":62}}]\n',
    );
    expect(print((o) => new JSONPrinter(o).endpointHealth([{ ep: '127.0.0.1:22379', health: true, tookMs: 0.870399, error: '' }]))).toBe(
      '[{"endpoint":"127.0.0.1:22379","health":true,"took":"870.399µs"}]\n',
    );
  });
  it('alarms without header, snapshot status, lease grant with a flattened header', () => {
    expect(print((o) => new JSONPrinter(o).alarm({ header: H, alarms: [] }))).toBe('{}\n');
    expect(print((o) => new JSONPrinter(o).alarm({ header: H, alarms: [{ memberID: 9833083175480742342n, alarm: 'NOSPACE' }] }))).toBe(
      '{"alarms":[{"memberID":9833083175480742342,"alarm":1}]}\n',
    );
    expect(print((o) => new JSONPrinter(o).dbStatus({ hash: 3432628471, revision: 95, totalKey: 64, totalSize: 24576 }))).toBe(
      '{"hash":3432628471,"revision":95,"totalKey":64,"totalSize":24576}\n',
    );
    expect(print((o) => new JSONPrinter(o).grant({ header: { ...H, revision: 62 }, ID: 2228897039440825489n, TTL: 100, error: '' }))).toBe(
      '{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":62,"raft_term":2,"ID":2228897039440825489,"TTL":100,"Error":""}\n',
    );
    expect(print((o) => new JSONPrinter(o).leases({ header: H, leases: [] }))).toContain('"leases":[]');
  });
  it('watch responses keep Go field names and a DELETE event type of 1 (transcript 04)', () => {
    const kv = { key: bytesOf('w1'), createRevision: 0, modRevision: 41, version: 0, value: new Uint8Array(), lease: 0n };
    expect(
      print((o) =>
        new JSONPrinter(o).watch({ header: { ...H, revision: 41 }, watchId: 0, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [{ type: 'DELETE', kv }] }),
      ),
    ).toBe(
      '{"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":41,"raft_term":2},"Events":[{"type":1,"kv":{"key":"dzE=","mod_revision":41}}],"CompactRevision":0,"Canceled":false,"Created":false}\n',
    );
  });
});

describe('fields printer', () => {
  it('member list, endpoint status and health blocks end with an empty line (transcript 15)', () => {
    expect(print((o) => new FieldsPrinter(o).memberList({ header: { ...H, revision: 0 }, members: [ref1] }))).toBe(
      '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 0\n"RaftTerm" : 2\n"ID" : 11417610130673999598\n"Name" : "ref1"\n"PeerURL" : "http://127.0.0.1:22380"\n"ClientURL" : "http://127.0.0.1:22379"\n"IsLearner" : false\n\n',
    );
    expect(print((o) => new FieldsPrinter(o).endpointStatus([{ ep: '127.0.0.1:22379', resp: status }]))).toBe(
      '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 95\n"RaftTerm" : 2\n"Version" : "3.4.23"\n"DBSize" : 24576\n"Leader" : 11417610130673999598\n"IsLearner" : false\n"RaftIndex" : 148\n"RaftTerm" : 2\n"RaftAppliedIndex" : 148\n"Errors" : []\n"Endpoint" : "127.0.0.1:22379"\n\n',
    );
    expect(print((o) => new FieldsPrinter(o).endpointHealth([{ ep: '127.0.0.1:22379', health: true, tookMs: 0.784049, error: '' }]))).toBe(
      '"Endpoint" : "127.0.0.1:22379"\n"Health" : true\n"Took" : 784.049µs\n"Error" : \n\n',
    );
    expect(print((o) => new FieldsPrinter(o).dbStatus({ hash: 3432628471, revision: 95, totalKey: 64, totalSize: 24576 }))).toBe(
      '"Hash" : 3432628471\n"Revision" : 95\n"Keys" : 64\n"Size" : 24576\n',
    );
  });
  it('refuses member add and alarms', () => {
    const f = new FieldsPrinter(new OutputBuffer());
    expect(() => f.memberAdd({ header: H, member: learner, members: [] })).toThrow('fields not supported as output format');
    expect(() => f.alarm({ header: H, alarms: [] })).toThrow('fields not supported as output format');
  });
});

describe('newPrinter', () => {
  it('knows the five etcdctl formats and rejects others with exit 4', () => {
    for (const f of ['simple', 'json', 'fields', 'table', 'protobuf']) expect(newPrinter(f, new OutputBuffer(), false)).toBeDefined();
    expect(() => newPrinter('xml', new OutputBuffer(), false)).toThrow('unsupported output format');
    expect(() => newPrinter('protobuf', new OutputBuffer(), false).get({ header: H, kvs: [], more: false, count: 0 })).toThrow('protobuf not supported as output format');
  });
});
