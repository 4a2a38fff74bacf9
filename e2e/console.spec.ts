import { expect, test, type Page } from '@playwright/test';

/**
 * The docked etcdctl console against the real worker cluster: put/get, a watch in one tab fed
 * by a put in another and stopped with Ctrl-C, HTML-looking values shown as text, history,
 * completion, clickable keys, and 10,000 keys of output without freezing the page.
 */

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

interface Api {
  waitForLeader(timeoutMs?: number): Promise<string>;
  client(): { put(k: string, v: string, o?: { timeoutMs?: number }): Promise<unknown> };
}

async function open(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => (window as unknown as { etcdscope: Api }).etcdscope.waitForLeader(20_000));
  await expect(page.getByTestId('console')).toBeVisible();
}

/** Types a command at the active tab's prompt and presses Enter. */
async function run(page: Page, line: string): Promise<void> {
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
}

const out = (page: Page) => page.getByTestId('console-output');
const lines = (page: Page) => out(page).locator('.console-line');

test('put, get, HTML as text, history, completion and clickable keys', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await open(page);

  await page.locator('body').press('/');
  await expect(page.getByTestId('console-input')).toBeFocused();

  await run(page, 'put name dazuo');
  await expect(lines(page).last()).toHaveText('OK');
  await run(page, 'get name');
  await expect(page.getByTestId('console')).toHaveAttribute('data-running', 'false');
  await expect(lines(page).nth(-2)).toHaveText('name');
  await expect(lines(page).last()).toHaveText('dazuo');

  await run(page, `put html '<img src=x onerror=alert(1)><b>bold</b>'`);
  await expect(lines(page).last()).toHaveText('OK');
  await run(page, 'get html --print-value-only');
  await expect(lines(page).last()).toHaveText('<img src=x onerror=alert(1)><b>bold</b>');
  await expect(out(page).locator('img, b')).toHaveCount(0);

  await run(page, 'get missing-flag --bogus');
  await expect(out(page).locator('.console-stderr').last()).toContainText('unknown flag: --bogus');

  const input = page.getByTestId('console-input');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('get missing-flag --bogus');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('get html --print-value-only');
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');

  await input.fill('wat');
  await input.press('Tab');
  await expect(input).toHaveValue('watch ');
  await input.fill('get na');
  await input.press('Tab');
  await expect(input).toHaveValue('get name ');
  await input.fill('');

  await run(page, 'get name');
  const key = out(page).getByTestId('console-key').filter({ hasText: /^name$/ }).last();
  await key.click();
  await expect(page.getByTestId('console-selected-key')).toContainText('name');

  await page.getByTestId('console-copy').click();
  await expect(page.getByTestId('console-copy')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('$ put name dazuo\nOK\n$ get name\nname\ndazuo\n');
  expect(copied).toContain('<img src=x onerror=alert(1)><b>bold</b>');

  await page.getByTestId('console-toggle').click();
  await expect(page.getByTestId('console-output')).toBeHidden();
  await page.locator('body').press('/');
  await expect(page.getByTestId('console-input')).toBeFocused();

  await run(page, 'help');
  await expect(out(page).locator('.console-note').first()).toContainText('etcdctl 3.4');
  await page.screenshot({ path: 'e2e/artifacts/console-1440.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('console').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/console-1280.png' });

  // A block pasted from the docs runs line by line.
  await page.evaluate(() => navigator.clipboard.writeText('etcdctl put p1 v1\netcdctl put p2 v2\netcdctl get p --prefix\n'));
  await page.getByTestId('console-input').press('Control+v');
  await expect(lines(page).last()).toHaveText('v2');
  const inputs = await out(page).locator('.console-input').allTextContents();
  expect(inputs.slice(-3)).toEqual(['$ etcdctl put p1 v1', '$ etcdctl put p2 v2', '$ etcdctl get p --prefix']);

  await run(page, 'clear');
  await expect(lines(page)).toHaveCount(0);

  await page.reload();
  await page.evaluate(() => (window as unknown as { etcdscope: Api }).etcdscope.waitForLeader(20_000));
  await page.getByTestId('console-input').press('ArrowUp');
  await expect(page.getByTestId('console-input')).toHaveValue('clear');
  await page.getByTestId('console-input').press('ArrowUp');
  await expect(page.getByTestId('console-input')).toHaveValue('etcdctl get p --prefix');
  expect(errors).toEqual([]);
});

test('watch in tab 1 sees a put from tab 2; Ctrl-C stops it', async ({ page }) => {
  await open(page);
  await page.getByTestId('console-input').click();
  await run(page, 'watch foo');
  await expect(page.getByTestId('console-stop')).toBeVisible();

  await page.getByTestId('console-new-tab').click();
  await expect(page.getByTestId('console-tab-2')).toHaveAttribute('aria-selected', 'true');
  await run(page, 'put foo bar');
  await expect(lines(page).last()).toHaveText('OK');

  await expect(page.getByTestId('console-tab-1')).toHaveAttribute('aria-label', 'Shell 1, running, new output');
  await page.getByTestId('console-tab-1').click();
  await expect(page.getByTestId('console-tab-1')).toHaveAttribute('aria-label', 'Shell 1, running');
  await expect(lines(page).last()).toHaveText('bar');
  await expect(lines(page).nth(-2)).toHaveText('foo');
  await expect(lines(page).nth(-3)).toHaveText('PUT');
  await page.screenshot({ path: 'e2e/artifacts/console-watch.png' });

  await page.getByTestId('console-input').press('Control+c');
  await expect(page.getByTestId('console-stop')).toHaveCount(0);
  await run(page, 'get foo --print-value-only');
  await expect(lines(page).last()).toHaveText('bar');

  await run(page, 'watch foo');
  await expect(page.getByTestId('console-stop')).toBeVisible();
  await page.getByTestId('console-stop').click();
  await expect(page.getByTestId('console-stop')).toHaveCount(0);

  await page.getByTestId('console-close-2').click();
  await expect(page.getByTestId('console-tab-2')).toHaveCount(0);
});

test('10,000 keys of output stay responsive: the last lines are kept, the rest noted', async ({ page }) => {
  test.setTimeout(240_000);
  await open(page);
  await page.evaluate(async () => {
    const c = (window as unknown as { etcdscope: Api }).etcdscope.client();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 10_000) {
        const i = next++;
        await c.put(`key${String(i).padStart(5, '0')}`, `value-${i}`, { timeoutMs: 20_000 });
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
  });
  await page.getByTestId('console-input').click();
  const t0 = Date.now();
  await run(page, 'get --prefix ""');
  await expect(lines(page).last()).toHaveText('value-9999', { timeout: 60_000 });
  await expect(page.getByTestId('console')).toHaveAttribute('data-running', 'false');
  console.log(`MEASURE console get --prefix "" over 10,000 keys rendered in ${Date.now() - t0} ms`);
  await expect(page.getByTestId('console-hidden')).toContainText('earlier lines hidden');
  expect(await lines(page).count()).toBeLessThanOrEqual(2000);
  // The page still answers: a frame comes promptly.
  const frameMs = await page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); requestAnimationFrame(() => r(performance.now() - t)); }));
  expect(frameMs).toBeLessThan(500);
  await page.screenshot({ path: 'e2e/artifacts/console-10k.png' });
});
