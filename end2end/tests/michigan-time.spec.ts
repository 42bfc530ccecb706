import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createLogin, signIn } from './accounts';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { patience } from '../patience';

/*
 * Every time a person reads is Michigan time (America/Detroit) with its
 * abbreviation: EST in winter, EDT in summer. Each season gets a server of
 * its own, started in demo mode with its clock set (CARS_CLOCK_AT) to the
 * next January 15 or July 15, so the test holds whatever day it runs.
 */

/** 9:00 AM EST / 10:00 AM EDT on the next `month`/15 (UTC 14:00). */
function nextFifteenth(month: number): Date {
  const now = new Date();
  let year = now.getUTCFullYear();
  if (Date.UTC(year, month - 1, 15) <= now.getTime()) year += 1;
  return new Date(Date.UTC(year, month - 1, 15, 14, 0, 0));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the release server with its clock at `at`; resolves once it answers. */
async function serverAt(at: Date): Promise<{ url: string; stop: () => void }> {
  const serverBin = process.env.E2E_SERVER_BIN;
  expect(serverBin, 'run through `make test-e2e`, which sets E2E_SERVER_BIN').toBeTruthy();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cars-clock-'));
  const child: ChildProcess = spawn(serverBin!, [], {
    // The repository root, where the built site (target/site) is.
    cwd: dirname(dirname(dirname(serverBin!))),
    env: {
      ...process.env,
      CARS_DEMO: 'true',
      CARS_ADDR: `127.0.0.1:${port}`,
      CARS_DATABASE: join(dir, 'cars.db'),
      CARS_CLOCK_AT: at.toISOString(),
      CARS_SIGN_INS_PER_MINUTE: '600',
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (tries > 100 || child.exitCode !== null) {
      stop();
      throw new Error(`the server with CARS_CLOCK_AT=${at.toISOString()} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const season of [
  { month: 1, name: 'January', abbreviation: 'EST', hour: '9' },
  { month: 7, name: 'July', abbreviation: 'EDT', hour: '10' },
]) {
  test(`in ${season.name} times read as Michigan ${season.abbreviation}`, async ({ browser, javaScriptEnabled }, testInfo) => {
    test.setTimeout(patience(90_000));
    const at = nextFifteenth(season.month);
    const server = await serverAt(at);
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled });
    try {
      const page = await context.newPage();
      const login = await createLogin(server.url);
      await signIn(page, login, javaScriptEnabled);
      await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
      await expect(page).toHaveURL((url) => url.pathname === '/settings');
      await page.getByTestId('open-activity').click();
      await expect(page).toHaveURL((url) => url.pathname === '/settings/activity');
      // The sign-in a moment ago, in Michigan time: never UTC.
      const day = `${season.name.slice(0, 3)} 15, ${at.getUTCFullYear()}`;
      const when = new RegExp(`${day}, ${season.hour}:0\\d AM ${season.abbreviation}`);
      await expect(page.getByTestId('activity')).toContainText(when);
      await expect(page.getByTestId('activity')).not.toContainText('UTC');
      await expectNoAxeViolations(page, testInfo);
    } finally {
      await context.close();
      server.stop();
    }
  });
}
