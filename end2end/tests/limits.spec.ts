import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, gotoOk, waitForHydration } from './fixtures';

/*
 * Abuse gets a clear answer and changes nothing (the security issue): a form
 * posted far over its size limit is refused before any server code reads it,
 * with a message the person can act on, hydrated ("js") and as plain HTML
 * ("nojs").
 */

test('a form sent far over its size is told so, and nothing is changed', async ({ page, javaScriptEnabled }, testInfo) => {
  await gotoOk(page, '/login');
  await waitForHydration(page, javaScriptEnabled);
  // 3 MB in the User ID box, past what any answer needs (the limit is 64 KiB).
  await page.locator('#user_id').evaluate((input, size) => {
    (input as HTMLInputElement).value = 'x'.repeat(size);
  }, 3 * 1024 * 1024);
  await page.locator('#password').fill('Wrong#Password1');
  await page.getByRole('button', { name: 'LOG IN', exact: true }).click();

  if (javaScriptEnabled) {
    // Said by the form, on the form's own page, with what was typed still there.
    const summary = page.getByTestId('error-summary');
    await expect(summary).toContainText('too large for this form');
    await expect(summary).toContainText('Nothing was changed');
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    expect((await page.locator('#user_id').inputValue()).length).toBe(3 * 1024 * 1024);
  } else {
    // The browser shows what the server answers: a page of its own, leading back.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Too large');
    await expect(page.getByRole('alert')).toContainText('Nothing was changed');
    await expect(page.getByRole('link', { name: 'Go back to the form' })).toHaveAttribute('href', /^\/login/);
  }
  await expectNoAxeViolations(page, testInfo);
});
