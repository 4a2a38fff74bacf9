/**
 * Test helper: a fresh fake cluster and a `run(line)` that runs a shell line through the console
 * on the fake's virtual clock, with `--endpoints` defaulting to the fake's member.
 */
import type { StdinSource, StreamName } from '../io';
import type { EtcdctlResult } from '../runner';
import { runShellLine } from '../shell';
import type { FakeClusterOptions } from './fake-client';
import { FakeClusterClient, FRESH_MEMBER } from './fake-client';
import type { Member } from '../../protocol/rpc';

/** Options for one test run. */
export interface TestRunOptions {
  stdin?: StdinSource;
  signal?: AbortSignal;
  onOutput?: (stream: StreamName, text: string) => void;
}

/** A console wired to a fake cluster. */
export interface TestConsole {
  client: FakeClusterClient;
  files: Map<string, Uint8Array>;
  run(line: string, opts?: TestRunOptions): Promise<EtcdctlResult>;
}

/** The member of the test console: etcdctl's default endpoint, 127.0.0.1:2379. */
export const DEFAULT_MEMBER: Member = { ...FRESH_MEMBER, name: 'default', peerURLs: ['http://127.0.0.1:2380'], clientURLs: ['http://127.0.0.1:2379'] };

/** Creates a console on a fresh fake cluster (one member at etcdctl's default endpoint). */
export function newTestConsole(opts: FakeClusterOptions = {}): TestConsole {
  const client = new FakeClusterClient({ members: [{ ...DEFAULT_MEMBER }], ...opts });
  const files = new Map<string, Uint8Array>();
  return {
    client,
    files,
    run: (line, o = {}) => runShellLine(line, { client, host: { now: client.clock.now, sleep: client.clock.sleep, files }, ...o }),
  };
}

/** Resolves once `pred(text so far)` holds for output collected by the returned listener. */
export function outputWatcher(): { onOutput: (s: StreamName, t: string) => void; text: () => string; until: (pred: (t: string) => boolean) => Promise<void> } {
  let text = '';
  const waiters: { pred: (t: string) => boolean; resolve: () => void }[] = [];
  return {
    onOutput: (_s, t) => {
      text += t;
      for (const w of [...waiters]) {
        if (w.pred(text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    text: () => text,
    until: (pred) => (pred(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }))),
  };
}
