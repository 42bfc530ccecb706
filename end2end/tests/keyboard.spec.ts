import { type Locator, type Page } from '@playwright/test';
import { expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';
import { answerQuestion, newestAuthorizationCode, newestCode } from './helpers';
import { patience } from '../patience';

/*
 * The guide's whole journey with the keyboard alone — sign up, request an
 * authorization code, add the account, the springboard, log off — pressing
 * only Tab, Shift+Tab, Enter and Space (and typing into fields). On every
 * page: each control can be reached by Tab, the focused one is visibly
 * marked, Tab never gets stuck, and after each step focus lands on the new
 * page's heading or on the error summary.
 *
 * With JavaScript off the browser itself moves focus to the top of each new
 * page, so this walk is for the hydrated app.
 */

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'focus is moved by the hydrated app');
test.describe.configure({ timeout: patience(180_000) });

/** The focused element is marked: an outline or a box shadow. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { marked: true, what: 'the page' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { marked: outline || style.boxShadow !== 'none', what: el.outerHTML.slice(0, 100) };
  });
  expect(focus.marked, `the focus is visible on ${focus.what}`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    await expectVisibleFocus(page);
  }
  throw new Error(`Tab never reached ${target}`);
}

/**
 * Tabs once around the whole page and checks that every visible control got
 * focus (a radio group counts once: Tab enters it, arrows move within), and
 * that Shift+Tab goes back the same way.
 */
async function expectEveryControlReachable(page: Page): Promise<void> {
  const controls = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const shown = (el: Element) => el.getClientRects().length > 0 && !el.closest('[inert], [hidden]');
    const all = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (el) => shown(el) && !(el as HTMLButtonElement).disabled,
    );
    const groups = new Map<string, number>();
    all.forEach((el, i) => {
      const radio = el as HTMLInputElement;
      const key = radio.type === 'radio' && radio.name ? `radio:${radio.name}` : `control:${i}`;
      el.dataset.keyboardGroup = key;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    });
    return [...groups.keys()];
  });
  const seen = new Set<string>();
  for (let presses = 0; presses < controls.length * 2 + 10; presses++) {
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page);
    const group = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.keyboardGroup ?? '');
    if (group) seen.add(group);
  }
  const missed = controls.filter((c) => !seen.has(c));
  const names = await page.evaluate(
    (keys) => keys.map((k) => document.querySelector(`[data-keyboard-group="${k}"]`)?.outerHTML.slice(0, 100) ?? k),
    missed,
  );
  expect(names, 'every control is reached by Tab').toEqual([]);
  // Shift+Tab undoes a Tab: from one control to the next and back again.
  const current = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.keyboardGroup ?? '');
  for (let presses = 0; presses < 5 && !(await current()); presses++) await page.keyboard.press('Tab');
  const from = await current();
  await page.keyboard.press('Tab');
  const to = await current();
  // (Tab from the last control wraps to the first; Shift+Tab there leaves the page.)
  if (from && to && from !== to && to !== controls[0]) {
    await page.keyboard.press('Shift+Tab');
    expect(await current(), `Shift+Tab from ${to} goes back to ${from} on ${page.url()}`).toBe(from);
  }
}

async function expectHeadingFocused(page: Page, path: string, heading: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === path);
  await expect(page.getByTestId('page-heading')).toHaveText(heading);
  await expect(page.getByTestId('page-heading')).toBeFocused();
}

/** Tab to a field and type into it, as a person does. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

async function press(page: Page, control: Locator, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

test('the whole journey with the keyboard alone', async ({ page, javaScriptEnabled }, testInfo) => {
  const stamp = `${Date.now()}`;
  const email = `keys.${stamp}@example.com`;

  // ---- Sign up, step 1 --------------------------------------------------
  await gotoOk(page, '/signup?type=mechanic');
  await waitForHydration(page, javaScriptEnabled);
  await expectEveryControlReachable(page);
  // Nothing typed: the error summary takes focus, and its links lead to the fields.
  await press(page, page.getByTestId('next'));
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await press(page, page.getByTestId('error-summary').locator('a[href="#last_name"]'));
  await expect(page.locator('#last_name')).toBeFocused();
  await expectNoAxeViolations(page, testInfo);

  await page.keyboard.type('Keyes');
  await typeInto(page, page.locator('#first_name'), 'Kim');
  await typeInto(page, page.locator('#email'), email);
  await typeInto(page, page.locator('#confirm_email'), email);
  await typeInto(page, page.locator('#work_phone'), '(517) 555-0142');
  const question = (await page.getByTestId('question-text').innerText()).trim();
  await typeInto(page, page.locator('#verification_answer'), answerQuestion(question));
  await press(page, page.locator('#agree_terms'), 'Space');
  await expect(page.locator('#agree_terms')).toBeChecked();
  await press(page, page.getByTestId('next'));

  // ---- Step 1b: the emailed code ----------------------------------------
  await expectHeadingFocused(page, '/signup/check-email', 'Check your email');
  await expectEveryControlReachable(page);
  await typeInto(page, page.locator('#email_code'), await newestCode(page.request, email));
  await press(page, page.getByTestId('next'));

  // ---- Step 2: User ID and password -------------------------------------
  await expectHeadingFocused(page, '/signup/security', 'Security Setup');
  await expectEveryControlReachable(page);
  const password = 'Keyboard#Only42';
  await typeInto(page, page.locator('#password'), password);
  await typeInto(page, page.locator('#confirm_password'), password);
  await press(page, page.getByTestId('next'));

  // ---- Step 3: options, then finish -------------------------------------
  await expectHeadingFocused(page, '/signup/options', 'Security Options');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('finish'));

  // ---- Request Code -----------------------------------------------------
  await expectHeadingFocused(page, '/account-access', 'Account Access Options');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('request-code'));
  await expectHeadingFocused(page, '/account-access/request', 'Account Type');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('next'));
  await expectHeadingFocused(page, '/account-access/request/account-info', 'Account Info');
  await expectEveryControlReachable(page);
  await typeInto(page, page.locator('#account_number'), 'Z123456');
  await page.keyboard.press('Enter');
  await expectHeadingFocused(page, '/account-access/request/account-details', 'Account Details');
  await expectEveryControlReachable(page);
  // No answer yet: the summary takes focus; then Tab into the Yes/No group and Space.
  await press(page, page.getByTestId('next'));
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await press(page, page.getByLabel('Yes', { exact: true }), 'Space');
  await expect(page.getByLabel('Yes', { exact: true })).toBeChecked();
  await press(page, page.getByTestId('next'));
  await expectHeadingFocused(page, '/account-access/request/summary', 'Summary');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('submit'));
  await expectHeadingFocused(page, '/account-access/request/confirmation', 'Confirmation');
  await expectEveryControlReachable(page);
  await expectNoAxeViolations(page, testInfo);
  await press(page, page.getByTestId('ok'));

  // ---- Add Account Access -----------------------------------------------
  await expectHeadingFocused(page, '/account-access', 'Account Access Options');
  await press(page, page.getByTestId('add-access'));
  await expectHeadingFocused(page, '/account-access/add', 'Authorization Code');
  await expectEveryControlReachable(page);
  await typeInto(page, page.locator('#authorization_code'), await newestAuthorizationCode(page.request, 'ellen.hall@example.com'));
  await press(page, page.locator('#agree_terms'), 'Space');
  await press(page, page.getByTestId('next'));
  await expectHeadingFocused(page, '/account-access/add/account-info', 'Account Info');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('next'));
  await expectHeadingFocused(page, '/account-access/add/email', 'Email');
  await expectEveryControlReachable(page);
  await typeInto(page, page.locator('#email'), email);
  await press(page, page.getByTestId('next'));
  await expectHeadingFocused(page, '/account-access/add/summary', 'Summary');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('submit'));

  // ---- The springboard, Settings, and Log Off ---------------------------
  await expect(page).toHaveURL((url) => url.pathname === '/springboard');
  await expect(page.getByTestId('page-heading')).toBeFocused();
  await expectEveryControlReachable(page);
  await press(page, page.getByRole('banner').getByRole('link', { name: 'Settings' }));
  await expectHeadingFocused(page, '/settings', 'Settings');
  await expectEveryControlReachable(page);
  await press(page, page.getByTestId('open-password'));
  await expectHeadingFocused(page, '/settings/password', 'Password');
  await expectEveryControlReachable(page);
  // A refused change: focus on the summary, which names the field.
  await press(page, page.getByTestId('change-password'));
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.getByTestId('error-summary')).toContainText('Enter your current password.');
  await press(page, page.getByTestId('log-off'));
  await expect(page).toHaveURL((url) => url.pathname === '/' || url.pathname === '/login');
});
