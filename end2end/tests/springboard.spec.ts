import { type Page } from '@playwright/test';
import { createLogin, signIn } from './accounts';
import { expect, expectNoAxeViolations, expectStep, test, waitForHydration } from './fixtures';
import { newestAuthorizationCode } from './helpers';
import { patience } from '../patience';

/*
 * SPEC §4.4–4.5: Add Account Access with a code requested by email (read
 * from the development outbox), then the springboard card and removing
 * access with its confirmation; JavaScript on and off; axe-core on every
 * step. Uses the demo record Z123456 (Ellen Hall, a mechanic with an email
 * on record).
 */

const RECORD_EMAIL = 'ellen.hall@example.com';

/** Request Code by email for Z123456 (its own journey is account-access.spec.ts). */
async function requestCodeByEmail(page: Page): Promise<string> {
  await page.getByTestId('request-code').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request');
  await page.getByTestId('next').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/account-info');
  await page.locator('#account_number').fill('Z123456');
  await page.getByTestId('next').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/account-details');
  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByTestId('next').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/summary');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/confirmation');
  const code = await newestAuthorizationCode(page.request, RECORD_EMAIL);
  await page.getByTestId('ok').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
  return code;
}

test('add account access, see the springboard card, remove access', async ({ page, javaScriptEnabled, baseURL }) => {
  // A sign-up, a code request and four steps, each checked with axe.
  test.setTimeout(patience(180_000));
  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await waitForHydration(page, javaScriptEnabled);
  const code = await requestCodeByEmail(page);

  // Authorization Code.
  await page.getByTestId('add-access').click();
  await expectStep(page, '/account-access/add', 'Authorization Code', javaScriptEnabled);
  await expect(page.getByTestId('step-indicator')).toContainText('Step 1 of 4');
  await expect(page.getByRole('link', { name: /terms & conditions/ })).toHaveAttribute('href', '/terms');

  // The terms box unticked: "you won't be able to continue".
  await page.locator('#authorization_code').fill(code);
  await page.getByTestId('next').click();
  await expect(page.locator('#agree_terms-error')).toContainText("or you won't be able to continue");
  await expect(page.getByTestId('error-summary')).toBeFocused();
  // Said in the summary and by the box, not a third time as the box's note.
  await expect(page.locator('#agree_terms-note')).toHaveCount(0);
  await expect(page.locator('#agree_terms')).toHaveAttribute('aria-describedby', 'agree_terms-error');
  await expect(page.locator('#authorization_code'), 'what was typed is kept').toHaveValue(code);
  await expectNoAxeViolations(page);

  // A wrong code says plainly how many tries are left, keeps what was typed,
  // and does not alarm with the void rule while it is far off.
  await page.locator('#authorization_code').fill('00000-00000');
  await page.locator('#agree_terms').check();
  await page.getByTestId('next').click();
  await expect(page.locator('#authorization_code-error')).toContainText('That authorization code is not right.');
  await expect(page.locator('#authorization_code-error')).toContainText('4 more tries');
  await expect(page.locator('#authorization_code-error')).not.toContainText('stops working');
  await expect(page.locator('#authorization_code')).toHaveValue('00000-00000');
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectNoAxeViolations(page);

  // The right code, in small letters without the dash.
  await page.locator('#authorization_code').fill(code.toLowerCase().replace('-', ''));
  await page.locator('#agree_terms').check();
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/add/account-info', 'Account Info', javaScriptEnabled);
  await expect(page.getByTestId('account-type')).toHaveText('Mechanic');
  await expect(page.getByTestId('account-number')).toHaveText('Z123456');
  await expect(page.getByTestId('account-name')).toHaveText('Ellen Hall');

  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/add/email', 'Email', javaScriptEnabled);
  await expect(page.locator('#email')).toHaveValue(login.email);
  await page.locator('#email').fill('not an address');
  await page.getByTestId('next').click();
  await expect(page.locator('#email-error')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectNoAxeViolations(page);
  const notices = `notices.${login.userId}@example.com`;
  await page.locator('#email').fill(notices);
  await page.getByTestId('next').click();

  await expectStep(page, '/account-access/add/summary', 'Summary', javaScriptEnabled);
  await expect(page.getByTestId('summary-username')).toHaveText(login.userId);
  await expect(page.getByTestId('summary')).toContainText('Adding Account Access');
  await expect(page.getByTestId('summary-type')).toHaveText('Mechanic');
  await expect(page.getByTestId('summary-email')).toHaveText(notices);

  // Submit: the springboard, with the news and the card.
  await page.getByTestId('submit').click();
  await expectStep(page, '/springboard', 'Springboard', javaScriptEnabled);
  await expect(page.getByTestId('springboard-welcome')).toContainText(
    'Congratulations, you have reached your CARS e-Services business account "springboard."',
  );
  await expect(page.getByTestId('springboard-notice')).toContainText(
    'Account access was added: the Mechanic account Z123456 (Ellen Hall) is on your springboard.',
  );
  const card = page.getByTestId('account-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('card-number')).toHaveText('Z123456');
  await expect(card.getByTestId('card-status')).toHaveText('Active');
  const brakes = card.getByTestId('certifications').getByRole('row', { name: /Brakes/ });
  await expect(brakes).toContainText('Certified');
  await expect(brakes).toContainText('2028-06-30');
  await expect(page.getByTestId('add-another')).toHaveAttribute('href', '/account-access');
  await expect(page.getByTestId('activity')).toContainText('Business account access added');
  await expect(page.getByTestId('activity')).toContainText('Authorization code requested by email');
  // The activity table's cells are padded; Log Off weighs what Settings beside it does.
  const padding = await page.getByTestId('activity').locator('td').first().evaluate((td) => parseFloat(getComputedStyle(td).paddingLeft));
  expect(padding).toBeGreaterThan(4);
  const weight = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => getComputedStyle(el).fontWeight);
  expect(await weight(page.getByTestId('log-off'))).toBe(await weight(page.getByRole('banner').getByRole('link', { name: 'Settings' })));

  // Remove access: asked first; "No" keeps it.
  await card.getByTestId('remove-access').click();
  const confirm = page.getByTestId('confirm-remove');
  await expect(confirm).toContainText('Remove your access to Z123456?');
  await expect(confirm.getByRole('heading')).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByTestId('keep-access').click();
  await expect(page.getByTestId('confirm-remove')).toHaveCount(0);
  await expect(page.getByTestId('account-card')).toHaveCount(1);

  await page.getByTestId('remove-access').click();
  await page.getByTestId('confirm-remove-button').click();
  await expect(page.getByTestId('springboard-notice')).toContainText(
    'Access to the Mechanic account Z123456 (Ellen Hall) was removed from your login.',
  );
  await expect(page.getByTestId('account-card')).toHaveCount(0);
  await expect(page.getByTestId('no-accounts')).toBeVisible();
  await expect(page.getByTestId('activity')).toContainText('Business account access removed');
  await expectNoAxeViolations(page);

  // With no account left, the springboard sends the login to the options.
  await page.goto('/springboard');
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
});

/*
 * SPEC §4.3 letters: a letter requested for Z234567 (no email on record),
 * exported by the operator's `server mail export` as it would be for the
 * print vendor, and its code — read from the batch file, the only place it
 * exists in plain text — adds the account. `make test-e2e` names the
 * server binary and its database (E2E_SERVER_BIN, E2E_DATABASE).
 */
test('a code that came by letter adds the account', async ({ page, javaScriptEnabled, baseURL }) => {
  test.setTimeout(patience(180_000));
  const serverBin = process.env.E2E_SERVER_BIN;
  const database = process.env.E2E_DATABASE;
  expect(serverBin && database, 'run through `make test-e2e`, which sets E2E_SERVER_BIN and E2E_DATABASE').toBeTruthy();

  const login = await createLogin(baseURL!);
  await signIn(page, login, javaScriptEnabled);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByTestId('request-code').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request');
  await page.getByTestId('next').click();
  await page.locator('#account_number').fill('Z234567');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('mailing-details')).toHaveText('The token will be mailed to the address on record');
  await page.getByTestId('next').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/summary');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access/request/confirmation');
  const confirmation = (await page.getByTestId('confirmation-number').textContent())!.replace(/-/g, '');

  // The operator exports the letters.
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const out = mkdtempSync(join(tmpdir(), 'cars-letters-'));
  execFileSync(serverBin!, ['mail', 'export', '--out', out], {
    env: { ...process.env, CARS_DEMO: 'true', CARS_DATABASE: database!, RUST_LOG: 'warn' },
  });
  const batch = readdirSync(out).find((f) => f.endsWith('.txt'));
  expect(batch, 'mail export wrote a batch file').toBeTruthy();
  expect(readdirSync(out).some((f) => f.endsWith('.pdf')), 'and a PDF').toBeTruthy();
  const lines = readFileSync(join(out, batch!), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('confirmation_number|account_number|name|address_line1|address_line2|city|state|zip|user_id|code|expires_on');
  const mine = lines.slice(1).map((l) => l.split('|')).find((f) => f[8] === login.userId);
  expect(mine, `a letter for ${login.userId} in the batch`).toBeTruthy();
  expect(mine![0].replace(/-/g, '')).toBe(confirmation);
  expect(mine!.slice(1, 3)).toEqual(['Z234567', 'Marcus Reyes']);
  const code = mine![9];
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

  // The person types the code from the letter.
  await page.getByTestId('ok').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account-access');
  await page.getByTestId('add-access').click();
  await expectStep(page, '/account-access/add', 'Authorization Code', javaScriptEnabled);
  await page.locator('#authorization_code').fill(code);
  await page.locator('#agree_terms').check();
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/add/account-info', 'Account Info', javaScriptEnabled);
  await expect(page.getByTestId('account-number')).toHaveText('Z234567');
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/add/email', 'Email', javaScriptEnabled);
  await page.getByTestId('next').click();
  await expectStep(page, '/account-access/add/summary', 'Summary', javaScriptEnabled);
  await page.getByTestId('submit').click();
  await expectStep(page, '/springboard', 'Springboard', javaScriptEnabled);
  const card = page.getByTestId('account-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('card-number')).toHaveText('Z234567');
  await expect(page.getByTestId('activity')).toContainText('Business account access added');
});
