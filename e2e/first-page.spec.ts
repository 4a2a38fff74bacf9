import { expect, test } from '@playwright/test';

/** The first page: three simulated members elect a leader; killing it elects another. */
test('three members elect a leader, and a new one after the leader is killed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=3');

  const leaderRow = page.locator('tr[data-role="leader"]');
  await expect(leaderRow).toHaveCount(1, { timeout: 10_000 });
  await expect(page.getByTestId('leader')).toContainText('Leader:');
  const firstLeader = (await leaderRow.locator('th').textContent())!;
  const firstTerm = Number(await leaderRow.getAttribute('data-term'));
  expect(firstTerm).toBeGreaterThan(0);
  await page.screenshot({ path: 'e2e/artifacts/first-page-leader.png' });

  await page.getByTestId(`kill-${firstLeader}`).click();
  await expect(page.getByTestId(`member-${firstLeader}`)).toHaveAttribute('data-role', 'stopped');

  const newLeader = page.locator('tr[data-role="leader"]');
  await expect(newLeader).toHaveCount(1, { timeout: 15_000 });
  expect(await newLeader.locator('th').textContent()).not.toBe(firstLeader);
  expect(Number(await newLeader.getAttribute('data-term'))).toBeGreaterThan(firstTerm);

  await page.getByTestId(`restart-${firstLeader}`).click();
  await expect(page.getByTestId(`member-${firstLeader}`)).toHaveAttribute('data-role', 'follower', { timeout: 15_000 });
  await page.screenshot({ path: 'e2e/artifacts/first-page-after-kill.png' });
  expect(errors).toEqual([]);
});
