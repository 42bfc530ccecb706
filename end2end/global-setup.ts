import type { FullConfig } from '@playwright/test';

const POLL_INTERVAL_MS = 500;
const WAIT_LIMIT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the portal answers `GET /healthz` with 200. The server is started
 * at the same time as the tests and may still be compiling or migrating.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL =
    config.projects[0]?.use.baseURL ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const healthURL = `${baseURL.replace(/\/+$/, '')}/healthz`;
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let lastProblem = 'no answer yet';

  while (Date.now() < deadline) {
    try {
      const response = await fetch(healthURL, {
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      lastProblem = String(cause ?? error);
    }
    await sleep(POLL_INTERVAL_MS);
  }

  throw new Error(
    `The portal did not answer 200 at ${healthURL} within ${WAIT_LIMIT_MS / 1000} s ` +
      `(last problem: ${lastProblem}). Start the server first (make run / cargo leptos ` +
      `end-to-end) or set BASE_URL to where it listens.`,
  );
}
