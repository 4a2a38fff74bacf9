import { expect, test } from '@playwright/test';

/**
 * One real chaos run through the page: the Chaos drawer runs a seeded nemesis (partitions,
 * kills, a wiped disk, lossy and slow links, leader transfers) against the worker cluster while
 * 8 clients work, then shows the verdict and draws the history.
 */
test('Chaos: faults under a client workload, then a linearizable verdict and the timeline', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=4');
  await page.waitForFunction(() => (window as unknown as { etcdscope?: { waitForLeader(): Promise<string> } }).etcdscope !== undefined);
  await page.evaluate(() => (window as unknown as { etcdscope: { waitForLeader(ms: number): Promise<string> } }).etcdscope.waitForLeader(15_000));

  await page.getByTestId('chaos').click();
  await expect(page.getByTestId('chaos-panel')).toBeVisible();
  await page.getByTestId('chaos-seconds').fill('16');
  await page.getByTestId('chaos-seed').fill('5');
  await page.getByTestId('chaos-run').click();

  // Faults appear while the run goes on.
  await expect(page.getByTestId('chaos-faults').locator('li').first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'e2e/artifacts/chaos-running.png' });

  const verdict = page.getByTestId('chaos-verdict');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toHaveAttribute('data-linearizable', 'ok');
  await expect(page.getByTestId('chaos-linearizable')).toContainText('Linearizable:');
  await expect(page.getByTestId('chaos-lost-writes')).toContainText('is on every member');
  await expect(page.getByTestId('chaos-watch')).toContainText('Watches ordered');

  const text = (await page.getByTestId('chaos-linearizable').textContent())!;
  const m = /([\d,]+) operations by (\d+) clients under (\d+) faults/.exec(text);
  expect(m, text).not.toBeNull();
  expect(Number(m![1]!.replace(/,/g, ''))).toBeGreaterThan(100);
  expect(Number(m![3])).toBeGreaterThan(0);

  const bars = page.getByTestId('chaos-timeline').locator('rect.op');
  expect(await bars.count()).toBeGreaterThan(100);
  expect(await page.getByTestId('chaos-timeline').locator('.band').count()).toBeGreaterThan(0);
  // Keyboard: focus the chart and step to the first operation.
  await page.getByTestId('chaos-timeline').locator('svg').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('chaos-op')).toContainText(/client \d+: (put|get|cas)/);
  await page.screenshot({ path: 'e2e/artifacts/chaos-verdict.png' });
  expect(errors).toEqual([]);
});
