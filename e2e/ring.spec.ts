import { expect, test, type Page } from '@playwright/test';

/**
 * The cluster ring's teaching tools against the real worker cluster: vote tallies during an
 * election, a message caught in flight and dropped by hand, force campaign, dragging a member
 * into its own partition group, the asymmetric preset, and the B+tree tab with splits and defrag.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;
const NAMES = ['infra1', 'infra2', 'infra3'];
const ENDPOINT: Record<string, string> = { infra1: '127.0.0.1:2379', infra2: '127.0.0.1:22379', infra3: '127.0.0.1:32379' };

/** Calls window.etcdscope[fn](...args) in the page. */
const api = <T = unknown>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => ((window as unknown as { etcdscope: Api }).etcdscope[f as string] as (...x: unknown[]) => Promise<unknown>)(...(a as unknown[])), [fn, args] as const) as Promise<T>;

async function leaderName(page: Page, not?: string): Promise<string> {
  const row = page.locator(`tr[data-role="leader"]${not ? `:not([data-testid="member-${not}"])` : ''}`);
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  return (await row.locator('th').textContent())!;
}

async function termOf(page: Page, name: string): Promise<number> {
  const st = await api<{ name: string; term: number }[]>(page, 'status');
  return st.find((m) => m.name === name)!.term;
}

test('killing the leader shows the vote tally of the election that follows', async ({ page }) => {
  await page.goto('/?seed=11');
  const first = await leaderName(page);
  await page.getByTestId(`ring-${first}`).click();
  await page.getByTestId('menu-kill').click();
  const tally = page.locator('g.tally');
  await expect(tally.first()).toBeVisible({ timeout: 20_000 });
  await expect(tally.first().locator('text')).toHaveText(/^((pre-)?vote \d\/3|elected [23]\/3)/);
  await page.screenshot({ path: 'e2e/artifacts/ring-vote-tally-1440.png' });
  await leaderName(page, first);
});

test('click a message in flight: the cluster pauses, the inspector shows its fields, Drop drops it on the bus', async ({ page }) => {
  await page.goto('/?seed=12');
  const leader = await leaderName(page);
  // Slow links so messages really are on the bus while they are drawn.
  for (const n of NAMES) if (n !== leader) await api(page, 'link', leader, n, { delayMs: 1500 });
  const before = await api<{ dropped: Record<string, number> }>(page, 'counters');
  expect(before.dropped['by-hand'] ?? 0).toBe(0);
  // Pick a drawn glyph whose envelope is still on the bus, and click it.
  let key: string | undefined;
  await expect
    .poll(async () => {
      // One mid-flight: away from its sender's circle, and on the bus long enough for the click.
      const flying = await api<{ id: number; sentAt: number; deliverAt: number }[]>(page, 'inFlight');
      const now = Math.max(...flying.map((m) => m.sentAt));
      const drawn = new Set(await page.locator('g.msg').evaluateAll((els) => els.map((e) => e.getAttribute('data-key'))));
      key = flying.filter((m) => now - m.sentAt >= 300 && m.deliverAt - now >= 600).map((m) => String(m.id)).find((k) => drawn.has(k));
      return key !== undefined;
    }, { timeout: 20_000 })
    .toBe(true);
  await page.locator(`g.msg[data-key="${key}"]`).click({ force: true });
  await expect(page.getByTestId('msg-inspector')).toContainText('cluster paused');
  const fields = page.getByTestId('msg-fields');
  await expect(fields).toBeVisible();
  await expect(fields.getByTestId('field-type')).toHaveText(/^Msg/);
  await expect(fields.getByTestId('field-term')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('inflight-item').first()).toBeVisible();
  await page.getByTestId('msg-inspector').scrollIntoViewIfNeeded();
  await page.locator('section.ring-panel').screenshot({ path: 'e2e/artifacts/ring-inspector-1440.png' });
  await page.getByTestId('drop-message').click();
  await expect.poll(async () => (await api<{ dropped: Record<string, number> }>(page, 'counters')).dropped['by-hand'] ?? 0).toBe(1);
  // The keyboard path: the list of messages still in flight, Enter on one, Drop.
  const item = page.getByTestId('inflight-item').first();
  if (await item.count()) {
    await item.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('drop-message').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await api<{ dropped: Record<string, number> }>(page, 'counters')).dropped['by-hand'] ?? 0).toBe(2);
  }
  await page.getByTestId('inspector-resume').click();
  await expect(page.getByTestId('msg-inspector')).toHaveCount(0);
});

test('force campaign makes a follower leader with a higher term', async ({ page }) => {
  await page.goto('/?seed=13');
  const leader = await leaderName(page);
  const target = NAMES.find((n) => n !== leader)!;
  const term = await termOf(page, leader);
  await page.getByTestId(`ring-${target}`).click();
  await expect(page.getByTestId('menu-campaign')).toContainText('teaching action');
  await page.getByTestId('menu-campaign').click();
  await expect(page.getByTestId(`member-${target}`)).toHaveAttribute('data-role', 'leader', { timeout: 20_000 });
  expect(await termOf(page, target)).toBeGreaterThan(term);
  await page.screenshot({ path: 'e2e/artifacts/ring-force-campaign-1440.png' });
});

test('drag a member out of the ring: it is partitioned and cannot commit; asymmetric preset cuts one way', async ({ page }) => {
  await page.goto('/?seed=14');
  const leader = await leaderName(page);
  const loner = NAMES.find((n) => n !== leader)!;
  const box = (await page.getByTestId(`ring-${loner}`).boundingBox())!;
  const ring = (await page.locator('svg.ring').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(ring.x + ring.width / 2, ring.y + ring.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('path.group')).toHaveCount(2);
  await expect(page.locator('g.link[data-cut="true"]')).toHaveCount(2);
  const out = await api<{ exitCode: number }>(page, 'etcdctl', 'put minority 1', { endpoint: ENDPOINT[loner], timeoutMs: 2500 });
  expect(out.exitCode).not.toBe(0);
  await page.screenshot({ path: 'e2e/artifacts/ring-drag-partition-1440.png' });

  await page.getByTestId('preset-heal').click();
  await expect(page.locator('path.group')).toHaveCount(0);
  // The keyboard's way: the member menu partitions it off, then brings it back.
  await page.getByTestId(`ring-${loner}`).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-isolate').click();
  await expect(page.locator('path.group')).toHaveCount(2);
  await page.getByTestId(`ring-${loner}`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('menu-isolate')).toContainText('Rejoin');
  await page.getByTestId('menu-isolate').click();
  await expect(page.locator('g.link[data-cut="true"]')).toHaveCount(0);
  await expect(page.locator('path.group')).toHaveCount(0);
  const now = await leaderName(page);
  await page.getByTestId('preset-asymmetric').click();
  await expect(page.locator('g.link[data-oneway="ab"], g.link[data-oneway="ba"]')).toHaveCount(2);
  // The leader still sends but hears nothing: check-quorum makes it step down.
  await expect(page.getByTestId(`member-${now}`)).not.toHaveAttribute('data-role', 'leader', { timeout: 20_000 });
  await page.screenshot({ path: 'e2e/artifacts/ring-asymmetric-1440.png' });
  await page.getByTestId('preset-heal').click();
});

test('B+tree tab: pages, a split after many puts, defrag rewrites the file', async ({ page }) => {
  await page.goto('/?seed=15');
  const leader = await leaderName(page);
  await page.getByTestId(`ring-${leader}`).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('mvcc-tab-btree').click();
  await expect(page.getByTestId('btree-leaf').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('btree-depth')).toHaveText('1');
  await page.evaluate(async () => {
    const c = (window as unknown as { etcdscope: Api }).etcdscope.client();
    const v = 'v'.repeat(600);
    for (let i = 0; i < 60; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => c.put(`k${String(i + j).padStart(3, '0')}`, v)));
  });
  await expect(page.getByTestId('btree-branch')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('btree-events')).toContainText(/[1-9]\d* splits? \([1-9]/);
  await page.locator('[data-testid=mvcc-panel]').screenshot({ path: 'e2e/artifacts/ring-btree-split.png' });
  await api(page, 'etcdctl', 'del k --prefix', { endpoint: ENDPOINT[leader] });
  const rev = (await api<{ name: string; revision: number }[]>(page, 'status')).find((m) => m.name === leader)!.revision;
  await api(page, 'etcdctl', `compaction --physical ${rev}`, { endpoint: ENDPOINT[leader] });
  await expect.poll(async () => page.getByTestId('btree-free').textContent(), { timeout: 15_000 }).not.toBe('0');
  const size = await page.getByTestId('btree-dbsize').textContent();
  await page.getByTestId('btree-defrag').click();
  await expect(page.getByTestId('btree-events')).toContainText('defrag:', { timeout: 15_000 });
  await expect(page.getByTestId('btree-dbsize')).not.toHaveText(size!);
  await expect(page.getByTestId('btree-free')).toHaveText('0');
  await page.locator('[data-testid=mvcc-panel]').screenshot({ path: 'e2e/artifacts/ring-btree-defrag.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'e2e/artifacts/ring-btree-1280.png' });
});
