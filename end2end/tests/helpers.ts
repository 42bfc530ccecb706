import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';

/* Helpers the sign-up, sign-in and recovery journeys share. */

/** Answers the verification question the way a person would. */
export function answerQuestion(question: string): string {
  const list = /"([a-z, ]+)"/.exec(question)?.[1];
  if (!list) throw new Error(`no word list in: ${question}`);
  const words = list.split(', ');
  const letter = /the letter "(.)"/.exec(question)?.[1];
  const pick = (ok: (w: string) => boolean) => {
    const found = words.filter(ok);
    if (found.length !== 1) throw new Error(`not exactly one answer to: ${question}`);
    return found[0];
  };
  if (letter && question.includes(' contains ')) return pick((w) => w.includes(letter));
  if (letter && question.includes(' starts with ')) return pick((w) => w.startsWith(letter));
  if (letter && question.includes(' ends with ')) return pick((w) => w.endsWith(letter));
  if (question.includes('is the longest')) {
    const max = Math.max(...words.map((w) => w.length));
    return pick((w) => w.length === max);
  }
  if (question.includes('alphabetical order')) return [...words].sort()[0];
  const ordinal = /What is the (first|second|third|fourth) word/.exec(question)?.[1];
  if (ordinal) return words[['first', 'second', 'third', 'fourth'].indexOf(ordinal)];
  throw new Error(`unknown question shape: ${question}`);
}

/** The newest 6-digit code the outbox holds for `recipient` (newest message first). */
export async function newestCode(request: APIRequestContext, recipient: string): Promise<string> {
  const html = await (await request.get('/dev/outbox')).text();
  const at = html.indexOf(`>${recipient}<`);
  expect(at, `no message to ${recipient} in the outbox`).toBeGreaterThan(-1);
  const code = /\b(\d{6})\b/.exec(html.slice(at))?.[1];
  expect(code, `no code in the message to ${recipient}`).toBeTruthy();
  return code!;
}

/** The newest `XXXXX-XXXXX` authorization code the outbox holds for `recipient`. */
export async function newestAuthorizationCode(request: APIRequestContext, recipient: string): Promise<string> {
  const html = await (await request.get('/dev/outbox')).text();
  const at = html.indexOf(`>${recipient}<`);
  expect(at, `no message to ${recipient} in the outbox`).toBeGreaterThan(-1);
  const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(html.slice(at))?.[1];
  expect(code, `no authorization code in the message to ${recipient}`).toBeTruthy();
  return code!;
}

/** RFC 6238 (SHA-1, 6 digits, 30 s), computed here independently of the server. */
export function totpNow(base32Secret: string, atMs: number = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/\s+/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}
