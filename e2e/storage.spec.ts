import { expect, test, type Page } from '@playwright/test';

/**
 * Bad input and limits (issue 5): etcd's backend quota and NOSPACE alarm, the browser's own
 * storage running out, and a corrupt WAL or page record. Driven through `window.etcdscope`, the
 * URL flags and the member menu only.
 */

interface Member {
  name: string;
  id: string;
  state: string;
  leader: string;
  revision: number;
  applied: number;
  commit: number;
  error?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;
type Out = { stdout: string; stderr: string; exitCode: number };

const ENDPOINT: Record<string, string> = { infra1: '127.0.0.1:2379', infra2: '127.0.0.1:22379', infra3: '127.0.0.1:32379' };
const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as unknown as { etcdscope: Api }).etcdscope[m as string](...(a as unknown[])), [method, args] as const);
const status = (page: Page): Promise<Member[]> => page.evaluate(() => (window as unknown as { etcdscope: Api }).etcdscope.status());
const etcdctl = (page: Page, line: string, opts: { endpoint?: string; timeoutMs?: number } = {}): Promise<Out> =>
  page.evaluate(([l, o]) => (window as unknown as { etcdscope: Api }).etcdscope.etcdctl(l, o) as Promise<Out>, [line, opts] as const);

async function leaderOf(page: Page, timeoutMs = 20_000): Promise<Member> {
  let found: Member | undefined;
  await expect
    .poll(async () => {
      found = (await status(page)).find((m) => m.state === 'leader');
      return found?.name ?? '';
    }, { timeout: timeoutMs, intervals: [50] })
    .not.toBe('');
  return found!;
}

/** The last line etcdctl wrote to stderr (3.4 logs a JSON "retrying" warning before it). */
const lastErrLine = (o: Out): string => o.stderr.trimEnd().split('\n').at(-1) ?? '';

let errors: string[] = [];
test.beforeEach(({ page }) => {
  errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
});
test.afterEach(() => expect(errors).toEqual([]));

test('--quota-backend-bytes: NOSPACE refuses writes, reads go on, compact + defrag + disarm recover', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?quota-backend-bytes=131072');
  await leaderOf(page);
  const big = 'b'.repeat(4096);
  let failed: Out | undefined;
  let puts = 0;
  for (; puts < 200 && !failed; puts++) {
    const out = await etcdctl(page, `put key ${big}`);
    if (out.exitCode !== 0) failed = out;
    else expect(out.stdout).toBe('OK\n');
  }
  expect(failed, 'the quota was never reached').toBeDefined();
  expect(puts).toBeGreaterThan(3);
  expect(failed!.exitCode).toBe(1);
  expect(failed!.stdout).toBe('');
  expect(lastErrLine(failed!)).toBe('Error: etcdserver: mvcc: database space exceeded');

  // Reads keep working; every further write fails the same way.
  expect(await etcdctl(page, 'get key --print-value-only')).toEqual({ stdout: `${big}\n`, stderr: '', exitCode: 0 });
  expect(lastErrLine(await etcdctl(page, 'put small x', { endpoint: ENDPOINT.infra3 }))).toBe('Error: etcdserver: mvcc: database space exceeded');

  // The alarm is etcd's line for the member that served the put (infra1, the default endpoint).
  const infra1 = BigInt('0x' + (await status(page)).find((m) => m.name === 'infra1')!.id).toString();
  const alarmLine = `memberID:${infra1} alarm:NOSPACE \n`;
  expect(await etcdctl(page, 'alarm list')).toEqual({ stdout: alarmLine, stderr: '', exitCode: 0 });
  expect((await etcdctl(page, 'endpoint status')).stdout).toMatch(new RegExp(`, memberID:${infra1} alarm:NOSPACE \\n$`));

  // A reload keeps the quota (it lives in the persisted layout) and the alarm (in the backend).
  await page.goto('/');
  await leaderOf(page);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('etcdscope-layout') ?? '{}').quotaBackendBytes)).toBe(131072);
  await expect.poll(async () => (await etcdctl(page, 'alarm list')).stdout, { timeout: 10_000 }).toBe(alarmLine);

  // etcd's maintenance guide: compact away the old revisions, defragment, disarm.
  const rev = JSON.parse((await etcdctl(page, 'endpoint status -w json')).stdout)[0].Status.header.revision as number;
  expect(await etcdctl(page, `compaction --physical ${rev}`)).toEqual({ stdout: `compacted revision ${rev}\n`, stderr: '', exitCode: 0 });
  expect(await etcdctl(page, 'defrag')).toEqual({ stdout: 'Finished defragmenting etcd member[127.0.0.1:2379]\n', stderr: '', exitCode: 0 });
  expect(await etcdctl(page, 'alarm disarm')).toEqual({ stdout: alarmLine, stderr: '', exitCode: 0 });
  await expect.poll(async () => (await etcdctl(page, 'alarm list')).stdout, { timeout: 10_000 }).toBe('');
  expect(await etcdctl(page, 'put newkey 123')).toEqual({ stdout: 'OK\n', stderr: '', exitCode: 0 });
  expect((await etcdctl(page, 'get key --print-value-only')).stdout).toBe(`${big}\n`);
});

test('a corrupt WAL record: the member shows corrupt with the reason, Wipe and rejoin brings it back', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const leader = await leaderOf(page);
  const victim = ['infra1', 'infra2', 'infra3'].find((n) => n !== leader.name)!;
  // A writer at the leader runs through all of it: the others keep serving.
  await page.evaluate(async (ep) => {
    const w = window as unknown as { etcdscope: Api; writes: { ok: number; failed: string[]; stop: boolean; done?: Promise<void> } };
    const c = w.etcdscope.client(ep);
    for (let i = 0; i < 30; i++) await c.put(`k${String(i).padStart(2, '0')}`, `v${i}`);
    w.writes = { ok: 0, failed: [], stop: false };
    w.writes.done = (async () => {
      for (let i = 0; !w.writes.stop; i++) {
        try {
          await c.put(`during${String(i).padStart(4, '0')}`, 'x', { timeoutMs: 10_000 });
          w.writes.ok++;
        } catch (e) {
          w.writes.failed.push(String(e));
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
  }, ENDPOINT[leader.name]!);
  await call(page, 'kill', victim);

  // Flip the last byte of the newest WAL record, from the page (IndexedDB is the tab's).
  const index = await page.evaluate(async (name) => {
    const layout = JSON.parse(localStorage.getItem('etcdscope-layout')!) as { cluster: string };
    const req = <T,>(r: IDBRequest<T>): Promise<T> => new Promise((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
    const db = await req(indexedDB.open(`etcdscope-${layout.cluster}-${name}-wal`));
    const store = db.transaction('records', 'readwrite').objectStore('records');
    const keys = (await req(store.getAllKeys())) as number[];
    const last = keys.at(-1)!;
    const rec = (await req(store.get(last))) as Uint8Array;
    rec[rec.length - 1] ^= 0xff;
    await req(store.put(rec, last));
    db.close();
    return last;
  }, victim);
  await call(page, 'restart', victim);
  const reason = `wal: entries record at index ${index}: crc mismatch`;
  await expect.poll(async () => (await status(page)).find((m) => m.name === victim), { timeout: 20_000 }).toMatchObject({ state: 'corrupt', error: reason });
  const row = page.getByTestId(`member-${victim}`);
  await expect(row).toHaveAttribute('data-role', 'corrupt');
  await expect(page.getByTestId(`error-${victim}`)).toHaveText(reason);
  await expect(page.getByTestId(`ring-${victim}`)).toHaveAttribute('aria-label', `${victim}, corrupt: ${reason}`);

  await page.getByTestId('console-toggle').click();
  await page.locator('table.members').screenshot({ path: 'e2e/artifacts/storage-corrupt-member-table.png' });
  await page.getByTestId('console-toggle').click();
  await page.getByTestId(`ring-${victim}`).click();
  await expect(page.getByTestId('menu-error')).toHaveText(reason);
  await expect(page.getByTestId('menu-wipe')).toContainText('Wipe and rejoin');
  for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `e2e/artifacts/storage-corrupt-member-${w}x${h}.png` });
  }
  await page.getByTestId('menu-wipe').click();

  // It rejoins under a new member ID with every key, and the same hash as the others.
  await expect.poll(async () => (await status(page)).find((m) => m.name === victim)?.state, { timeout: 30_000 }).toBe('follower');
  const keysAt = async (ep: string) => (await etcdctl(page, `get k --prefix --keys-only --consistency=s`, { endpoint: ep })).stdout.split('\n').filter((l) => l !== '');
  await expect.poll(() => keysAt(ENDPOINT[victim]!), { timeout: 30_000 }).toHaveLength(30);
  const writes = await page.evaluate(async () => {
    const w = (window as unknown as { writes: { ok: number; failed: string[]; stop: boolean; done: Promise<void> } }).writes;
    w.stop = true;
    await w.done;
    return { ok: w.ok, failed: w.failed };
  });
  expect(writes.failed).toEqual([]);
  expect(writes.ok).toBeGreaterThan(10);
  await expect
    .poll(async () => {
      const out = await etcdctl(page, 'endpoint hashkv --cluster');
      const hashes = out.stdout.trim().split('\n').map((l) => l.split(', ')[1]);
      return hashes.length === 3 && new Set(hashes).size === 1;
    }, { timeout: 30_000 })
    .toBe(true);
  const during = (await etcdctl(page, 'get during --prefix --keys-only --consistency=s', { endpoint: ENDPOINT[victim] })).stdout;
  expect(during.split('\n').filter((l) => l !== '')).toHaveLength(writes.ok);
});

test('the browser storage runs out (?idb-quota-bytes): NOSPACE alarm, reads go on, nothing acknowledged is lost', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?idb-quota-bytes=262144&idb-quota-member=infra3');
  await leaderOf(page);
  const big = 'y'.repeat(4096);
  const acked: string[] = [];
  let refused: Out | undefined;
  for (let i = 0; i < 300 && !refused; i++) {
    const key = `big${String(i).padStart(3, '0')}`;
    const out = await etcdctl(page, `put ${key} ${big}`, { endpoint: ENDPOINT.infra1 });
    if (out.exitCode === 0) acked.push(key);
    else if (lastErrLine(out) === 'Error: etcdserver: mvcc: database space exceeded') refused = out;
    // another error (a leader change while infra3 restarts its raft) is not an acknowledgement
  }
  expect(refused, 'NOSPACE was never raised').toBeDefined();
  expect(acked.length).toBeGreaterThan(3);

  // The alarm is infra3's (its IndexedDB refused a write); it did not crash and still serves reads.
  const st = await status(page);
  const infra3 = st.find((m) => m.name === 'infra3')!;
  expect(['leader', 'follower', 'candidate', 'pre-candidate']).toContain(infra3.state);
  const alarm = `memberID:${BigInt('0x' + infra3.id).toString()} alarm:NOSPACE \n`;
  // while its storage refuses writes, status() and the member table say why
  await expect.poll(async () => (await status(page)).find((m) => m.name === 'infra3')?.error ?? '', { timeout: 10_000 }).toMatch(/^no space left on device: etcdscope-.*-infra3.*: QuotaExceededError: /);
  await expect(page.getByTestId('error-infra3')).toContainText('no space left on device');
  await page.getByTestId('console-toggle').click();
  await page.locator('table.members').screenshot({ path: 'e2e/artifacts/storage-idb-full-member-table.png' });
  await page.getByTestId('console-toggle').click();
  await expect.poll(async () => (await etcdctl(page, 'alarm list')).stdout, { timeout: 15_000 }).toBe(alarm);
  expect((await etcdctl(page, `get ${acked[0]} --print-value-only --consistency=s`, { endpoint: ENDPOINT.infra3 })).stdout).toBe(`${big}\n`);
  expect(lastErrLine(await etcdctl(page, 'put small x', { endpoint: ENDPOINT.infra2 }))).toBe('Error: etcdserver: mvcc: database space exceeded');
  const keys = (await etcdctl(page, 'get big --prefix --keys-only')).stdout.split('\n').filter((l) => l !== '');
  for (const k of acked) expect(keys).toContain(k);

  // Space comes back (a reload without the hook): every member restarts from its IndexedDB and
  // infra3 holds every acknowledged key, with the same hash as the others.
  await page.goto('/');
  await leaderOf(page);
  await expect
    .poll(async () => (await etcdctl(page, 'get big --prefix --keys-only --consistency=s', { endpoint: ENDPOINT.infra3 })).stdout.split('\n').filter((l) => l !== '').length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(acked.length);
  const held = (await etcdctl(page, 'get big --prefix --keys-only --consistency=s', { endpoint: ENDPOINT.infra3 })).stdout;
  for (const k of acked) expect(held).toContain(`${k}\n`);
  await expect
    .poll(async () => {
      const hashes = (await etcdctl(page, 'endpoint hashkv --cluster')).stdout.trim().split('\n').map((l) => l.split(', ')[1]);
      return hashes.length === 3 && new Set(hashes).size === 1;
    }, { timeout: 30_000 })
    .toBe(true);
  expect(await etcdctl(page, 'alarm disarm')).toEqual({ stdout: alarm, stderr: '', exitCode: 0 });
  await expect.poll(async () => (await etcdctl(page, 'put small x')).exitCode, { timeout: 15_000 }).toBe(0);
});
