import { describe, expect, it } from 'vitest';
import { FakeClusterClient } from '../../console/testing/fake-client';
import { DEFAULT_MEMBER } from '../../console/testing/console';
import { createConsoleStore, type ConsoleStore } from '../../store/console-store';
import { ConsoleController, pastedLines, setsEndpoints } from './console-controller';

const SECOND = { ...DEFAULT_MEMBER, ID: 2n, name: 'infra2', peerURLs: ['http://127.0.0.1:22380'], clientURLs: ['http://127.0.0.1:22379'] };

function setup() {
  const client = new FakeClusterClient({ members: [{ ...DEFAULT_MEMBER }, SECOND] });
  const store = createConsoleStore();
  const controller = new ConsoleController({ store, client: () => Promise.resolve(client) });
  return { client, store, controller };
}

const lines = (store: ConsoleStore, tab = 1) => store.getState().tabs.find((t) => t.id === tab)!.lines.map((l) => [l.kind, l.text]);

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
}

describe('ConsoleController', () => {
  it('runs commands, shows stdout and stderr, and refreshes the known keys', async () => {
    const { store, controller } = setup();
    await controller.submit(1, 'put name dazuo');
    await controller.submit(1, 'get name');
    await controller.submit(1, 'get');
    expect(lines(store)).toEqual([
      ['input', 'put name dazuo'],
      ['stdout', 'OK'],
      ['input', 'get name'],
      ['stdout', 'name'],
      ['stdout', 'dazuo'],
      ['input', 'get'],
      ['stderr', 'Error: get command needs one argument as key and an optional argument as range_end'],
    ]);
    expect(store.getState().tabs[0]!.lastExit).toBe(128);
    await controller.refreshKeys();
    expect([...store.getState().knownKeys]).toEqual(['name']);
  });

  it('sends commands to the selected endpoint unless the line names its own', async () => {
    const { store, controller } = setup();
    controller.endpoint = '127.0.0.1:22379';
    await controller.submit(1, 'endpoint status');
    expect(lines(store).at(-1)![1]).toMatch(/^127\.0\.0\.1:22379, /);
    await controller.submit(1, 'endpoint status --endpoints=127.0.0.1:2379');
    expect(lines(store).at(-1)![1]).toMatch(/^127\.0\.0\.1:2379, /);
    expect(setsEndpoints('get a --endpoints 127.0.0.1:2379')).toBe(true);
    expect(setsEndpoints('ETCDCTL_ENDPOINTS=x etcdctl get a')).toBe(true);
    expect(setsEndpoints('get --endpointsx')).toBe(false);
  });

  it('streams a watch in one tab while another tab writes, and Ctrl-C stops it', async () => {
    const { store, controller } = setup();
    const watching = controller.submit(1, 'watch foo');
    await until(() => store.getState().tabs[0]!.running !== null);
    expect(controller.busy(1)).toBe(true);
    store.getState().addTab();
    await controller.submit(2, 'put foo bar');
    await until(() => lines(store).some(([, t]) => t === 'bar'));
    expect(lines(store).slice(1)).toEqual([
      ['stdout', 'PUT'],
      ['stdout', 'foo'],
      ['stdout', 'bar'],
    ]);
    expect(controller.interrupt(1)).toBe(true);
    await watching;
    expect(store.getState().tabs[0]).toMatchObject({ running: null, lastExit: 130 });
    expect(controller.interrupt(1)).toBe(false);
  });

  it('feeds typed lines to a running command and ends its stdin on Ctrl-D', async () => {
    const { store, controller } = setup();
    const putting = controller.submit(1, 'put k');
    await until(() => controller.busy(1));
    await controller.submit(1, 'typed value');
    controller.endInput(1);
    await putting;
    await controller.submit(1, 'get k --print-value-only');
    expect(lines(store)).toContainEqual(['stdin', 'typed value']);
    expect(lines(store).at(-2)).toEqual(['stdout', 'typed value']);
  });

  it('runs a pasted block line by line; unread typeahead runs next, Ctrl-C discards it', async () => {
    const { store, controller } = setup();
    controller.paste(1, 'put a 1\r\nget \\\n  a\n');
    await until(() => lines(store).length === 5 && !controller.busy(1));
    expect(lines(store)).toEqual([
      ['input', 'put a 1'],
      ['stdout', 'OK'],
      ['input', 'get   a'],
      ['stdout', 'a'],
      ['stdout', '1'],
    ]);
    const w = controller.submit(1, 'watch a');
    await until(() => controller.busy(1));
    await controller.submit(1, 'put a 2');
    controller.interrupt(1);
    await w;
    await until(() => !controller.busy(1));
    expect(lines(store).slice(-3)).toEqual([
      ['input', 'watch a'],
      ['stdin', '^C'],
      ['stdin', 'put a 2'],
    ]);
    await controller.submit(1, 'get a --print-value-only');
    expect(lines(store).at(-1)).toEqual(['stdout', '1']);
    expect(pastedLines('a \\\nb\n\nc')).toEqual(['a b', '', 'c']);
  });

  it('has its own clear, help and history, and echoes an interrupted line', async () => {
    const { store, controller } = setup();
    await controller.submit(1, 'put a 1');
    await controller.submit(1, 'history');
    expect(lines(store).slice(-2)).toEqual([
      ['stdout', '    1  put a 1'],
      ['stdout', '    2  history'],
    ]);
    await controller.submit(1, 'help');
    expect(lines(store).some(([k, t]) => k === 'note' && t.includes('etcdctl 3.4'))).toBe(true);
    await controller.submit(1, 'clear');
    expect(lines(store)).toEqual([]);
    controller.echoInterrupted(1, 'get half');
    expect(lines(store)).toEqual([['input', 'get half^C']]);
    expect(store.getState().tabs[0]!.history).toEqual(['put a 1', 'history', 'help', 'clear']);
  });

  it('keeps shell variables per tab, and closing a tab stops its job', async () => {
    const { store, controller } = setup();
    await controller.submit(1, 'K=one');
    store.getState().addTab();
    await controller.submit(2, 'put x $K');
    await controller.submit(1, 'put y $K');
    await controller.submit(1, 'get x --print-value-only && get y --print-value-only');
    expect(lines(store).slice(-2)).toEqual([
      ['stdout', ''],
      ['stdout', 'one'],
    ]);
    const w = controller.submit(2, 'watch x');
    await until(() => controller.busy(2));
    controller.closeTab(2);
    await w;
    expect(store.getState().tabs.map((t) => t.id)).toEqual([1]);
  });

  it('reports a missing cluster as an error line', async () => {
    const store = createConsoleStore();
    const controller = new ConsoleController({ store, client: () => Promise.reject(new Error('no cluster here')) });
    await controller.submit(1, 'get a');
    expect(lines(store).at(-1)).toEqual(['stderr', 'Error: no cluster here']);
  });
});
