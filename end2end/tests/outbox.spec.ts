import { expect, expectNoAxeViolations, expectPageChrome, gotoOk, test, waitForHydration } from './fixtures';

/* SPEC.md §5: in demo mode (which the tests run in) messages land in the development outbox. */
test('the development outbox is reachable in demo mode and accessible', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  await gotoOk(page, '/dev/outbox');
  await waitForHydration(page, javaScriptEnabled);

  await expect(page.getByTestId('page-heading')).toHaveText('Development outbox');
  await expectPageChrome(page);
  await expectNoAxeViolations(page, testInfo);
});
