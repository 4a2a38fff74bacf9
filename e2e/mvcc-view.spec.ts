import { expect, test, type Page } from '@playwright/test';

/**
 * The MVCC panel against the real worker cluster: puts raise the revision, a delete closes a
 * generation with a tombstone and a put opens the next one, a txn's changes share a revision
 * with sub revisions, and a compaction moves the line and takes the old history away.
 */

interface Api {
  waitForLeader(timeoutMs?: number): Promise<string>;
  etcdctl(line: string, opts?: { stdin?: string }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

async function etcdctl(page: Page, line: string, stdin?: string): Promise<string> {
  const r = await page.evaluate(([l, s]) => (window as unknown as { etcdscope: Api }).etcdscope.etcdctl(l!, s === undefined ? {} : { stdin: s }), [line, stdin] as const);
  expect(r.stderr, line).toBe('');
  return r.stdout;
}

const panel = (page: Page) => page.getByTestId('mvcc-panel');

/** Opens the page and waits for a leader; returns its name. */
async function open(page: Page): Promise<string> {
  await page.goto('/');
  await page.waitForFunction(() => 'etcdscope' in window);
  return page.evaluate(() => (window as unknown as { etcdscope: Api }).etcdscope.waitForLeader(20_000));
}

test('revisions, generations with a tombstone, sub revisions, compaction', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await open(page);
  await expect(page.getByTestId('mvcc-revision')).toHaveText('1');
  await expect(page.getByTestId('mvcc-compact-revision')).toHaveText('never');

  await etcdctl(page, 'put foo v1'); // 2
  await etcdctl(page, 'put foo v2'); // 3
  await etcdctl(page, 'put bar x'); // 4
  await etcdctl(page, 'del foo'); // 5
  await etcdctl(page, 'put foo v3'); // 6
  await etcdctl(page, 'txn', '\nput a 1\nput b 2\n\n\n'); // 7.0, 7.1
  await expect(page.getByTestId('mvcc-revision')).toHaveText('7');

  // the timeline: one column per revision, the txn's two changes under 7 with their sub revisions
  await page.getByTestId('mvcc-tab-revisions').click();
  const col = (main: number) => panel(page).locator(`[data-testid=mvcc-col][data-main="${main}"]`);
  await expect(col(5).getByTestId('mvcc-change')).toHaveText(/DEL\s*foo/);
  await expect(col(7).getByTestId('mvcc-change')).toHaveCount(2);
  await expect(col(7).getByTestId('mvcc-change').nth(1)).toHaveText(/PUT\s*b\s*\.1/);
  await page.screenshot({ path: 'e2e/artifacts/mvcc-revisions-1440.png' });

  // clicking foo in the timeline opens its generations: two lives, the first closed by a tombstone
  await col(6).getByTestId('mvcc-change').click();
  await expect(page.getByTestId('mvcc-tab-keys')).toHaveAttribute('aria-selected', 'true');
  const foo = panel(page).locator('[data-testid=mvcc-key][data-key="foo"]');
  await expect(foo).toHaveAttribute('aria-current', 'true');
  await expect(foo.getByTestId('mvcc-gen')).toHaveCount(2);
  await expect(foo.getByTestId('mvcc-tombstone')).toHaveText(/t\s*5\.0/);
  await expect(foo.getByTestId('mvcc-version')).toHaveText([/v1\s*6\.0/, /v1\s*2\.0/, /v2\s*3\.0/]);
  await expect(foo).toContainText('version 1 · create_revision 6 · mod_revision 6');
  // the selected key is scrolled into view inside the key list
  const inList = (el: Element): boolean => {
    const a = el.getBoundingClientRect();
    const b = el.parentElement!.getBoundingClientRect();
    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  };
  await expect.poll(() => foo.evaluate(inList)).toBe(true);
  await page.screenshot({ path: 'e2e/artifacts/mvcc-keys-1440.png' });

  // delete again: the current generation is the empty one
  await etcdctl(page, 'del bar'); // 8
  const bar = panel(page).locator('[data-testid=mvcc-key][data-key="bar"]');
  await expect(bar.locator('[data-testid=mvcc-gen][data-empty=true]')).toHaveCount(1);
  await expect(bar).toContainText('deleted at 8');

  // compaction 6: the line moves to 6, revisions 2..5 are gone (bar's 4 stays: its newest version below 6)
  await page.getByTestId('mvcc-tab-revisions').click();
  await etcdctl(page, 'compaction 6');
  await expect(page.getByTestId('mvcc-compact-revision')).toHaveText('6');
  await expect(panel(page).getByTestId('mvcc-compact-line')).toHaveAttribute('data-rev', '6');
  // the history the compaction removed fades out where it was, once
  await expect(col(3).getByTestId('mvcc-ghost')).toHaveCount(1);
  for (const m of [2, 3, 5]) {
    await expect(col(m)).toHaveAttribute('data-state', 'compacted');
    await expect(col(m).getByTestId('mvcc-change')).toHaveCount(0);
  }
  await expect(col(4)).toHaveAttribute('data-state', 'kept');
  await expect(col(6)).toHaveAttribute('data-state', 'kept');
  await expect(col(7)).toHaveAttribute('data-state', 'live');
  await expect(panel(page).getByTestId('mvcc-ghost')).toHaveCount(0, { timeout: 5000 });
  await page.screenshot({ path: 'e2e/artifacts/mvcc-compacted-1440.png' });

  // foo lost its first generation; bar keeps only its tombstone and the empty generation
  await page.getByTestId('mvcc-tab-keys').click();
  await expect(foo.getByTestId('mvcc-gen')).toHaveCount(1);
  await expect(foo.getByTestId('mvcc-tombstone')).toHaveCount(0);
  await expect(bar.getByTestId('mvcc-version')).toHaveText([/v1\s*4\.0/]);

  // a key clicked in the console's output selects it here too
  await page.getByTestId('mvcc-tab-revisions').click();
  const input = page.getByTestId('console-input');
  await input.fill('put zeta 1');
  await input.press('Enter');
  await expect(page.getByTestId('mvcc-revision')).toHaveText('9');
  await input.fill('get zeta');
  await input.press('Enter');
  await page.getByTestId('console-output').getByTestId('console-key').filter({ hasText: /^zeta$/ }).last().click();
  await expect(page.getByTestId('mvcc-tab-keys')).toHaveAttribute('aria-selected', 'true');
  await expect(panel(page).locator('[data-testid=mvcc-key][data-key="zeta"]')).toHaveAttribute('aria-current', 'true');

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('mvcc-tab-revisions').click();
  await page.getByTestId('mvcc-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/mvcc-revisions-1280.png' });
  expect(errors).toEqual([]);
});

test('leases count down with their keys; a stopped member says so', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const leader = await open(page);
  const granted = await etcdctl(page, 'lease grant 30');
  const id = /lease ([0-9a-f]+) granted/.exec(granted)![1]!;
  await etcdctl(page, `put --lease=${id} service/a 10.0.0.1`);
  await etcdctl(page, `put --lease=${id} service/b 10.0.0.2`);
  await page.getByTestId('mvcc-tab-leases').click();
  const lease = panel(page).getByTestId('mvcc-lease');
  await expect(lease).toHaveCount(1);
  await expect(lease).toContainText(id);
  await expect(lease).toContainText('keys: service/a, service/b');
  await expect(lease).toContainText(/\d+ s left of 30/);
  await page.screenshot({ path: 'e2e/artifacts/mvcc-leases-1440.png' });

  // a follower's copy: same revision, same lease, but only the leader counts its time down
  const follower = leader === 'infra1' ? 'infra2' : 'infra1';
  await page.getByTestId(`ring-${follower}`).click();
  await expect(panel(page).locator('.mvcc-caption')).toContainText(`What ${follower} stores`);
  await expect(page.getByTestId('mvcc-revision')).toHaveText('3');
  await expect(lease).toContainText('TTL 30 s (counted on the leader)');
  await page.keyboard.press('Escape');
  // a watch on that member, from revision 2, appears with its reach and revisions
  const port = follower === 'infra1' ? 2379 : Number(follower.slice(5)) * 10000 + 2379;
  await page.evaluate(
    (ep) => (window as unknown as { etcdscope: { client(e: string): { watch(k: string, f: (r: unknown) => void, o: object): unknown } } }).etcdscope.client(ep).watch('service/', () => {}, { prefix: true, startRevision: 2 }),
    `127.0.0.1:${port}`,
  );
  const watch = panel(page).getByTestId('mvcc-watch');
  await expect(watch).toHaveCount(1);
  await expect(watch).toContainText('service/* (prefix)');
  await expect(watch).toContainText(/2\s*4\s*live/);
  await page.screenshot({ path: 'e2e/artifacts/mvcc-watch-lease-follower-1440.png' });

  await page.evaluate((n) => (window as unknown as { etcdscope: { kill(n: string): Promise<void> } }).etcdscope.kill(n), follower);
  await expect(page.getByTestId('mvcc-waiting')).toContainText(`${follower} is not running`);
  expect(errors).toEqual([]);
});

test('a busy store: the timeline keeps the newest revisions in view', async ({ page }) => {
  await open(page);
  for (let i = 0; i < 36; i++) await etcdctl(page, `put config/${['db', 'cache', 'queue', 'web'][i % 4]} v${i}`);
  await etcdctl(page, 'del config/cache');
  await etcdctl(page, 'compaction 30');
  await expect(page.getByTestId('mvcc-revision')).toHaveText('38');
  const newest = panel(page).locator('[data-testid=mvcc-col][data-main="38"]');
  await expect(newest).toBeInViewport();
  // the member compacts its key index a moment after it records the compaction revision
  await expect(panel(page).locator('[data-testid=mvcc-col][data-main="26"]')).toHaveAttribute('data-state', 'compacted');
  await expect(panel(page).getByTestId('mvcc-ghost')).toHaveCount(0, { timeout: 5000 });
  await page.screenshot({ path: 'e2e/artifacts/mvcc-busy-revisions-1440.png' });
  await page.getByTestId('mvcc-tab-keys').click();
  await expect(panel(page).locator('[data-testid=mvcc-key][data-key="config/cache"]')).toContainText('deleted at 38');
  await expect(panel(page).locator('[data-testid=mvcc-key][data-key="config/db"]').getByTestId('mvcc-elided')).toHaveText(/v1–v7/);
  await page.screenshot({ path: 'e2e/artifacts/mvcc-busy-keys-1440.png' });
});
