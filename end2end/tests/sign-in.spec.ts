import { type Page } from '@playwright/test';
import { createLogin } from './accounts';
import { collectBrowserErrors, expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';
import { newestCode, totpNow } from './helpers';
import { patience } from '../patience';

/*
 * SPEC §3: sign in with the password and then each kind of method, Log Off,
 * protected pages, and (with JavaScript) the idle warning. Both projects.
 */

async function passwordStep(page: Page, userId: string, password: string): Promise<void> {
  await page.locator('#user_id').fill(userId);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login/verify');
  await expect(page.getByTestId('page-heading')).toHaveText('Verify it is you');
}

test.describe('sign in', () => {
  test('with an emailed code, then Log Off', async ({ page, javaScriptEnabled, request, baseURL }, testInfo) => {
    const errors = await collectBrowserErrors(page);
    const login = await createLogin(baseURL!);

    // A protected page sends the browser to sign in, and back after.
    await page.goto('/account-access');
    await expect(page).toHaveURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/account-access');
    await waitForHydration(page, javaScriptEnabled);
    await passwordStep(page, login.userId, login.password);
    await expectNoAxeViolations(page, testInfo);

    // No box to type a code into before a code was sent.
    const email = page.getByTestId('choice-email');
    await expect(page.locator('#email_code')).toHaveCount(0);
    await expect(email.getByTestId('send_email')).toHaveText(/^Send a code to /);
    await email.getByTestId('send_email').click();
    await expect(page.getByTestId('notice')).toContainText('We sent a 6-digit code');
    await expect(email.getByTestId('send_email')).toHaveText(/^Send a new code to /);
    await expect(email.getByRole('button', { name: 'VERIFY the email code' })).toBeVisible();
    await page.locator('#email_code').fill('000000' === (await newestCode(request, login.email)) ? '111111' : '000000');
    await email.getByTestId('check_email').click();
    await expect(page.locator('#email_code-error')).toContainText('not right');
    await expectNoAxeViolations(page, testInfo);
    await page.locator('#email_code').fill(await newestCode(request, login.email));
    await email.getByTestId('check_email').click();

    await expect(page).toHaveURL((url) => url.pathname === '/account-access');
    await expect(page.getByTestId('welcome-user')).toHaveText(`Welcome, ${login.userId}`);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Settings' })).toBeVisible();
    await expectNoAxeViolations(page, testInfo);

    await page.getByTestId('log-off').click();
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.getByTestId('signed-out')).toBeVisible();
    await expect(page.getByTestId('welcome-user')).toHaveCount(0);
    await page.goto('/account-access');
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    errors.expectNone();
  });

  test('with an authenticator app', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
    const login = await createLogin(baseURL!, { totp: true });
    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
    await passwordStep(page, login.userId, login.password);
    // The sign-up spent the current time step (no replay), so use the next
    // one, which the server accepts as one step of clock drift.
    await page.locator('#totp_code').fill(totpNow(login.totpSecret!, Date.now() + 30_000));
    await page.getByTestId('check_totp').click();
    await expect(page).toHaveURL((url) => url.pathname === '/account-access');
    await expect(page.getByTestId('welcome-user')).toHaveText(`Welcome, ${login.userId}`);
    await expectNoAxeViolations(page, testInfo);
  });

  test('with a backup code, which works only once', async ({ page, javaScriptEnabled, baseURL }) => {
    const login = await createLogin(baseURL!, { backup: true });
    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
    await passwordStep(page, login.userId, login.password);
    await page.locator('#backup_code').fill(login.backupCodes![4]);
    await page.getByTestId('check_backup').click();
    await expect(page).toHaveURL((url) => url.pathname === '/account-access');
    await page.getByTestId('log-off').click();
    await expect(page).toHaveURL((url) => url.pathname === '/login');

    await passwordStep(page, login.userId, login.password);
    await page.locator('#backup_code').fill(login.backupCodes![4]);
    await page.getByTestId('check_backup').click();
    await expect(page.locator('#backup_code-error')).toContainText('not one of your unused backup codes');
  });

  test('the idle warning offers to stay signed in', async ({ page, javaScriptEnabled, request, baseURL }, testInfo) => {
    test.skip(!javaScriptEnabled, 'the warning dialog needs JavaScript; without it the session simply ends');
    test.setTimeout(patience(60_000));
    const login = await createLogin(baseURL!);
    await gotoOk(page, '/login');
    await waitForHydration(page, true);
    await passwordStep(page, login.userId, login.password);
    await page.getByTestId('send_email').click();
    await expect(page.getByTestId('notice')).toContainText('We sent');
    await page.locator('#email_code').fill(await newestCode(request, login.email));
    await page.getByTestId('check_email').click();
    await expect(page).toHaveURL((url) => url.pathname === '/account-access');

    // The e2e server runs with a short idle timeout (Makefile): the warning
    // comes once the server says less than the warning time is left.
    const dialog = page.getByTestId('idle-warning');
    await expect(dialog).toBeVisible({ timeout: patience(30_000) });
    await expect(dialog).toBeFocused();
    await expect(dialog).toContainText('logged off in');
    await expectNoAxeViolations(page, testInfo);
    await page.getByTestId('stay-signed-in').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('welcome-user')).toBeVisible();
  });
});
