import { collectBrowserErrors, expect, gotoOk, test, waitForHydration } from './fixtures';
import { patience } from '../patience';

/*
 * Issue 12 point 5: on a slow link a client-side move waits seconds for the
 * next page's code while the old page stays on screen. A bar across the top
 * (and `aria-busy` on the main region) says the move is under way.
 */

test('a slow move to another page shows progress until the page arrives', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'client-side moves need JavaScript; without it the browser shows its own progress');
  const errors = await collectBrowserErrors(page);
  let slow = false;
  // Once the page is up, every further piece of code is held back, as on a
  // slow link.
  await page.route('**/pkg/**', async (route) => {
    if (slow) await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await gotoOk(page, '/login');
  await waitForHydration(page, javaScriptEnabled);
  const bar = page.getByTestId('route-progress');
  await expect(bar).not.toHaveClass(/\bactive\b/);

  slow = true;
  await page.getByRole('link', { name: 'Forgot Password', exact: true }).click();
  await expect(bar).toHaveClass(/\bactive\b/);
  await expect(page.locator('main')).toHaveAttribute('aria-busy', 'true');

  await expect(page.getByTestId('page-heading')).toHaveText('Forgot Password', { timeout: patience(15_000) });
  await expect(bar).not.toHaveClass(/\bactive\b/);
  await expect(page.locator('main')).not.toHaveAttribute('aria-busy', 'true');
  errors.expectNone();
});
