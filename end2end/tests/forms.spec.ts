import { type Page } from '@playwright/test';
import { expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';

/*
 * SPEC.md §7: every form posts and redirects from server-rendered HTML; errors and
 * typed values come back through server-side state, never through the URL. The same
 * tests run hydrated ("js") and as plain HTML ("nojs").
 */

/** The part of the current address a person could bookmark or leak: path, query, fragment. */
function addressAfterOrigin(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
}

async function submitLogin(page: Page, userId: string, password: string): Promise<void> {
  await page.locator('#user_id').fill(userId);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();
}

test.describe('login form', () => {
  test.beforeEach(async ({ page, javaScriptEnabled }) => {
    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
  });

  test('invalid input comes back with an error summary, field errors and the typed user ID', async ({
    page,
  }, testInfo) => {
    await submitLogin(page, 'ab c', '');

    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeVisible();
    await expect(summary).toContainText('There is a problem');
    await expect(summary.locator('a[href="#user_id"]')).toBeVisible();
    await expect(summary.locator('a[href="#password"]')).toBeVisible();

    // Still on the login page, and nothing typed travels in the address.
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    const address = addressAfterOrigin(page);
    expect(address).not.toContain('ab');
    expect(address).not.toContain('user_id');

    const userId = page.locator('#user_id');
    const userIdError = page.locator('#user_id-error');
    await expect(userIdError).toBeVisible();
    await expect(userIdError).toHaveText(/\S/);
    await expect(userId).toHaveValue('ab c');
    await expect(userId).toHaveAttribute('aria-invalid', 'true');
    await expect(userId).toHaveAttribute('aria-describedby', /(^|\s)user_id-error(\s|$)/);

    const password = page.locator('#password');
    await expect(page.locator('#password-error')).toContainText('Enter your password');
    await expect(password).toHaveValue('');
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAttribute('aria-describedby', /(^|\s)password-error(\s|$)/);

    await expectNoAxeViolations(page, testInfo);
  });

  test('the error summary takes focus', async ({ page }) => {
    await submitLogin(page, 'ab c', '');

    await expect(page.getByTestId('error-summary')).toBeFocused();
  });

  test('a wrong password states the lockout rule and keeps only the user ID', async ({ page }) => {
    await submitLogin(page, 'smithj9999', 'not-the-password');

    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeVisible();
    await expect(summary).toContainText(
      /after 3 wrong tries a login is locked for 30 minutes/i,
    );
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    const address = addressAfterOrigin(page);
    expect(address).not.toContain('smithj9999');
    expect(address).not.toContain('not-the-password');

    await expect(page.locator('#user_id')).toHaveValue('smithj9999');
    // A password is never sent back, and the hydrated form clears it too.
    await expect(page.locator('#password')).toHaveValue('');
  });

  test('a bad attempt followed by a wrong password shows only the new problem', async ({
    page,
  }) => {
    await submitLogin(page, 'ab c', '');
    const summary = page.getByTestId('error-summary');
    const userIdError = page.locator('#user_id-error');
    await expect(userIdError).toHaveText(/\S/);
    const syntaxProblem = (await userIdError.innerText()).trim();

    await submitLogin(page, 'smithj9999', 'not-the-password');
    await expect(summary).toContainText(
      /after 3 wrong tries a login is locked for 30 minutes/i,
    );
    await expect(summary).not.toContainText(syntaxProblem);
    await expect(page.locator('#user_id')).toHaveValue('smithj9999');
  });
});
