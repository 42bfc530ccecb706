import { expect, test, type Page } from '@playwright/test';
import { createLogin, type TestLogin } from './accounts';
import { expectNoAxeViolations, gotoOk, waitForHydration } from './fixtures';
import { newestCode } from './helpers';

/* SPEC §3 Settings: password change under the state's rules, signing out other browsers. */

async function signIn(page: Page, login: TestLogin, javaScriptEnabled: boolean): Promise<void> {
  await gotoOk(page, '/login');
  await waitForHydration(page, javaScriptEnabled);
  await page.locator('#user_id').fill(login.userId);
  await page.locator('#password').fill(login.password);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login/verify');
  await page.getByTestId('send_email').click();
  await expect(page.getByTestId('notice')).toContainText('We sent');
  await page.locator('#email_code').fill(await newestCode(page.request, login.email));
  await page.getByTestId('check_email').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
}

test('change the password and sign out everywhere else', async ({ page, javaScriptEnabled, baseURL }, testInfo) => {
  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/settings');
  await expect(page.getByTestId('page-heading')).toHaveText('Settings');
  await expect(page.getByTestId('settings-profile')).toContainText(login.userId);
  await expect(page.getByTestId('activity')).toContainText('Signed in');
  await expectNoAxeViolations(page, testInfo);

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
  await expect(page.getByTestId('activity')).toContainText('Password changed');

  await page.getByTestId('sign-out-elsewhere').click();
  await expect(page.getByTestId('notice')).toContainText('Signed out of 0 other browsers');
  await expect(page.getByTestId('other-sessions')).toContainText('on 0 other browsers');
  await expectNoAxeViolations(page, testInfo);
});
