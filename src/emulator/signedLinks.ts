import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Runtime } from './runtime.js';

/**
 * Codes for links that download without a token (drive's tmp_download_url, task attachment
 * urls): `<subject>.<expires ms>.<hmac>`, signed rather than stored. The key derives from the app
 * secret and the link's purpose, so links survive a `--data` restart, cannot be forged, and a
 * code made for one purpose opens nothing of another.
 */

const keys = new WeakMap<Runtime, Map<string, Buffer>>();

function key(rt: Runtime, purpose: string): Buffer {
  let byPurpose = keys.get(rt);
  if (!byPurpose) keys.set(rt, (byPurpose = new Map()));
  let k = byPurpose.get(purpose);
  // A runtime's app id and secret never change, so each purpose's key is derived once.
  if (!k) byPurpose.set(purpose, (k = createHash('sha256').update(`${purpose}:${rt.appId}:${rt.appSecret}`).digest()));
  return k;
}

const sign = (rt: Runtime, purpose: string, payload: string) => createHmac('sha256', key(rt, purpose)).update(payload).digest('base64url');

/** `subject` must be URL-safe and dot-free: letters, digits, `_` and `-`. */
export function signCode(rt: Runtime, purpose: string, subject: string, expiresAt: number): string {
  if (!/^[A-Za-z0-9_-]+$/.test(subject)) throw new Error(`a signed link subject must be URL-safe: ${subject}`);
  const payload = `${subject}.${expiresAt}`;
  return `${payload}.${sign(rt, purpose, payload)}`;
}

export type OpenedCode = { subject: string; expiresAt: number } | 'forged' | 'expired';

/** What a code grants, or why it grants nothing. */
export function openCode(rt: Runtime, purpose: string, code: string | null): OpenedCode {
  const m = /^([A-Za-z0-9_-]+)\.([0-9]+)\.([A-Za-z0-9_-]+)$/.exec(code ?? '');
  if (!m) return 'forged';
  const expected = Buffer.from(sign(rt, purpose, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  const expiresAt = Number(m[2]);
  return expiresAt <= rt.now() ? 'expired' : { subject: m[1], expiresAt };
}

/** An absolute link on EMULATOR_PUBLIC_URL. */
export const publicLink = (rt: Runtime, path: string, code: string) => `${rt.publicUrl.replace(/\/+$/, '')}${path}?code=${code}`;
