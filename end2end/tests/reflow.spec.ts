import { createLogin, signIn } from './accounts';
import { expect, expectNoSidewaysScroll, test } from './fixtures';
import { patience } from '../patience';

/*
 * WCAG 1.4.10 reflow on every page of the portal: in a 1280 px window at
 * 200% zoom (640 CSS px on a device scale of 2) and on a 320 px phone, no
 * page scrolls sideways and nothing sticks out past the right edge. The
 * states after an error are checked wherever axe runs in the other tests
 * (`expectNoAxeViolations` checks reflow first); this test covers every
 * address, including pages no other test checks with axe.
 */

const PUBLIC = [
  '/',
  '/mechanic',
  '/faq',
  '/contact',
  '/terms',
  '/privacy',
  '/accessibility',
  '/login',
  '/forgot-user-id',
  '/forgot-password',
  '/forgot-password/code',
  '/forgot-password/new',
  '/forgot-password/done',
  '/signup',
  '/signup/check-email',
  '/signup/security',
  '/signup/options',
  '/signup/reset',
  '/no-such-page',
];

const SIGNED_IN = [
  '/account-access',
  '/account-access/request',
  '/account-access/request/account-info',
  '/account-access/request/account-details',
  '/account-access/request/summary',
  '/account-access/request/confirmation',
  '/account-access/request/printable',
  '/account-access/add',
  '/account-access/add/account-info',
  '/account-access/add/email',
  '/account-access/add/summary',
  '/springboard',
  '/settings',
  '/settings/profile',
  '/settings/email',
  '/settings/password',
  '/settings/methods',
  '/settings/browsers',
  '/settings/activity',
  '/settings/close',
];

test.describe.configure({ timeout: patience(120_000) });

test('no page scrolls sideways at 200% zoom or 320 px', async ({ browser, javaScriptEnabled, baseURL }) => {
  // 1280 px at 200%: what the page lays out in is 640 CSS px, drawn at scale 2.
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    viewport: { width: 640, height: 720 },
    deviceScaleFactor: 2,
  });
  try {
    const page = await context.newPage();
    for (const path of PUBLIC) {
      await page.goto(path);
      await expect(page.getByTestId('page-heading'), path).toBeVisible();
      await expectNoSidewaysScroll(page);
    }
    const login = await createLogin(baseURL!);
    await signIn(page, login, javaScriptEnabled);
    for (const path of SIGNED_IN) {
      await page.goto(path);
      await expect(page.getByTestId('page-heading'), path).toBeVisible();
      await expectNoSidewaysScroll(page);
    }
  } finally {
    await context.close();
  }
});
