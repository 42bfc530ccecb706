import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { source as axeSource, type AxeResults, type RunOptions } from 'axe-core';

/** WCAG 2.2 AA, as SPEC.md §7 asks. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page as it is now and fails listing every violation:
 * rule id, impact, help text and the selectors of the offending elements.
 *
 * axe needs JavaScript in the page. In the "nojs" project the rendered HTML is
 * copied into a scratch JavaScript-enabled page at the same address (so the
 * stylesheets load) with every page script blocked, and axe runs there.
 */
export async function expectNoAxeViolations(page: Page, testInfo?: TestInfo): Promise<void> {
  await expectNoSidewaysScroll(page);
  const info = testInfo ?? test.info();
  const javaScriptEnabled = info.project.use.javaScriptEnabled ?? true;
  const violations = javaScriptEnabled ? await runAxe(page) : await runAxeOnCopy(page);

  if (violations.length > 0) {
    await info.attach('axe-violations.json', {
      body: JSON.stringify(violations, null, 2),
      contentType: 'application/json',
    });
  }

  const report = violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `      target: ${node.target.map(String).join(' >>> ')}  ${node.html.slice(0, 120)}`)
        .join('\n');
      return (
        `  - ${violation.id} (${violation.impact ?? 'impact unknown'}): ${violation.help}\n` +
        `    ${violation.helpUrl}\n${nodes}`
      );
    })
    .join('\n');

  expect(
    violations.length,
    `axe found ${violations.length} violation(s) on ${page.url()}:\n${report}`,
  ).toBe(0);
}

type AxeViolations = AxeResults['violations'];

/** WCAG 2.2's target size (2.5.8): on by name, and checked that it ran. */
const TARGET_SIZE = 'target-size';

const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: WCAG_TAGS },
  rules: { [TARGET_SIZE]: { enabled: true } },
  // Only violations are reported in full; passes and the rest list their
  // rules with one example node, which is what the target-size check reads.
  resultTypes: ['violations'],
};

/**
 * axe-core straight in the page: its source evaluated once per document
 * (over the DevTools protocol, so the page's CSP does not apply), then
 * `axe.run`. `@axe-core/playwright` did the same work three times over: it
 * evaluated the source twice and finished every run in a new blank page,
 * which made each check take about four times as long (1.4 s against 0.4 s
 * on these machines), and the suite runs a few hundred of them.
 */
async function runAxe(page: Page): Promise<AxeViolations> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe.run(document, options),
    AXE_OPTIONS,
  );
  const ran = [results.passes, results.violations, results.incomplete, results.inapplicable].some((list) =>
    list.some((rule) => rule.id === TARGET_SIZE),
  );
  expect(ran, `axe ran the ${TARGET_SIZE} rule`).toBe(true);
  return results.violations;
}

/**
 * WCAG 1.4.10 reflow: at 320 CSS px wide, and at 200% zoom of a 1280 px
 * window (640 CSS px), the page never scrolls sideways and nothing sticks
 * out past its right edge (a wide table may scroll inside its own box).
 * Checked on the page as it is, at each width, then put back.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const size = page.viewportSize();
  if (!size) return;
  try {
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: size.height });
      const found = await page.evaluate(() => {
        const root = document.documentElement;
        const scrollsInside = (el: Element) => {
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const overflow = getComputedStyle(up).overflowX;
            if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true;
          }
          return false;
        };
        const sticking = [...document.body.querySelectorAll<HTMLElement>('*')]
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && box.right > root.clientWidth + 1 && !scrollsInside(el);
          })
          .filter((el) => !el.closest('.visually-hidden, .skip-link'))
          .slice(0, 5)
          .map((el) => el.outerHTML.slice(0, 100));
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, sticking };
      });
      expect(found.scrollWidth, `${page.url()} at ${width} px scrolls sideways`).toBeLessThanOrEqual(found.clientWidth);
      expect(found.sticking, `${page.url()} at ${width} px: past the right edge`).toEqual([]);
    }
  } finally {
    await page.setViewportSize(size);
  }
}

/**
 * The scratch page each nojs test's page is copied into: one per page, kept
 * for the page's life, so axe runs in a warm renderer (a new context for
 * every check took twice as long as the check itself). `serve` is what the
 * next navigation to `address` answers.
 */
interface Scratch {
  copy: Page;
  serve: { address: string; html: string };
}
const scratches = new WeakMap<Page, Scratch>();

async function scratchFor(page: Page): Promise<Scratch> {
  const found = scratches.get(page);
  if (found) return found;
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to run axe in');
  const context = await browser.newContext({ javaScriptEnabled: true });
  page.context().once('close', () => void context.close());
  const scratch: Scratch = { copy: await context.newPage(), serve: { address: '', html: '' } };
  await scratch.copy.route((url) => url.href === scratch.serve.address, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      // Keeps the page's own scripts (hydration) from running; axe is injected
      // over the DevTools protocol and is not affected.
      headers: { 'content-security-policy': "script-src 'none'" },
      body: scratch.serve.html,
    }),
  );
  scratches.set(page, scratch);
  return scratch;
}

async function runAxeOnCopy(page: Page): Promise<AxeViolations> {
  const address = new URL(page.url());
  address.hash = '';
  // What a browser without JavaScript shows: <noscript> content is rendered.
  const html = (await page.content())
    .replace(/<noscript\b[^>]*>/gi, '<div data-e2e-noscript>')
    .replace(/<\/noscript>/gi, '</div>')
    // Nor does it fetch what scripts need: the WASM chunks the head preloads
    // would each pass through the route, which took most of the nojs
    // project's time. Stylesheets stay (axe checks contrast and target sizes).
    .replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/gi, '');

  const scratch = await scratchFor(page);
  scratch.serve = { address: address.href, html };
  const size = page.viewportSize();
  if (size) await scratch.copy.setViewportSize(size);
  await scratch.copy.goto(address.href);
  return await runAxe(scratch.copy);
}

export interface BrowserErrors {
  /** Everything collected so far, one line each. */
  readonly messages: string[];
  /** Fails listing every console error, uncaught exception, CSP violation or failed load. */
  expectNone(): void;
}

/**
 * Starts collecting, from now on, what a clean page must never produce:
 * console errors (Chromium also reports CSP violations and failed resource loads
 * there), uncaught exceptions, `securitypolicyviolation` events and same-origin
 * subresources that answer 4xx/5xx. Call before `page.goto`.
 */
export async function collectBrowserErrors(page: Page): Promise<BrowserErrors> {
  const messages: string[] = [];

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    messages.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => {
    messages.push(`uncaught exception: ${error.message}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() || response.status() < 400) return;
    if (new URL(request.url()).origin !== new URL(page.url()).origin) return;
    messages.push(`HTTP ${response.status()} for ${request.method()} ${request.url()}`);
  });

  // Injected through the DevTools protocol, so the page's own CSP does not block it;
  // only runs where JavaScript is enabled (without it nothing can violate script-src).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}` +
          ` (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });

  return {
    messages,
    expectNone() {
      expect(messages, `the browser reported problems:\n${messages.join('\n')}`).toEqual([]);
    },
  };
}

/**
 * The portal hydrates with no special marker: once the network is quiet the
 * WASM bundle has been fetched and instantiated. A no-op without JavaScript.
 */
export async function waitForHydration(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) await page.waitForLoadState('networkidle');
}

/** Visits `path`, which must answer 200 without redirecting elsewhere. */
export async function gotoOk(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response, `no response for ${path}`).not.toBeNull();
  expect(response!.status(), `HTTP status of GET ${path}`).toBe(200);
  const expected = new URL(path, page.url());
  const actual = new URL(page.url());
  expect(`${actual.pathname}${actual.search}`, `GET ${path} ended elsewhere`).toBe(
    `${expected.pathname}${expected.search}`,
  );
}

/**
 * What every page carries (SPEC.md §1): the page heading, the header with
 * "MI.gov Home", "FAQs" and "Contact Us", and a footer.
 */
export async function expectPageChrome(page: Page): Promise<void> {
  const heading = page.getByTestId('page-heading');
  await expect(heading).toBeVisible();
  await expect(heading).toHaveText(/\S/);
  await expect(heading).toHaveRole('heading');
  await expect(page.getByRole('heading', { level: 1 }), 'exactly one <h1> per page').toHaveCount(1);

  const header = page.getByRole('banner');
  await expect(header).toBeVisible();
  for (const name of ['MI.gov Home', 'FAQs', 'Contact Us']) {
    await expect(header.getByRole('link', { name, exact: true })).toBeVisible();
  }

  await expect(page.locator('footer')).not.toHaveCount(0);
  await expect(page.getByRole('contentinfo')).toBeVisible();
}

/** Each step: its path, its heading, focus on the heading after a client-side move, no axe violations. */
export async function expectStep(page: Page, path: string, title: string, javaScriptEnabled: boolean): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === path);
  const heading = page.getByTestId('page-heading');
  await expect(heading).toHaveText(title);
  if (javaScriptEnabled) await expect(heading).toBeFocused();
  await expectNoAxeViolations(page);
}

/**
 * The suite's `test`: every test, in both projects, fails when the browser
 * reported a console error, an uncaught exception (a WASM panic or trap
 * included), a CSP violation or a failed same-origin load on its page while
 * it ran, whatever page that was. A test that provokes such an answer on
 * purpose (a 413, a 503) names it with
 * `test.use({ expectedBrowserErrors: /.../ })` in its file or `describe`.
 *
 * The "nojs" project is watched too since the page policy is set by the
 * server's security layer (`PageNonce`): before, a page now and then came
 * with the resource policy (`default-src 'none'`), and its styles and
 * preloads were refused.
 */
export const test = base.extend<{ expectedBrowserErrors: RegExp | null; browserErrors: BrowserErrors }>({
  expectedBrowserErrors: [null, { option: true }],
  browserErrors: [
    async ({ page, expectedBrowserErrors }, use) => {
      const errors = await collectBrowserErrors(page);
      await use(errors);
      const unexpected = errors.messages.filter((m) => !expectedBrowserErrors?.test(m));
      expect(unexpected, `the browser reported problems:\n${unexpected.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
