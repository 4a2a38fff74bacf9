import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Lessons: a learner clicks through lessons 1 and 2 (performing the actions by clicking the ring,
 * typing in the console and "Do it for me"), and every lesson file runs from start to end through
 * "Do it for me" + Next at a higher speed.
 */

const card = (page: Page) => page.getByTestId('lesson-card');

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Waits until the current step's Next is lit (or the lesson reports an error, which fails). */
async function waitHeld(page: Page, timeout = 45_000): Promise<void> {
  try {
    await expect(card(page)).toHaveAttribute('data-held', 'true', { timeout });
  } catch (e) {
    // Say what the lesson was waiting for and what the console showed.
    console.log(await page.getByTestId('lesson-card').innerText(), '\n--- console ---\n', await page.getByTestId('console-output').innerText());
    throw e;
  }
  await expect(card(page)).toHaveAttribute('data-busy', 'false', { timeout });
  await expect(page.getByTestId('lesson-error')).toHaveCount(0);
}

async function startLesson(page: Page, id: string, speed: number): Promise<void> {
  await page.goto(`/?lesson=${id}&speed=${speed}`);
  await expect(card(page)).toHaveAttribute('data-phase', 'intro', { timeout: 30_000 });
  await expect(page.getByTestId('lesson-takeaway')).toBeVisible();
  await page.getByTestId('lesson-start').click();
  await expect(card(page)).toHaveAttribute('data-phase', 'step');
}

async function next(page: Page, index: number): Promise<void> {
  await page.getByTestId('lesson-next').click();
  await expect(card(page)).toHaveAttribute('data-step', String(index));
}

test('lesson 1, leader election: restart the members by hand and watch one win', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.getByTestId('lessons-menu').click();
  await page.getByTestId('lesson-01-leader-election').click();
  await expect(card(page)).toHaveAttribute('data-phase', 'intro', { timeout: 30_000 });
  // The address is shareable: lesson, seed and speed.
  const q = new URL(page.url()).searchParams;
  expect([q.get('lesson'), q.get('seed'), q.get('speed')]).toEqual(['01-leader-election', '1', '0.25']);
  await page.screenshot({ path: 'e2e/artifacts/lessons-01-intro.png' });
  await page.getByTestId('lesson-start').click();

  // Step 1: Next stays dark until all three run; the learner restarts them from the ring's menu.
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  for (const m of ['infra1', 'infra2', 'infra3']) {
    await page.getByTestId(`restart-${m}`).click();
  }
  await waitHeld(page);
  await next(page, 1);
  // Step 2: an election happens on its own.
  await waitHeld(page);
  await expect(page.getByTestId('lesson-explain')).toContainText('became a candidate for term');
  await page.screenshot({ path: 'e2e/artifacts/lessons-01-elected.png' });
  await next(page, 2);
  await page.getByTestId('lesson-next').click();
  await expect(card(page)).toHaveAttribute('data-phase', 'done');
  await expect(page.getByTestId('lesson-aha')).toContainText('split votes are rare');
  expect(errors).toEqual([]);
});

test('lesson 2, log replication: type the put, kill a follower, bring it back', async ({ page }) => {
  const errors = collectErrors(page);
  await startLesson(page, '02-log-replication', 1);
  await next(page, 1);
  // Step 2: the learner types the command.
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  const input = page.getByTestId('console-input');
  await input.fill('put greeting hello');
  await input.press('Enter');
  await waitHeld(page);
  await page.screenshot({ path: 'e2e/artifacts/lessons-02-put.png' });
  await next(page, 2);
  await waitHeld(page);
  await next(page, 3);
  // Step 4: "Do it for me" types the command into the console, visibly.
  await page.getByTestId('lesson-do').click();
  await expect(page.getByTestId('console-output')).toContainText('put color blue', { timeout: 30_000 });
  await waitHeld(page);
  await next(page, 4);
  await page.getByTestId('lesson-do').click();
  await waitHeld(page);
  await page.getByTestId('lesson-next').click();
  await expect(card(page)).toHaveAttribute('data-phase', 'done');
  await page.screenshot({ path: 'e2e/artifacts/lessons-02-done.png' });
  expect(errors).toEqual([]);
});

const lessons = readFileSync('public/scenarios/index.txt', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

test('index.txt names the lesson files', () => {
  const files = readdirSync('public/scenarios').filter((f) => f.endsWith('.txt') && f !== 'index.txt');
  expect(lessons.sort()).toEqual(files.map((f) => f.replace(/\.txt$/, '')).sort());
});

test.describe('every lesson, by "Do it for me"', () => {
  // Typing is instant with reduced motion, which keeps these runs short.
  test.use({ reducedMotion: 'reduce' });
  for (const id of lessons) {
  test(`every step of ${id} completes with "Do it for me"`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    await startLesson(page, id, 4);
    for (let step = 0; ; step++) {
      await expect(card(page)).toHaveAttribute('data-step', String(step));
      if (await page.getByTestId('lesson-do').count()) await page.getByTestId('lesson-do').click();
      await waitHeld(page);
      await page.getByTestId('lesson-next').click();
      await expect.poll(async () => `${await card(page).getAttribute('data-phase')}:${await card(page).getAttribute('data-step')}`).toMatch(new RegExp(`^(done:.*|step:${step + 1})$`));
      if ((await card(page).getAttribute('data-phase')) === 'done') break;
    }
    await expect(page.getByTestId('lesson-aha')).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/lessons-${id}-done.png` });
    expect(errors).toEqual([]);
  });
}
});
