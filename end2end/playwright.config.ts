import { defineConfig } from '@playwright/test';
import { patience } from './patience';

/**
 * Browser tests for CARS e-Services.
 *
 * The server is started next to the tests (by `cargo leptos end-to-end` or the
 * Makefile); `global-setup.ts` waits for `/healthz` before any test runs.
 *
 * Every test runs twice: in the "js" project (the hydrated single-page app) and
 * in the "nojs" project (plain server-rendered HTML, forms post and redirect).
 * Tests that only make sense once or only with JavaScript skip themselves.
 */
const baseURL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // A 2-core machine that also runs the server: one browser at a time.
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky test is a bug to fix, not to hide.
  retries: 0,
  forbidOnly: !!process.env.CI,
  // The summary is what CI's tail shows of a failure (see failure-summary.ts).
  reporter: [['list'], ['./failure-summary.ts']],
  // Guards against a hang, scaled for a slow host (patience.ts).
  timeout: patience(30_000),
  expect: { timeout: patience(5_000) },
  use: {
    baseURL,
    browserName: 'chromium',
    // The Debian chromium package; never `npx playwright install` here.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'on-first-retry',
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'nojs', use: { javaScriptEnabled: false } },
  ],
});
