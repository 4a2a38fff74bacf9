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
