import { expect, test, type Page } from '@playwright/test';

/**
 * The page shell against the real worker cluster: time controls (speed, pause, step), keyboard
 * shortcuts, the timeline scrubber's read-only rewind, glossary popovers, and a layout where the
 * docked console and the timeline never cover the panels.
 */

async function leaderName(page: Page, not?: string): Promise<string> {
  const row = page.locator(`tr[data-role="leader"]${not ? `:not([data-testid="member-${not}"])` : ''}`);
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  return (await row.locator('th').textContent())!;
}

/** The live tick the timeline prints ("live · tick 42"). */
async function liveTick(page: Page): Promise<number> {
  const text = (await page.getByTestId('timeline-state').textContent())!;
  return Number(/tick (\d+)/.exec(text)![1]);
}

/** Ticks the live cluster advances over `ms` of wall time. */
async function tickRate(page: Page, ms: number): Promise<number> {
  const t0 = await liveTick(page);
  const w0 = Date.now();
  await page.waitForTimeout(ms);
  return ((await liveTick(page)) - t0) / ((Date.now() - w0) / 1000);
}

/** Moves keyboard focus off any button, so Space is a shortcut rather than a button press. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test('the speed slider changes the tick rate, and step advances exactly one tick when paused', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=11');
  await leaderName(page);

  const speed = page.getByTestId('speed');
  await speed.fill('2'); // 0.25x
  await expect(page.getByTestId('speed-value')).toHaveText('0.25x');
  const slow = await tickRate(page, 2000);
  await speed.fill('6'); // 4x
  await expect(page.getByTestId('speed-value')).toHaveText('4x');
  expect(page.url()).toContain('speed=4');
  const fast = await tickRate(page, 2000);
  // 16 times faster in theory; cluster time follows the wall clock, so even a loaded machine shows most of it.
  expect(fast).toBeGreaterThan(slow * 4);
  expect(fast).toBeGreaterThan(10);

  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveAccessibleName(/Resume/);
  const t = await liveTick(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline-state')).toContainText(`tick ${t + 1}`);
  await page.keyboard.press('.');
  await expect(page.getByTestId('timeline-state')).toContainText(`tick ${t + 2}`);
  await page.waitForTimeout(500);
  expect(await liveTick(page)).toBe(t + 2);
  expect(errors).toEqual([]);
});

test('keyboard: space pauses and resumes, a digit selects, k kills, r restarts; the timeline looks back before the kill', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=12');
  const leader = await leaderName(page);
  const row = page.getByTestId(`member-${leader}`);

  await blur(page);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause')).toHaveAccessibleName(/Resume/);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause')).toHaveAccessibleName(/Pause/);

  await page.keyboard.press(leader.replace('infra', ''));
  await expect(row).toHaveClass(/selected/);
  await page.keyboard.press('k');
  await expect(row).toHaveAttribute('data-role', 'stopped');
  await leaderName(page, leader);

  // Scrub back to a few ticks before the kill: the member is alive there, under the banner.
  const kill = page.locator('g.timeline-marker[data-kind="kill"]');
  await expect(kill).toHaveCount(1);
  const killTick = Number(await kill.getAttribute('data-tick'));
  const track = page.getByTestId('timeline-track');
  const box = (await track.boundingBox())!;
  const from = Number(await track.getAttribute('data-from'));
  const to = Number(await track.getAttribute('data-to'));
  const target = Math.max(from, killTick - 4);
  await page.mouse.click(box.x + ((target - from) / (to - from)) * box.width, box.y + box.height / 2);
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('past-banner')).toContainText('Viewing the past at tick');
  await expect(row).not.toHaveAttribute('data-role', 'stopped');
  const viewed = Number(/tick (\d+)/.exec((await page.getByTestId('timeline-state').textContent())!)![1]);
  expect(viewed).toBeLessThan(killTick);
  // The live cluster keeps running behind the banner.
  await expect(page.getByTestId('timeline-state')).toContainText('behind');
  const behind = async () => Number(/\((\d+) behind\)/.exec((await page.getByTestId('timeline-state').textContent())!)![1]);
  const b0 = await behind();
  await expect.poll(behind, { timeout: 10_000 }).toBeGreaterThan(b0);
  await page.screenshot({ path: 'e2e/artifacts/shell-past-1440.png' });

  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('past-banner')).toBeHidden();
  await expect(row).toHaveAttribute('data-role', 'stopped');

  await blur(page);
  await page.keyboard.press('r');
  await expect(row).toHaveAttribute('data-role', 'follower', { timeout: 20_000 });
  await expect(page.locator('g.timeline-marker[data-kind="restart"]')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('glossary: a term in a panel caption opens its definition, then the whole glossary; ? shows the shortcuts', async ({ page }) => {
  await page.goto('/?seed=13');
  await leaderName(page);
  await page.getByTestId('mvcc-panel').getByTestId('term-revision').click();
  const pop = page.getByTestId('term-popover');
  await expect(pop).toBeVisible();
  await expect(pop).toContainText('logical clock');
  await page.screenshot({ path: 'e2e/artifacts/shell-term-popover.png' });
  await page.keyboard.press('Escape');
  await expect(pop).toBeHidden();

  await page.getByTestId('raft-log').getByTestId('term-commit').click();
  await pop.getByRole('button', { name: 'All terms' }).click();
  await expect(page.getByTestId('glossary')).toBeVisible();
  await expect(page.getByTestId('glossary-commit')).toBeFocused();
  await expect(page.getByTestId('glossary-wal')).toContainText('Write-ahead log');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('glossary')).toBeHidden();

  await blur(page);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await expect(page.getByTestId('shortcut-help')).toContainText('kill the selected member');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
});

test('the deterministic simulator resumes from a past tick: the replay lands in the state the timeline showed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?seed=3&engine=sim');
  const leader = await leaderName(page);
  await page.getByTestId(`kill-${leader}`).click();
  await leaderName(page, leader);
  await page.getByTestId('pause').click();
  const kill = page.locator('g.timeline-marker[data-kind="kill"]');
  const killTick = Number(await kill.getAttribute('data-tick'));

  // Look back to three ticks before the kill with the keyboard.
  const track = page.getByTestId('timeline-track');
  await track.focus();
  await page.keyboard.press('End');
  const live = Number(await track.getAttribute('aria-valuemax'));
  for (let i = 0; i < live - killTick + 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(track).toHaveAttribute('aria-valuenow', String(killTick - 3));
  const rows = page.locator('tr[data-testid^="member-"]');
  const picture = () => rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-testid'), tr.getAttribute('data-role'), tr.getAttribute('data-term'), tr.textContent]));
  const past = await picture();

  await page.getByTestId('resume-from-here').click();
  await expect(page.getByTestId('past-banner')).toBeHidden();
  await expect(page.getByTestId('timeline-state')).toContainText(`live · tick ${killTick - 3}`);
  expect(await picture()).toEqual(past);
  await expect(kill).toHaveCount(0);
  await expect(page.getByTestId(`member-${leader}`)).toHaveAttribute('data-role', 'leader');
  expect(errors).toEqual([]);
});

/** The regions of the page shell, top to bottom. */
async function regions(page: Page) {
  const ids = ['topbar', 'stage', 'console-dock', 'timeline'];
  return Promise.all(ids.map(async (id) => ({ id, box: (await page.getByTestId(id).boundingBox())! })));
}

for (const [w, h] of [[1440, 900], [1280, 720], [390, 844]] as const) {
  test(`layout at ${w}x${h}: the console and the timeline never cover a panel`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/?seed=14');
    await leaderName(page);
    await expect(page.getByTestId('raft-log')).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/shell-${w}x${h}.png` });
    const r = await regions(page);
    for (let i = 1; i < r.length; i++) expect(r[i]!.box.y, `${r[i]!.id} starts below ${r[i - 1]!.id}`).toBeGreaterThanOrEqual(r[i - 1]!.box.y + r[i - 1]!.box.height - 1);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(w);
    if (w >= 1280) {
      // Desktop: one viewport tall, the console docked above the timeline at the bottom edge.
      const last = r.at(-1)!.box;
      expect(last.y + last.height).toBeLessThanOrEqual(h + 1);
      expect(r[2]!.box.height).toBeGreaterThan(120);
      await page.getByTestId('console-toggle').click();
      const folded = (await page.getByTestId('console-dock').boundingBox())!;
      expect(folded.height).toBeLessThan(r[2]!.box.height);
      expect((await page.getByTestId('stage').boundingBox())!.height).toBeGreaterThan(r[1]!.box.height);
    }
  });
}
