import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/find-chromium';

/**
 * Playwright drives Debian's Chromium (never a downloaded browser) against the built app,
 * served by `vite preview`. Screenshots land in e2e/artifacts for CI to keep.
 */
/** E2E_PORT lets several checkouts run their e2e at once without sharing a preview server. */
const port = Number(process.env.E2E_PORT ?? '4173');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'e2e/artifacts/results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: findChromium(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
