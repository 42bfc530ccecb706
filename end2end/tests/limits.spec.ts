import { expect, expectNoAxeViolations, gotoOk, test, waitForHydration } from './fixtures';

/*
 * Abuse gets a clear answer and changes nothing (the security issue): a form
 * posted far over its size limit is refused before any server code reads it,
 * with a message the person can act on, hydrated ("js") and as plain HTML
 * ("nojs").
 */

// The refusal is a 413 on purpose: the browser reports it as a failed load.
test.use({ expectedBrowserErrors: /\b413\b|Payload Too Large/ });

test('a form sent far over its size is told so on its page, and nothing is changed', async ({ page, javaScriptEnabled }, testInfo) => {
  await gotoOk(page, '/login');
  await waitForHydration(page, javaScriptEnabled);
  await page.locator('#user_id').fill('smithj2468');
  // 3 MB in the password box, past what any answer needs (the limit is 64 KiB).
  await page.locator('#password').evaluate((input, size) => {
    (input as HTMLInputElement).value = 'x'.repeat(size);
  }, 3 * 1024 * 1024);
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();

  // Said by the form, on the form's own page, with the User ID still there
  // (hydrated: the page never left; plain HTML: put back by the server).
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('too large for this form');
  await expect(summary).toContainText('Nothing was changed');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  await expect(page.locator('#user_id')).toHaveValue('smithj2468');
  await expectNoAxeViolations(page, testInfo);
});
