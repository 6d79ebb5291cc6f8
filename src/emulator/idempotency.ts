import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import { UUID_RE } from './ids.js';
import type { RouteContext } from './router.js';

/** Feishu keeps a `client_token` answer for an hour (EMULATOR.md "Idempotency"). */
const IDEMPOTENCY_TTL_MS = 60 * 60 * 1000;

/** Orders `[key, value]` entries by key (equal keys keep their order: a query may repeat one). */
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable JSON: key order must not make two equal bodies look different. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(byKey).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const hashOf = (value: unknown) => createHash('sha256').update(canonical(value)).digest('hex');

/**
 * Runs a create once per `client_token`: the first call's `data` is kept in `rt.state.idempotency`
 * (so it survives a restart with `--data`), a repeat with the same body gets that same answer
 * (same record ids), a repeat with another body gets 1255006. Without a token the write just runs.
 * The key holds the route and path params, so one token may be reused on another table.
 */
export function idempotent<T>(ctx: RouteContext, run: () => T): T {
  const token = ctx.query.get('client_token');
  if (token === null || token === '') return run();
  if (!UUID_RE.test(token)) throw new ApiError(400, 1254037, 'Invalid client token, make sure that it complies with the specification.');

  const store = ctx.rt.state.idempotency;
  const now = ctx.rt.now();
  for (const [k, v] of Object.entries(store)) if (now - v.at >= IDEMPOTENCY_TTL_MS) delete store[k];

  const params = Object.entries(ctx.params).sort(byKey).map(([k, v]) => `${k}=${v}`).join('&');
  const key = `${ctx.req.method} ${ctx.template}?${params}#${token}`;
  // The query minus the token is part of the request too (user_id_type changes the answer's ids).
  const query = [...ctx.query].filter(([k]) => k !== 'client_token').sort(byKey);
  const bodyHash = hashOf({ body: ctx.body ?? null, query });
  const seen = store[key];
  if (seen) {
    if (seen.bodyHash !== bodyHash) throw new ApiError(400, 1255006, 'Client token conflict, please generate a new client token and try again.');
    return structuredClone(seen.data) as T;
  }
  const data = run();
  store[key] = { bodyHash, data: structuredClone(data), at: now };
  return data;
}
