import { expect, test, type Page } from '@playwright/test';

/**
 * The built page's defences: a Content-Security-Policy without 'unsafe-eval' or inline scripts
 * that the running cluster never trips, no network request beyond the page's own origin (page and
 * member workers), and HTML-looking keys and values shown as text in the console and MVCC panel.
 */

interface Api {
  waitForLeader(timeoutMs?: number): Promise<string>;
  etcdctl(line: string, opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

const HTML = '<img src=x onerror=alert(1)>';

async function etcdctl(page: Page, line: string, timeoutMs?: number): Promise<{ stdout: string; stderr: string }> {
  return page.evaluate(([l, t]) => (window as unknown as { etcdscope: Api }).etcdscope.etcdctl(l!, t === undefined ? {} : { timeoutMs: t }), [line, timeoutMs] as const);
}

/** Types a command at the console's prompt and presses Enter. */
async function run(page: Page, line: string): Promise<void> {
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
}

const lines = (page: Page) => page.getByTestId('console-output').locator('.console-line');

test('CSP, own-origin requests only, HTML-looking keys and values shown as text', async ({ page, context }) => {
  const problems: string[] = [];
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('worker', (w) => requests.push(w.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location().url}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(await page.locator('script:not([src])').count()).toBe(0);

  await page.waitForFunction(() => 'etcdscope' in window);
  await page.evaluate(() => (window as unknown as { etcdscope: Api }).etcdscope.waitForLeader(20_000));

  // put/get/watch through window.etcdscope.etcdctl, the key and the value both HTML-looking
  expect((await etcdctl(page, `put '${HTML}' '${HTML}'`)).stdout).toBe('OK\n');
  expect((await etcdctl(page, `get '${HTML}'`)).stdout).toBe(`${HTML}\n${HTML}\n`);
  const watched = await etcdctl(page, `watch --rev 1 '${HTML}'`, 1500).catch((e: unknown) => ({ stdout: String(e), stderr: '' }));
  expect(watched.stdout).toContain(`PUT\n${HTML}\n${HTML}\n`);

  // the same through the console panel, and a watch there fed by a put
  await page.getByTestId('console-input').click();
  await run(page, `get '${HTML}'`);
  await expect(page.getByTestId('console')).toHaveAttribute('data-running', 'false');
  await expect(lines(page).nth(-2)).toHaveText(HTML);
  await expect(lines(page).last()).toHaveText(HTML);
  await run(page, `watch '${HTML}'`);
  await expect(page.getByTestId('console-stop')).toBeVisible();
  await etcdctl(page, `put '${HTML}' '${HTML}2'`);
  await expect(lines(page).last()).toHaveText(`${HTML}2`);
  await page.getByTestId('console-input').press('Control+c');
  await expect(page.getByTestId('console-stop')).toHaveCount(0);

  // the MVCC panel's Keys tab shows the key and its values as text
  await page.getByTestId('mvcc-tab-keys').click();
  const card = page.getByTestId('mvcc-panel').getByTestId('mvcc-key').filter({ hasText: HTML });
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-key', HTML);
  expect(await card.textContent()).toContain(HTML);
  await expect(card.getByTestId('mvcc-version')).toHaveCount(2);

  expect(await page.locator('img').count()).toBe(0);
  const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  expect(violations).toEqual([]);
  expect(problems).toEqual([]);

  const origin = new URL(page.url()).origin;
  expect(requests.length).toBeGreaterThan(0);
  const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
});
