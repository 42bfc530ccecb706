import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { gotoOk, waitForHydration } from './fixtures';
import { answerQuestion, newestCode, totpNow } from './helpers';

/*
 * Makes a login for tests that need one, through the same server functions a
 * browser without JavaScript posts to (SPEC §2), in a cookie jar of its own.
 */

export interface TestLogin {
  userId: string;
  password: string;
  email: string;
  totpSecret?: string;
  backupCodes?: string[];
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/<!>/g, '');
}

async function post(api: APIRequestContext, endpoint: string, form: Record<string, string>): Promise<string> {
  const response = await api.post(`/api/${endpoint}`, {
    form,
    headers: { accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status(), `POST /api/${endpoint}`).toBe(303);
  return response.headers()['location'] ?? '';
}

async function page(api: APIRequestContext, path: string): Promise<string> {
  const response = await api.get(path, { headers: { accept: 'text/html' } });
  expect(response.status(), `GET ${path}`).toBe(200);
  return response.text();
}

export async function createLogin(
  baseURL: string,
  options: { totp?: boolean; backup?: boolean } = {},
): Promise<TestLogin> {
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const login: TestLogin = {
      userId: `mech${stamp}`,
      password: 'Torque#Wrench88',
      email: `login.${stamp}@example.com`,
    };
    const profile = await page(api, '/signup');
    const question = decode(/data-testid="question-text"[^>]*>([^<]*)</.exec(profile)![1]);
    expect(
      await post(api, 'signup_profile', {
        account_type: 'mechanic',
        first_name: 'Pat',
        last_name: 'Mechanic',
        email: login.email,
        confirm_email: login.email,
        work_phone: '(517) 555-0123',
        verification_answer: answerQuestion(question),
        agree_terms: 'yes',
      }),
    ).toBe('/signup/check-email');
    expect(await post(api, 'signup_email_code', { email_code: await newestCode(api, login.email) })).toBe(
      '/signup/security',
    );
    expect(
      await post(api, 'signup_security_setup', {
        user_id: login.userId,
        password: login.password,
        confirm_password: login.password,
      }),
    ).toBe('/signup/options');
    if (options.totp) {
      await post(api, 'signup_option', { intent: 'start_totp' });
      const options3 = await page(api, '/signup/options');
      login.totpSecret = decode(/data-testid="totp-secret"[^>]*>([^<]*)</.exec(options3)![1]);
      await post(api, 'signup_option', { intent: 'check_totp', totp_code: totpNow(login.totpSecret) });
    }
    if (options.backup) {
      await post(api, 'signup_option', { intent: 'create_backup' });
      const options3 = await page(api, '/signup/options');
      login.backupCodes = [...options3.matchAll(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})/g)].map((m) => m[1]);
      expect(login.backupCodes).toHaveLength(10);
      await post(api, 'signup_option', { intent: 'check_backup', backup_code: login.backupCodes[0] });
    }
    expect(await post(api, 'signup_finish', {})).toBe('/account-access');
    return login;
  } finally {
    await api.dispose();
  }
}

/**
 * Signs `login` in through the login page as a person does, with the code
 * emailed to it (read back from the development outbox), and lands on
 * Account Access Options.
 */
export async function signIn(page: Page, login: TestLogin, javaScriptEnabled: boolean): Promise<void> {
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
