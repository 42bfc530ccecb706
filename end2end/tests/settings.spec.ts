import { type Page } from '@playwright/test';
import { createLogin, signIn, type TestLogin } from './accounts';
import { expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';
import { newestCode, totpNow } from './helpers';
import { patience } from '../patience';

/* SPEC §3 Settings: password change under the state's rules, signing out other browsers. */

/** From the overview, the link to one section's page, which has its own heading. */
async function openSection(page: Page, section: string, heading: string, javaScriptEnabled: boolean): Promise<void> {
  await page.getByTestId(`open-${section}`).click();
  await expect(page).toHaveURL((url) => url.pathname === `/settings/${section}`);
  await expect(page.getByTestId('page-heading')).toHaveText(heading);
  if (javaScriptEnabled) await expect(page.getByTestId('page-heading')).toBeFocused();
}

test('change the password and sign out everywhere else', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/settings');
  await expect(page.getByTestId('page-heading')).toHaveText('Settings');
  await expect(page.getByTestId('settings-profile')).toContainText(login.userId);
  // The overview: a page per section, each saying where it stands.
  // (createLogin's own sign-up session is the other browser.)
  await expect(page.getByTestId('settings-sections')).toContainText('You are signed in here and on 1 other browser.');
  await expect(page.getByTestId('settings-sections')).toContainText('Latest: Signed in');
  await expectNoAxeViolations(page, testInfo);
  await openSection(page, 'password', 'Password', javaScriptEnabled);

  // The new password may not be the current one (the last 3 are refused).
  await page.locator('#current_password').fill(login.password);
  await page.locator('#new_password').fill(login.password);
  await page.locator('#confirm_password').fill(login.password);
  await page.getByTestId('change-password').click();
  await expect(page.locator('#new_password-error')).toContainText('last 3 passwords');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.locator('#current_password')).toHaveValue('');
  await expectNoAxeViolations(page, testInfo);

  await page.locator('#current_password').fill(login.password);
  await page.locator('#new_password').fill('Brake#Rotor77');
  await page.locator('#confirm_password').fill('Brake#Rotor77');
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('notice')).toContainText('Your password was changed.');
  await expect(page.getByTestId('page-heading')).toHaveText('Password');
  await expectNoAxeViolations(page, testInfo);

  await page.getByTestId('back-to-settings').click();
  await openSection(page, 'activity', 'Account activity', javaScriptEnabled);
  await expect(page.getByTestId('activity')).toContainText('Password changed');
  await page.getByTestId('back-to-settings').click();
  await openSection(page, 'browsers', 'Signed-in browsers', javaScriptEnabled);
  await page.getByTestId('sign-out-elsewhere').click();
  await expect(page.getByTestId('notice')).toContainText('Signed out of 0 other browsers');
  await expect(page.getByTestId('other-sessions')).toContainText('You are signed in on this browser only.');
  await expectNoAxeViolations(page, testInfo);
});

/* SPEC §3 Settings, the rest: profile and phones, email change, methods, closing the login. */

// Each journey signs up and in first, then runs axe on several states; without
// JavaScript axe works on a copy of every page, which is slow on 2 cores.
test.describe.configure({ timeout: patience(120_000) });

/** Signs in and opens one section's page from the Settings overview. */
async function openSettings(page: Page, login: TestLogin, javaScriptEnabled: boolean, section: string, heading: string): Promise<void> {
  await signIn(page, login, javaScriptEnabled);
  await gotoOk(page, '/settings');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByTestId('page-heading')).toHaveText('Settings');
  await openSection(page, section, heading, javaScriptEnabled);
}

test('edit the profile and phones under the sign-up rules', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  await openSettings(page, login, javaScriptEnabled, 'profile', 'Name and phone numbers');
  const form = page.getByTestId('profile-form');
  await form.locator('#first_name').fill('P4t');
  await page.getByTestId('save-profile').click();
  await expect(page.locator('#first_name-error')).toContainText('First name can only contain letters');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.locator('#first_name')).toHaveValue('P4t');
  await expectNoAxeViolations(page, testInfo);

  await page.locator('#first_name').fill('Patricia');
  await page.locator('#suffix').selectOption('Jr');
  await page.locator('#work_phone').fill('(517) 555-0199 ext. 42');
  await page.locator('#mobile_phone').fill('517-555-0177');
  await page.getByTestId('save-profile').click();
  await expect(page.getByTestId('notice')).toContainText('Your profile was saved.');
  await expect(page.locator('#first_name')).toHaveValue('Patricia');
  await expectNoAxeViolations(page, testInfo);
  await page.getByTestId('back-to-settings').click();
  await expect(page.getByTestId('settings-name')).toHaveText('Patricia Mechanic Jr');
  await expect(page.getByTestId('settings-work-phone')).toContainText('42');
  await expect(page.getByTestId('settings-sections')).toContainText('Latest: Profile changed');
});

test('change the email with the password and a code sent to the new address', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  const newEmail = `new.${login.email}`;
  await openSettings(page, login, javaScriptEnabled, 'email', 'Email address');
  await page.locator('#new_email').fill(newEmail);
  await page.locator('#confirm_new_email').fill(newEmail);
  await page.locator('#email_password').fill('Wrong#Pass99');
  await page.getByTestId('start-email-change').click();
  await expect(page.locator('#email_password-error')).toContainText('That is not your password.');
  await expect(page.locator('#new_email')).toHaveValue(newEmail);
  await expectNoAxeViolations(page, testInfo);

  await page.locator('#email_password').fill(login.password);
  await page.getByTestId('start-email-change').click();
  await expect(page.getByTestId('notice')).toContainText(`We sent a 6-digit code to ${newEmail}`);
  await expect(page.getByTestId('pending-email')).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === '/settings/email' && url.search === '');
  await expectNoAxeViolations(page, testInfo);
  await page.locator('#email_code').fill(await newestCode(page.request, newEmail));
  await page.getByTestId('confirm-email').click();
  await expect(page.getByTestId('notice')).toContainText(`Your email address is now ${newEmail}.`);
  await page.getByTestId('back-to-settings').click();
  await expect(page.getByTestId('settings-email')).toHaveText(newEmail);
  await expect(page.getByTestId('settings-sections')).toContainText('Latest: Email address changed');
  const outbox = await (await page.request.get('/dev/outbox')).text();
  expect(outbox).toContain(`>${login.email}<`);
  expect(outbox).toContain('Your CARS e-Services email address was changed');
  await expectNoAxeViolations(page, testInfo);
});

test('add and remove methods after typing the password again', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  await openSettings(page, login, javaScriptEnabled, 'methods', 'Verification methods');
  const methods = page.getByTestId('methods');
  await page.locator('#methods_password').fill('Wrong#Pass99');
  await page.getByTestId('unlock-methods').click();
  await expect(page.locator('#methods_password-error')).toContainText('That is not your password.');
  await page.locator('#methods_password').fill(login.password);
  await page.getByTestId('unlock-methods').click();
  await expect(page.getByTestId('notice')).toContainText('You can add and remove verification methods');
  await expect(page.getByTestId('current-methods')).toContainText('at least one must stay');
  await expectNoAxeViolations(page, testInfo);

  await page.getByTestId('start-totp').click();
  const secret = (await page.getByTestId('totp-secret').textContent())!;
  await expect(methods.locator('svg')).toBeVisible();
  await expectNoAxeViolations(page, testInfo);
  await page.locator('#totp_code').fill(totpNow(secret));
  await page.getByTestId('check-totp').click();
  await expect(page.getByTestId('notice')).toContainText('Authenticator app was added.');

  await page.getByTestId('create-backup').click();
  await expect(page.getByTestId('backup-codes')).toBeVisible();
  const first = (await page.getByTestId('backup-codes').locator('code').first().textContent())!;
  const allCodes = await page.getByTestId('backup-codes').locator('code').allInnerTexts();
  await expectNoAxeViolations(page, testInfo);
  // An empty entry is asked for, and the codes stay on the page.
  await page.getByTestId('check-backup').click();
  await expect(page.locator('#backup_code-error')).toContainText('Enter one of your backup codes.');
  await expect(page.getByTestId('backup-codes').locator('code')).toHaveText(allCodes);
  await page.locator('#backup_code').fill(first);
  await page.getByTestId('check-backup').click();
  await expect(page.getByTestId('notice')).toContainText('Backup codes were added.');

  await page.getByTestId('remove-email').click();
  await expect(page.getByTestId('notice')).toContainText('Email PIN was removed.');
  await expectNoAxeViolations(page, testInfo);
  await page.getByTestId('back-to-settings').click();
  await expect(page.getByTestId('settings-methods')).toHaveText('Authenticator app, Backup codes');
  await openSection(page, 'activity', 'Account activity', javaScriptEnabled);
  await expect(page.getByTestId('activity')).toContainText('Verification method removed: Email PIN');
  await expect(page.getByTestId('activity')).toContainText('Verification method added: Authenticator app');
});

test('close my login', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  await openSettings(page, login, javaScriptEnabled, 'close', 'Close your login');
  await page.locator('#close_password').fill(login.password);
  await page.getByTestId('close-my-login').click();
  await expect(page.locator('#close_confirm-error')).toContainText('Tick the box');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectNoAxeViolations(page, testInfo);

  await page.locator('#close_password').fill(login.password);
  await page.locator('#close_confirm').check();
  await page.getByTestId('close-my-login').click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByTestId('login-closed')).toContainText('Your login was closed');
  await expect(page.getByTestId('welcome-user')).toHaveCount(0);
  await expectNoAxeViolations(page, testInfo);

  await gotoOk(page, '/login');
  await waitForHydration(page, javaScriptEnabled);
  await page.locator('#user_id').fill(login.userId);
  await page.locator('#password').fill(login.password);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();
  await expect(page.getByTestId('error-summary')).toContainText('The User ID or password you entered is not correct.');
});
