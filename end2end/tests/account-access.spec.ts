import { type Page } from '@playwright/test';
import { createLogin, signIn } from './accounts';
import { expect, expectNoAxeViolations, expectStep, test, waitForHydration } from './fixtures';
import { newestAuthorizationCode } from './helpers';
import { patience } from '../patience';

/*
 * SPEC §4.2–4.3: Account Access Options and Request Code, by email (the code
 * read back from the development outbox) and by letter, with JavaScript on
 * and off; axe-core on every step. Uses the demo records Z123456 (a
 * mechanic with an email on record) and Z234567 (one without).
 */

const NOT_FOUND = 'We could not find an account with that number and type';

// A whole journey: a login made, a sign-in, five steps and axe on each (in a
// scratch page without JavaScript), on a 2-core machine beside the server.
test.describe.configure({ timeout: patience(180_000) });

async function throughAccountType(page: Page, javaScriptEnabled: boolean): Promise<void> {
  await expect(page.getByTestId('page-heading')).toHaveText('Account Access Options');
  await expect(page.getByTestId('request-code')).toHaveText('Request Code');
  await expect(page.getByText('Request an Account Authorization Code')).toBeVisible();
  await expect(page.getByTestId('add-access')).toHaveText('Add Account Access');
  await expect(page.getByText('Enter Your Account Authorization Code to Gain Account Access')).toBeVisible();
  await expect(page.getByTestId('add-access')).toHaveAttribute('href', '/account-access/add');
  await expectNoAxeViolations(page);

  await page.getByTestId('request-code').click();
  await expectStep(page, '/account-access/request', 'Account Type', javaScriptEnabled);
  await expect(page.getByTestId('step-indicator')).toContainText('Step 1 of 5');
  // Preselected from the login page the login was made on.
  await expect(page.getByLabel('Mechanic', { exact: true })).toBeChecked();
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/request/account-info', 'Account Info', javaScriptEnabled);
  await expect(page.getByTestId('lookups-left')).toContainText('You can look up 10 different account numbers a day');
}

test('request an authorization code by email', async ({ page, javaScriptEnabled, baseURL }) => {
  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await waitForHydration(page, javaScriptEnabled);
  await throughAccountType(page, javaScriptEnabled);

  // A school's number as a mechanic reads like an unknown one.
  await page.locator('#account_number').fill('S345678');
  await page.getByTestId('next').click();
  await expect(page.locator('#account_number-error')).toHaveText(NOT_FOUND);
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.locator('#account_number')).toHaveValue('S345678');
  await expect(page.getByTestId('lookups-left')).toContainText('9 left today');
  await expectNoAxeViolations(page);

  await page.locator('#account_number').fill('z123456');
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/request/account-details', 'Account Details', javaScriptEnabled);
  await expect(page.getByTestId('masked-email')).toHaveText('The email address on record is E********L@EXAMPLE.COM');
  await expect(page.getByText('Would you like to receive your authorization code by email?')).toBeVisible();
  await expect(page.getByTestId('email-limit')).toContainText('5 of 5 codes left in any 24 hours');
  await expect(page.getByTestId('letter-limit')).toContainText('4 of 4 letters left in any 30 days');

  // No choice made: the error sits by the question.
  await page.getByTestId('next').click();
  await expect(page.locator('#by_email-error')).toHaveText('Select Yes or No.');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectNoAxeViolations(page);

  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/request/summary', 'Summary', javaScriptEnabled);
  await expect(page.getByTestId('summary-username')).toHaveText(login.userId);
  await expect(page.getByTestId('summary')).toContainText('Requesting an Account Authorization Code');
  await expect(page.getByTestId('summary-type')).toHaveText('Mechanic');
  await expect(page.getByTestId('summary-number')).toHaveText('Z123456');
  await expect(page.getByTestId('summary-notice')).toContainText('will be emailed to E********L@EXAMPLE.COM');
  await expect(page.getByTestId('cancel')).toHaveText('Cancel');

  await page.getByTestId('submit').click();
  await expectStep(page, '/account-access/request/confirmation', 'Confirmation', javaScriptEnabled);
  await expect(page.getByTestId('confirmation')).toHaveText(
    /^Your submission has been submitted and your confirmation number is \d-\d{3}-\d{3}-\d{3}\.$/,
  );
  const confirmation = (await page.getByTestId('confirmation-number').textContent())!;
  await expect(page.getByTestId('next-steps')).toContainText('We emailed your authorization code to E********L@EXAMPLE.COM');

  // The number is read out on the phone: one piece on one line, on a
  // 320 px screen and on paper (an inline element broken across lines has
  // a box per line).
  const lineBoxes = () => page.getByTestId('confirmation-number').evaluate((el) => el.getClientRects().length);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await lineBoxes()).toBe(1);
  await page.emulateMedia({ media: 'print' });
  expect(await lineBoxes()).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(size);

  // The code went to the address on record at once.
  expect(await newestAuthorizationCode(page.request, 'ellen.hall@example.com')).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

  // Printable View: the same confirmation, with the site's frame dropped on paper.
  await page.getByTestId('printable-view').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/printable');
  await expect(page.getByTestId('printable')).toContainText(confirmation);
  await expect(page.getByTestId('printable')).toContainText('Z123456');
  await expect(page.getByTestId('print')).toBeVisible({ visible: javaScriptEnabled });
  await expectNoAxeViolations(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(page.getByTestId('back')).toBeHidden();
  await expect(page.getByTestId('printable')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  await page.getByTestId('back').click();
  await expect(page.getByTestId('add-access-next')).toHaveAttribute('href', '/account-access/add');
  await page.getByTestId('ok').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
  // The request leaves a trace: what is coming, by what, what to do with it.
  await expect(page.getByTestId('on-the-way')).toContainText('The authorization code for Z123456 was emailed on');
  await expect(page.getByTestId('on-the-way')).toContainText('Choose Add Account Access and enter it.');
  await expectNoAxeViolations(page);
});

test('request a letter for a record without an email', async ({ page, javaScriptEnabled, baseURL }) => {
  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await waitForHydration(page, javaScriptEnabled);
  await throughAccountType(page, javaScriptEnabled);

  await page.locator('#account_number').fill('Z234567');
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/request/account-details', 'Account Details', javaScriptEnabled);
  await expect(page.getByTestId('mailing-details')).toHaveText('The token will be mailed to the address on record');
  await expect(page.getByTestId('masked-email')).toHaveCount(0);
  await expect(page.getByTestId('email-limit')).toHaveCount(0);
  await page.getByTestId('next').click();

  await expectStep(page, '/account-access/request/summary', 'Summary', javaScriptEnabled);
  await expect(page.getByTestId('summary-notice')).toHaveText(
    'The account authorization code necessary for granting you online access will be mailed to your address on file.',
  );
  await page.getByTestId('submit').click();
  await expectStep(page, '/account-access/request/confirmation', 'Confirmation', javaScriptEnabled);
  await expect(page.getByTestId('confirmation-number')).toHaveText(/^\d-\d{3}-\d{3}-\d{3}$/);
  await expect(page.getByTestId('next-steps')).toContainText('The token will be mailed to the address on record');

  // A second letter within 24 hours is refused, saying when it can be sent.
  await page.getByTestId('ok').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
  await expect(page.getByTestId('on-the-way')).toContainText('A letter with the authorization code for Z234567 is being prepared');
  await page.getByTestId('request-code').click();
  await expect(page.getByTestId('page-heading')).toHaveText('Account Type');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('page-heading')).toHaveText('Account Info');
  await page.locator('#account_number').fill('Z234567');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('letter-limit')).toContainText('3 of 4 letters left');
  await expect(page.getByTestId('letter-limit')).toContainText('The next letter can be requested after');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-summary')).toContainText('less than 24 hours ago');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectNoAxeViolations(page);
});
