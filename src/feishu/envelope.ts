import { z } from 'zod';
import type { Endpoint } from './endpoint.js';
import { classify, type FeishuErrorInit } from './errors.js';
import { redact } from './redact.js';
import { retryAfterHeaderMs } from './retry.js';

/**
 * Feishu's answer: `{code, msg, data}` (feishu-wire.md §2). Loose everywhere: Feishu adds fields
 * without notice, and a new field must never break a read.
 */
export const Envelope = z.looseObject({
  code: z.number(),
  msg: z.string().nullish(),
  data: z.unknown().optional(),
  error: z.looseObject({ log_id: z.string().nullish(), logid: z.string().nullish() }).nullish().catch(undefined),
});

/** A list page; Feishu leaves out `items` (or sends null) on an empty page, and `page_token` on the last. */
export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    items: z
      .array(item)
      .nullish()
      .transform((items) => items ?? []),
    has_more: z.boolean().nullish().transform((v) => v ?? false),
    page_token: z.string().nullish(),
    total: z.number().nullish(),
  });

/**
 * `full`, with a fast path for big answers (record pages: every cell would be copied): when
 * `accepts` vouches for the value as JSON.parse made it (normalizing in place what `full` would
 * transform), the value is taken as is; anything else goes through `full`, whose issues then say
 * what is wrong. `accepts` must admit nothing `full` refuses.
 */
export const trusting = <T extends z.ZodType>(full: T, accepts: (value: unknown) => boolean) =>
  z.unknown().transform((value, ctx): z.output<T> => {
    if (accepts(value)) return value as z.output<T>;
    const parsed = full.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues) ctx.issues.push({ code: 'custom', message: i.message, path: i.path, input: value });
    return z.NEVER;
  });

/** What the pagination iterator needs from any page shape. */
export interface PageLike {
  has_more?: boolean | null;
  page_token?: string | null;
}

/** An HTTP answer as it came off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** What a failed answer says, before the caller adds which endpoint it was. */
export type AnswerError = Omit<FeishuErrorInit, 'endpoint' | 'method' | 'path'>;

export type Answer<Data> = { ok: true; data: Data; code: number } | { ok: false; error: AnswerError; code: number | null };

/**
 * Reads an answer: its envelope, its log id, and either the endpoint's data (checked against its
 * schema) or the classified failure. `secrets` are masked out of Feishu's `msg`.
 */
export function interpret<Data>(ep: Endpoint<Data>, res: RawAnswer, secrets: readonly (string | undefined)[]): Answer<Data> {
  const { status } = res;
  const header = (name: string) => {
    const v = res.headers[name];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  let json: unknown;
  try {
    json = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    json = undefined;
  }
  const env = Envelope.safeParse(json);
  const bodyLogId = env.success ? (env.data.error?.log_id ?? env.data.error?.logid) : undefined;
  const logId = header('x-tt-logid') ?? header('x-request-id') ?? bodyLogId ?? null;
  const ok2xx = status >= 200 && status < 300;
  if (!env.success) {
    const msg = `the answer is not a Feishu envelope (HTTP ${status}, ${header('content-type') ?? 'no content type'})`;
    return { ok: false, code: null, error: { kind: ok2xx ? 'unknown' : classify(status, null), httpStatus: status, code: null, msg, logId } };
  }
  const { code } = env.data;
  if (code !== 0 || !ok2xx) {
    const kind = classify(status, code === 0 ? null : code);
    const retryAfterMs = kind === 'rate-limited' ? retryAfterHeaderMs(res.headers) : undefined;
    return { ok: false, code, error: { kind, httpStatus: status, code, msg: redact(env.data.msg ?? '', secrets), logId, retryAfterMs } };
  }
  const parsed = ep.data.safeParse(ep.envelope === 'top-level' ? json : (env.data.data ?? {}));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, code, error: { kind: 'unknown', httpStatus: status, code, msg: `unexpected answer shape: ${issues.join('; ')}`, logId } };
  }
  return { ok: true, code, data: parsed.data };
}
