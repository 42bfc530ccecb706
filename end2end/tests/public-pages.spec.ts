import { type Page } from '@playwright/test';
import { collectBrowserErrors, expect, expectNoAxeViolations, expectPageChrome, gotoOk, test, waitForHydration } from './fixtures';

/** SPEC.md §1: the pages anyone can open without signing in. */
const PUBLIC_PATHS = [
  '/',
  '/mechanic',
  '/login',
  '/login?type=school',
  '/faq',
  '/contact',
  '/terms',
  '/privacy',
  '/accessibility',
];

/** A link or a button with exactly this accessible name. */
function action(page: Page, name: string) {
  return page
    .getByRole('link', { name, exact: true })
    .or(page.getByRole('button', { name, exact: true }));
}

test.describe('every public page', () => {
  for (const path of PUBLIC_PATHS) {
    test(`${path} has heading, header, footer, no axe violations and no browser errors`, async ({
      page,
      javaScriptEnabled,
    }, testInfo) => {
      const browserErrors = await collectBrowserErrors(page);

      await gotoOk(page, path);
      await waitForHydration(page, javaScriptEnabled);

      await expectPageChrome(page);
      await expectNoAxeViolations(page, testInfo);
      browserErrors.expectNone();
    });
  }
});

test('header and footer name the Secretary of State and their links are targets of 24 px or more on a phone', async ({
  page,
  javaScriptEnabled,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await gotoOk(page, '/');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('banner')).toContainText('Michigan Secretary of State');
  await expect(page.getByRole('banner')).not.toContainText('Department of State');
  await expect(page.getByRole('contentinfo')).toContainText('Michigan Secretary of State – Here to serve you.');
  const links = page.locator('.site-nav a, .site-footer a');
  expect(await links.count()).toBeGreaterThan(5);
  for (const link of await links.all()) {
    const box = (await link.boundingBox())!;
    expect(box.height, `${await link.textContent()} is ${box.height} px tall`).toBeGreaterThanOrEqual(24);
  }
});

test.describe('page content', () => {
  test('home page introduces CARS e-Services and links to Mechanic Services', async ({
    page,
    javaScriptEnabled,
  }) => {
    await gotoOk(page, '/');
    await waitForHydration(page, javaScriptEnabled);

    const body = page.locator('body');
    await expect(body).toContainText('CARS e-Services');
    await expect(body).toContainText('A new era begins');
    await expect(body).toContainText('Michigan Secretary of State – Here to serve you');

    const mechanicServices = page.getByRole('link', { name: 'Mechanic Services' });
    await expect(mechanicServices).toHaveAttribute('href', '/mechanic');
    await mechanicServices.click();
    await expect(page).toHaveURL((url) => url.pathname === '/mechanic');
    await expect(page.getByTestId('page-heading')).toHaveText(
      'Mechanic and Mechanic School Services',
    );
  });

  test('/mechanic offers Mechanic Login and Mechanic School Login', async ({
    page,
    javaScriptEnabled,
  }) => {
    await gotoOk(page, '/mechanic');
    await waitForHydration(page, javaScriptEnabled);

    await expect(page.getByTestId('page-heading')).toHaveText(
      'Mechanic and Mechanic School Services',
    );
    await expect(action(page, 'Mechanic Login')).toBeVisible();
    await expect(action(page, 'Mechanic School Login')).toBeVisible();
  });

  test('Mechanic School Login leads to the school login page', async ({
    page,
    javaScriptEnabled,
  }) => {
    await gotoOk(page, '/mechanic');
    await waitForHydration(page, javaScriptEnabled);

    await action(page, 'Mechanic School Login').click();
    await expect(page).toHaveURL(
      (url) => url.pathname === '/login' && url.searchParams.get('type') === 'school',
    );
    await expect(page.getByTestId('page-heading')).toHaveText('Login as a Mechanic School');
  });

  test('Mechanic Login leads to the mechanic login page', async ({ page, javaScriptEnabled }) => {
    await gotoOk(page, '/mechanic');
    await waitForHydration(page, javaScriptEnabled);

    await action(page, 'Mechanic Login').click();
    await expect(page).toHaveURL(
      (url) => url.pathname === '/login' && url.searchParams.get('type') !== 'school',
    );
    await expect(page.getByTestId('page-heading')).toHaveText('Login as a Mechanic');
  });

  for (const path of ['/login', '/login?type=mechanic']) {
    test(`${path} is the mechanic login page`, async ({ page }) => {
      await gotoOk(page, path);
      await expect(page.getByTestId('page-heading')).toHaveText('Login as a Mechanic');
    });
  }

  for (const path of ['/login', '/login?type=school']) {
    test(`${path} explains MILogin and links to recovery and sign-up`, async ({ page }) => {
      await gotoOk(page, path);

      await expect(page.locator('main')).toContainText(
        'You must have an account with the state of Michigan MILogin system',
      );
      const userId = page.locator('#user_id');
      await expect(userId).toHaveAccessibleName(/User ID/);
      await expect(userId).toHaveAttribute('autocomplete', 'username');
      const password = page.locator('#password');
      await expect(password).toHaveAccessibleName(/Password/);
      await expect(password).toHaveAttribute('type', 'password');
      await expect(password).toHaveAttribute('autocomplete', 'current-password');
      await expect(page.getByRole('button', { name: 'LOG IN', exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Forgot User ID', exact: true })).toHaveAttribute(
        'href',
        /^\/forgot-user-id(\?|$)/,
      );
      await expect(page.getByRole('link', { name: 'Forgot Password', exact: true })).toHaveAttribute(
        'href',
        /^\/forgot-password(\?|$)/,
      );
      await expect(page.getByRole('link', { name: 'SIGN UP', exact: true })).toHaveAttribute(
        'href',
        /^\/signup(\/|\?|$)/,
      );
    });
  }
});

test.describe('hydrated single-page app', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs the WASM bundle');

  test('links navigate on the client after hydration, without a page load', async ({ page }) => {
    const browserErrors = await collectBrowserErrors(page);
    await gotoOk(page, '/');
    await waitForHydration(page, true);

    // A full page load would wipe this property; a client-side route change keeps it.
    await page.evaluate(() => {
      (window as unknown as { __e2eSameDocument: boolean }).__e2eSameDocument = true;
    });
    let documentRequests = 0;
    page.on('request', (request) => {
      if (request.isNavigationRequest()) documentRequests += 1;
    });

    await page.getByRole('link', { name: 'Mechanic Services' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/mechanic');
    await expect(page.getByTestId('page-heading')).toHaveText(
      'Mechanic and Mechanic School Services',
    );

    const sameDocument = await page.evaluate(
      () => (window as unknown as { __e2eSameDocument?: boolean }).__e2eSameDocument === true,
    );
    expect(sameDocument, 'the click reloaded the page instead of routing on the client').toBe(true);
    expect(documentRequests, 'document requests during client-side navigation').toBe(0);
    browserErrors.expectNone();
  });

  test('a repeat visit downloads no WASM, JS or CSS: the bundle is kept under its build id', async ({ page }) => {
    // What the page fetched from /pkg and how many bytes crossed the network
    // for each (0: the browser's cache answered without asking the server).
    const bundleFetches = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e as PerformanceResourceTiming)
          .filter((e) => new URL(e.name).pathname.startsWith('/pkg/'))
          .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize })),
      );

    await gotoOk(page, '/');
    await waitForHydration(page, true);
    const first = await bundleFetches();
    const wasm = first.filter((f) => f.path.endsWith('.wasm'));
    expect(wasm.length, `the first visit loads the WASM: ${JSON.stringify(first)}`).toBeGreaterThan(0);
    expect(wasm.every((f) => f.transferred > 0), JSON.stringify(first)).toBe(true);
    expect(first.every((f) => /^\/pkg\/[0-9a-f]{16}\//.test(f.path)), `named under the build id: ${JSON.stringify(first)}`).toBe(
      true,
    );

    // Kept on purpose, not by the browser's guess from the file's age.
    for (const file of first) {
      const answer = await page.request.get(file.path);
      expect(answer.headers()['cache-control'], file.path).toBe('public, max-age=31536000, immutable');
    }

    // A new page load (not a reload, which asks again on purpose).
    await gotoOk(page, '/login');
    await waitForHydration(page, true);
    await expect(page.getByRole('button', { name: 'LOG IN', exact: true })).toBeVisible();
    const again = await bundleFetches();
    expect(again.some((f) => f.path.endsWith('.wasm')), `the WASM is still used: ${JSON.stringify(again)}`).toBe(true);
    expect(again.filter((f) => f.transferred > 0), 'fetched again from the server').toEqual([]);
  });

  test('after a client-side navigation focus moves to the new page heading', async ({ page }) => {
    await gotoOk(page, '/mechanic');
    await waitForHydration(page, true);

    await page.getByRole('link', { name: 'Mechanic School Login' }).click();
    const heading = page.getByTestId('page-heading');
    await expect(heading).toHaveText('Login as a Mechanic School');
    await expect(heading).toBeFocused();
  });
});
