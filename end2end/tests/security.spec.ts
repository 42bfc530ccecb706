import { type APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/*
 * SPEC.md §7 "Secure": response headers, CSP nonces, cross-site refusal of server
 * functions and no state change on GET. HTTP only, so it runs once (in "js").
 */
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'HTTP-level checks run once');

/** The nonce in the CSP header, e.g. `script-src 'nonce-abc…'` → `abc…`. */
function cspNonce(csp: string): string {
  const match = csp.match(/'nonce-([^']+)'/);
  expect(match, `no 'nonce-…' source in the CSP: ${csp}`).not.toBeNull();
  return match![1];
}

/** Every opening <script …> tag in the HTML. */
function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/gi) ?? [];
}

function nonceAttribute(tag: string): string | undefined {
  return tag.match(/\snonce\s*=\s*["']?([^"'\s>]+)/i)?.[1];
}

async function postSignIn(request: APIRequestContext, headers: Record<string, string>) {
  return request.post('/api/sign_in', {
    data: 'user_id=smithj9999&password=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    maxRedirects: 0,
  });
}

test.describe('security headers', () => {
  for (const path of ['/', '/login']) {
    test(`GET ${path} sends CSP, nosniff and the referrer policy`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(200);
      const headers = response.headers();

      const csp = headers['content-security-policy'] ?? '';
      expect(csp).toContain("'nonce-");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp, 'no unsafe-inline scripts').not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    });
  }

  test('the CSP nonce is on the page scripts and fresh for every response', async ({
    request,
  }) => {
    const first = await request.get('/');
    const nonce = cspNonce(first.headers()['content-security-policy'] ?? '');
    const html = await first.text();

    const tags = scriptTags(html);
    expect(tags.length, 'the page has no <script> at all').toBeGreaterThan(0);
    const withNonce = tags.filter((tag) => nonceAttribute(tag) !== undefined);
    expect(withNonce.length, 'no <script> carries a nonce').toBeGreaterThan(0);
    for (const tag of withNonce) {
      expect(nonceAttribute(tag), `nonce of ${tag}`).toBe(nonce);
    }
    // Inline scripts that would run must carry the nonce or the CSP blocks them.
    for (const tag of tags) {
      const executable = !/\ssrc\s*=/.test(tag) && !/\stype\s*=\s*["']?application\/(ld\+)?json/i.test(tag);
      if (executable) expect(nonceAttribute(tag), `inline script without nonce: ${tag}`).toBe(nonce);
    }

    const second = await request.get('/');
    const secondNonce = cspNonce(second.headers()['content-security-policy'] ?? '');
    expect(secondNonce, 'the nonce must change with every response').not.toBe(nonce);
    expect(nonce.length, 'a nonce of at least 128 bits').toBeGreaterThanOrEqual(16);
  });
});

test.describe('server functions', () => {
  test('a cross-site POST to /api/sign_in is refused with 403', async ({ request }) => {
    const response = await postSignIn(request, {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(response.status()).toBe(403);
  });

  test('a foreign Origin alone is enough to refuse the POST', async ({ request }) => {
    const response = await postSignIn(request, { Origin: 'https://evil.example' });
    expect(response.status()).toBe(403);
  });

  test('a same-origin POST to /api/sign_in is not refused as cross-site', async ({
    request,
    baseURL,
  }) => {
    // The control for the two tests above: the endpoint exists and answers.
    const response = await postSignIn(request, {
      Origin: new URL(baseURL!).origin,
      'Sec-Fetch-Site': 'same-origin',
    });
    expect([403, 404, 405]).not.toContain(response.status());
    expect(response.status()).toBeLessThan(500);
  });

  test('GET /api/sign_in is not allowed', async ({ request }) => {
    const response = await request.get('/api/sign_in', { maxRedirects: 0 });
    expect(response.status()).toBe(405);
  });
});

test('GET /healthz answers 200', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
});
