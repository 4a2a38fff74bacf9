import { expect, test, type Page } from '@playwright/test';

/**
 * The Raft side of the visual cluster against the real worker cluster: the member menu kills
 * the leader, a click cuts a link, and the raft log panel shows the entries of a `put`.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;

const ENDPOINT: Record<string, string> = { infra1: '127.0.0.1:2379', infra2: '127.0.0.1:22379', infra3: '127.0.0.1:32379' };

const etcdctl = (page: Page, line: string) =>
  page.evaluate((l) => (window as unknown as { etcdscope: Api }).etcdscope.etcdctl(l) as Promise<{ stdout: string; stderr: string; exitCode: number }>, line);

async function leaderName(page: Page, not?: string): Promise<string> {
  const row = page.locator(`tr[data-role="leader"]${not ? `:not([data-testid="member-${not}"])` : ''}`);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  return (await row.locator('th').textContent())!;
}

test('kill the leader from the member menu and see a new leader', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=5');
  const first = await leaderName(page);
  await page.getByTestId(`ring-${first}`).click();
  const menu = page.getByTestId('member-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('menu-transfer')).toBeDisabled();
  await page.screenshot({ path: 'e2e/artifacts/raft-menu-1440.png' });
  await menu.getByTestId('menu-kill').click();
  await expect(menu).toBeHidden();
  await expect(page.getByTestId(`member-${first}`)).toHaveAttribute('data-role', 'stopped');
  const second = await leaderName(page, first);
  expect(second).not.toBe(first);
  await page.screenshot({ path: 'e2e/artifacts/raft-after-kill-1440.png' });

  // Enter on the focused member opens the menu too; restart the old leader from it.
  await page.getByTestId(`ring-${first}`).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-restart').click();
  await expect(page.getByTestId(`member-${first}`)).toHaveAttribute('data-role', 'follower', { timeout: 15_000 });
  expect(errors).toEqual([]);
});

test('cut a link by clicking it, then restore it', async ({ page }) => {
  await page.goto('/?seed=6');
  await leaderName(page);
  const link = page.getByTestId('link-infra1-infra2');
  await expect(link).toHaveAttribute('data-cut', 'false');
  await link.locator('line.hit').click({ force: true });
  await expect(link).toHaveAttribute('data-cut', 'true');
  await expect(link.locator('path.cross')).toHaveAttribute('d', /M /);
  await page.screenshot({ path: 'e2e/artifacts/raft-link-cut-1440.png' });
  await link.locator('line.hit').click({ force: true });
  await expect(link).toHaveAttribute('data-cut', 'false');

  // Isolate the leader and write to it: the entry is appended but never committed (hatched).
  const leader = await leaderName(page);
  await page.getByTestId('preset-isolate-leader').click();
  await expect(page.locator('g.link[data-cut="true"]')).toHaveCount(2);
  const out = await page.evaluate(
    ([ep]) => (window as unknown as { etcdscope: Api }).etcdscope.etcdctl('put lost 1', { endpoint: ep, timeoutMs: 1500 }) as Promise<{ exitCode: number }>,
    [ENDPOINT[leader]!] as const,
  );
  expect(out.exitCode).not.toBe(0);
  await expect(page.getByTestId(`log-row-${leader}`)).toBeVisible();
  await expect(page.locator('.log-cell.uncommitted').first()).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/raft-isolated-1440.png', fullPage: true });
  await page.getByTestId('preset-heal').click();
  await expect(page.locator('g.link[data-cut="true"]')).toHaveCount(0);
  // Back in the cluster, the old leader's uncommitted entry is overwritten by the new leader's.
  await expect(page.getByTestId(`log-row-${leader}`)).toBeVisible();
  await expect(page.locator('.log-cell.overwritten').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.log-cell.uncommitted')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: 'e2e/artifacts/raft-healed-1440.png', fullPage: true });
});

test('the raft log shows the entries of a put on every member', async ({ page }) => {
  await page.goto('/?seed=7');
  const leader = await leaderName(page);
  const before = Number(await page.getByTestId(`log-row-${leader}`).getAttribute('data-cells'));
  for (let i = 0; i < 3; i++) expect((await etcdctl(page, `put key${i} value${i}`)).stdout).toBe('OK\n');
  for (const name of ['infra1', 'infra2', 'infra3'])
    await expect.poll(async () => Number(await page.getByTestId(`log-row-${name}`).getAttribute('data-cells')), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 3);
  await expect(page.locator('[data-testid^="progress-"]')).toHaveCount(2);
  await expect(page.locator('.log-cell.uncommitted')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: 'e2e/artifacts/raft-log-1440.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'e2e/artifacts/raft-log-1280.png' });
  await page.screenshot({ path: 'e2e/artifacts/raft-full-1280.png', fullPage: true });
});

test('transfer leadership and add latency from the member menu', async ({ page }) => {
  await page.goto('/?seed=8');
  const leader = await leaderName(page);
  const target = ['infra1', 'infra2', 'infra3'].find((n) => n !== leader)!;
  await page.getByTestId(`ring-${target}`).click();
  await page.getByTestId('menu-transfer').click();
  await expect(page.getByTestId(`member-${target}`)).toHaveAttribute('data-role', 'leader', { timeout: 15_000 });

  await page.getByTestId(`ring-${leader}`).click();
  await page.getByTestId('menu-latency').click();
  await expect(page.locator('g.link text.link-label', { hasText: '250 ms' })).toHaveCount(2);
  await page.getByTestId(`ring-${leader}`).click();
  await expect(page.getByTestId('menu-latency')).toContainText('Remove latency');
  await page.screenshot({ path: 'e2e/artifacts/raft-latency-menu-1440.png' });
  await page.getByTestId('menu-latency').click();
  await expect(page.locator('g.link text.link-label', { hasText: '250 ms' })).toHaveCount(0);
});
