import { type APIRequestContext, type Page } from '@playwright/test';
import { createLogin } from './accounts';
import { collectBrowserErrors, expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';
import { newestCode } from './helpers';
import { patience } from '../patience';

/*
 * SPEC §3: Forgot User ID and Forgot Password, from the links on the Login
 * page, hydrated ("js") and as plain HTML forms ("nojs"). Both answer the same
 * whether or not a login exists; a reset needs the emailed code, refuses a
 * recent password, never signs in, and the next sign-in still asks for the
 * second step. Messages are read from the development outbox (demo mode).
 */

const USER_IDS_SENT =
  'If any MILogin for Third Party accounts use that email address, we have sent their User IDs to it.';
const CODE_SENT = 'If that login exists, we sent a 6-digit code to its email address.';

async function expectPage(page: Page, path: string, heading: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === path);
  await expect(page.getByTestId('page-heading')).toHaveText(heading);
}

/** The text (subject, recipient, body) of the newest outbox message to `recipient`. */
async function newestMessageTo(request: APIRequestContext, recipient: string): Promise<string> {
  const html = await (await request.get('/dev/outbox')).text();
  const at = html.indexOf(`>${recipient}<`);
  expect(at, `no message to ${recipient} in the outbox`).toBeGreaterThan(-1);
  const message = html.slice(html.lastIndexOf('<li', at), html.indexOf('</li>', at));
  return message.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&');
}

/**
 * Submits with the button and waits for the answer: the server function's
 * data with JavaScript, the page the browser is sent back to without.
 */
async function submit(page: Page, javaScriptEnabled: boolean, button: string, endpoint: string): Promise<void> {
  const answered = javaScriptEnabled
    ? page.waitForResponse((response) => new URL(response.url()).pathname === `/api/${endpoint}`)
    : page.waitForEvent('load');
  await page.getByTestId(button).click();
  await answered;
}

async function logIn(page: Page, userId: string, password: string): Promise<void> {
  await page.locator('#user_id').fill(userId);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();
}

test.describe('recovery', () => {
  test('Forgot User ID answers alike and emails every User ID on the address', async (
    { page, javaScriptEnabled, request, baseURL },
    testInfo,
  ) => {
    const errors = await collectBrowserErrors(page);
    const login = await createLogin(baseURL!);

    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
    await page.getByRole('link', { name: 'Forgot User ID', exact: true }).click();
    await expectPage(page, '/forgot-user-id', 'Forgot User ID');
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.locator('#email')).toHaveAttribute('autocomplete', 'email');
    await expectNoAxeViolations(page, testInfo);

    // A malformed address: the summary takes focus, the field says why, the typing stays.
    await page.locator('#email').fill('not-an-address');
    await submit(page, javaScriptEnabled, 'send-user-ids', 'forgot_user_id');
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary.locator('a[href="#email"]')).toBeVisible();
    await expect(page.locator('#email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#email-error')).toContainText('correct format');
    await expect(page.locator('#email')).toHaveValue('not-an-address');
    await expectNoAxeViolations(page, testInfo);

    // An address nobody uses and one a login uses: the same answer.
    const nobody = `nobody.${testInfo.project.name}${Date.now()}@example.com`;
    await page.locator('#email').fill(nobody);
    await submit(page, javaScriptEnabled, 'send-user-ids', 'forgot_user_id');
    await expect(page.getByTestId('notice')).toHaveText(USER_IDS_SENT);
    await expect(summary).toHaveCount(0);
    const unknownAnswer = await page.locator('main').innerText();
    await expectNoAxeViolations(page, testInfo);

    await page.locator('#email').fill(login.email);
    await submit(page, javaScriptEnabled, 'send-user-ids', 'forgot_user_id');
    await expect(page.getByTestId('notice')).toHaveText(USER_IDS_SENT);
    expect(await page.locator('main').innerText()).toBe(unknownAnswer);
    expect(new URL(page.url()).search).toBe('');

    const message = await newestMessageTo(request, login.email);
    expect(message).toContain('Your CARS e-Services User ID');
    expect(message).toContain(login.userId);
    const outbox = await (await request.get('/dev/outbox')).text();
    expect(outbox).not.toContain(`>${nobody}<`);
    errors.expectNone();
  });

  test('Forgot Password: code, new password, and the next sign-in still asks for the second step', async (
    { page, javaScriptEnabled, request, baseURL },
    testInfo,
  ) => {
    test.setTimeout(patience(90_000));
    const errors = await collectBrowserErrors(page);
    const login = await createLogin(baseURL!);

    // ---- The User ID ----------------------------------------------------------
    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
    await page.getByRole('link', { name: 'Forgot Password', exact: true }).click();
    await expectPage(page, '/forgot-password', 'Forgot Password');
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.locator('#user_id')).toHaveAttribute('autocomplete', 'username');
    await expectNoAxeViolations(page, testInfo);

    await submit(page, javaScriptEnabled, 'send-code', 'forgot_password');
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.locator('a[href="#user_id"]')).toBeVisible();
    await expect(page.locator('#user_id-error')).toContainText('Enter your User ID.');
    await expectNoAxeViolations(page, testInfo);

    await page.locator('#user_id').fill(login.userId);
    await page.getByTestId('send-code').click();

    // ---- The code ---------------------------------------------------------------
    await expectPage(page, '/forgot-password/code', 'Enter your code');
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.getByTestId('code-sent')).toContainText(CODE_SENT);
    await expect(page.locator('#email_code')).toHaveAttribute('autocomplete', 'one-time-code');
    expect(new URL(page.url()).search).toBe('');
    await expectNoAxeViolations(page, testInfo);

    const code = await newestCode(request, login.email);
    expect(await newestMessageTo(request, login.email)).toContain('password reset code');
    await page.locator('#email_code').fill(code === '000000' ? '111111' : '000000');
    await submit(page, javaScriptEnabled, 'check-code', 'forgot_password_code');
    await expect(page.locator('#email_code-error')).toContainText('not right');
    await expect(summary).toBeFocused();
    await expect(page.locator('#email_code')).toHaveValue('');
    await expectNoAxeViolations(page, testInfo);

    // Asking again within a minute is refused, with the reason, beside the
    // button: information, not an error on the code field.
    await submit(page, javaScriptEnabled, 'resend-code', 'forgot_password_code');
    await expect(page.getByTestId('send-refused-email_code')).toContainText('less than a minute ago');
    await expect(page.locator('#email_code-error')).toHaveCount(0);

    await page.locator('#email_code').fill(code);
    await page.getByTestId('check-code').click();

    // ---- The new password -------------------------------------------------------
    await expectPage(page, '/forgot-password/new', 'Choose a new password');
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.getByTestId('reset-user-id')).toHaveText(login.userId);
    await expect(page.locator('#password')).toHaveAttribute('autocomplete', 'new-password');
    await expect(page.locator('#confirm_password')).toHaveAttribute('autocomplete', 'new-password');
    await expectNoAxeViolations(page, testInfo);

    const guideline = (name: string) => page.locator(`[data-guideline="${name}"]`);
    if (javaScriptEnabled) {
      // Ticked live, by the same Rust rules the server runs.
      await page.locator('#password').fill(`${login.userId}A!`);
      await expect(guideline('MinLength')).toHaveAttribute('data-met', 'true');
      await expect(guideline('NotBasedOnUserId')).toHaveAttribute('data-met', 'false');
      // Only the server, holding the hashes, knows the last 3 passwords.
      await expect(guideline('NotRecent')).toHaveAttribute('data-met', '');
    }

    // The current password is one of the last 3: refused, and never shown again.
    await page.locator('#password').fill(login.password);
    await page.locator('#confirm_password').fill(login.password);
    await submit(page, javaScriptEnabled, 'save-password', 'forgot_password_new');
    await expect(page.locator('#password-error')).toContainText('cannot be one of the last 3 passwords');
    await expect(summary).toBeFocused();
    await expect(page.locator('#password')).toHaveValue('');
    await expect(page.locator('#confirm_password')).toHaveValue('');
    await expectNoAxeViolations(page, testInfo);

    const newPassword = `Brake-Caliper#${Date.now() % 1000}`;
    await page.locator('#password').fill(newPassword);
    await page.locator('#confirm_password').fill(newPassword);
    if (javaScriptEnabled) {
      for (const name of ['MinLength', 'ThreeCategories', 'NotBasedOnUserId', 'MaxLength', 'NotCommon']) {
        await expect(guideline(name)).toHaveAttribute('data-met', 'true');
      }
    }
    await page.getByTestId('save-password').click();

    // ---- Done: not signed in ----------------------------------------------------
    await expectPage(page, '/forgot-password/done', 'Password reset');
    await expect(page.getByTestId('reset-done')).toHaveText('Your password has been reset. Please log in.');
    await expect(page.getByTestId('welcome-user')).toHaveCount(0);
    await expectNoAxeViolations(page, testInfo);
    expect(await newestMessageTo(request, login.email)).toContain('Your CARS e-Services password was changed');

    // The reset is used up.
    await gotoOk(page, '/forgot-password/new');
    await expect(page.getByTestId('reset-missing')).toBeVisible();
    await expectNoAxeViolations(page, testInfo);

    // The old password no longer works; the new one still needs the second step.
    await gotoOk(page, '/login');
    await waitForHydration(page, javaScriptEnabled);
    await logIn(page, login.userId, login.password);
    await expect(page.getByTestId('form-error')).toContainText('not correct');
    await logIn(page, login.userId, newPassword);
    await expectPage(page, '/login/verify', 'Verify it is you');
    await expect(page.getByTestId('choice-email')).toBeVisible();
    errors.expectNone();
  });

  test('leaving "Choose a new password" mid-check leaves the app alive', async ({ page, javaScriptEnabled, request, baseURL }) => {
    // The live common-password check (a timer, then a request) must not
    // outlive the page: a read of a value disposed with it panics, and a
    // panic in WASM traps and can leave the app dead.
    test.skip(!javaScriptEnabled, 'the live check needs JavaScript');
    const errors = await collectBrowserErrors(page);
    const login = await createLogin(baseURL!);
    await gotoOk(page, '/forgot-password');
    await waitForHydration(page, javaScriptEnabled);
    await page.locator('#user_id').fill(login.userId);
    await page.getByTestId('send-code').click();
    await expectPage(page, '/forgot-password/code', 'Enter your code');
    await waitForHydration(page, javaScriptEnabled);
    await page.locator('#email_code').fill(await newestCode(request, login.email));
    await page.getByTestId('check-code').click();
    await expectPage(page, '/forgot-password/new', 'Choose a new password');
    await waitForHydration(page, javaScriptEnabled);

    // Gone while the pause before asking is still being timed.
    await page.locator('#password').fill('Brake-Caliper#1');
    await page.getByRole('banner').getByRole('link', { name: 'FAQs', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/faq');
    await page.waitForTimeout(1_000);

    // Gone while the question is on its way (held back a second).
    await page.route('**/api/forgot_password_common', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    });
    await page.goBack();
    await expectPage(page, '/forgot-password/new', 'Choose a new password');
    await page.locator('#password').fill('Brake-Caliper#2');
    await page.waitForRequest('**/api/forgot_password_common');
    await page.getByRole('banner').getByRole('link', { name: 'FAQs', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/faq');
    await page.waitForTimeout(1_500);

    // Still a working app: a client-side move renders the next page.
    await page.getByRole('banner').getByRole('link', { name: 'Contact Us', exact: true }).click();
    await expect(page.getByTestId('page-heading')).toHaveText(/Contact/);
    errors.expectNone();
  });

  test('Forgot Password for a User ID nobody has looks the same', async (
    { page, javaScriptEnabled },
    testInfo,
  ) => {
    await gotoOk(page, '/forgot-password');
    await waitForHydration(page, javaScriptEnabled);
    await page.locator('#user_id').fill(`nobody${Date.now()}`);
    await page.getByTestId('send-code').click();
    await expectPage(page, '/forgot-password/code', 'Enter your code');
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.getByTestId('code-sent')).toContainText(CODE_SENT);

    // Every code is "not right", with the same count as for a real login.
    await page.locator('#email_code').fill('123456');
    await page.getByTestId('check-code').click();
    await expect(page.locator('#email_code-error')).toContainText('That code is not right');
    await expect(page.locator('#email_code-error')).toContainText('9 tries left');
    await expectNoAxeViolations(page, testInfo);

    // The new-password page is not open without a right code.
    await gotoOk(page, '/forgot-password/new');
    await expect(page.getByTestId('reset-missing')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Start again' })).toHaveAttribute('href', '/forgot-password');
    await expectNoAxeViolations(page, testInfo);
  });
});
