import { createHash, randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Where ids get their bytes. Normally crypto; the demo fixture swaps in a seeded generator
 * (`withSeededIds`) so the demo base has the same ids on every start and the README can name them.
 */
let bytes: (n: number) => Buffer = randomBytes;

/** mulberry32: a tiny, well-distributed seeded generator of 32-bit unsigned integers. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export function withSeededIds<T>(seed: number, build: () => T): T {
  const next = mulberry32(seed);
  const previous = bytes;
  bytes = (n) => Buffer.from(Array.from({ length: n }, () => next() & 0xff));
  try {
    return build();
  } finally {
    bytes = previous;
  }
}

/** Random base62 string (rejection sampling keeps it unbiased). */
export function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of bytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export const hex = (n: number) => bytes(n).toString('hex');

/** Id formats as Feishu shows them (prefix + length), so clients that pattern-match keep working. */
export const newId = {
  appToken: () => `bascn${base62(22)}`,
  table: () => `tbl${base62(13)}`,
  field: () => `fld${base62(7)}`,
  view: () => `vew${base62(7)}`,
  record: () => `rec${base62(11)}`,
  option: () => `opt${base62(7)}`,
  condition: () => `con${base62(7)}`,
  role: () => `rol${base62(7)}`,
  dashboard: () => `blk${base62(13)}`,
  folder: () => `fldcn${base62(22)}`,
  openId: () => `ou_${hex(16)}`,
  unionId: () => `on_${hex(16)}`,
  userId: () => hex(4),
  chat: () => `oc_${hex(16)}`,
  message: () => `om_${hex(16)}`,
  fileToken: () => `box${base62(24)}`,
  tenantToken: () => `t-g${hex(20)}`,
  userToken: () => `u-${base62(40)}`,
  logId: () => `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${hex(10).toUpperCase()}`,
  eventId: () => hex(16),
  uuid: () => randomUUID(),
};

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The emulator's single tenant, as `tenant_key` (16 hex characters, stable for an app id). */
export const tenantKeyOf = (appId: string) => createHash('sha256').update(`tenant:${appId}`).digest('hex').slice(0, 16);
