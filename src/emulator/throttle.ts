import type { RuntimeConfig } from './config.js';
import { ApiError } from './errors.js';
import type { Runtime } from './runtime.js';

/**
 * Rate limits (EMULATOR.md "Rate limits"). Feishu counts calls per API × app × tenant, so every
 * route template has its own budget; the emulator has one app and one tenant. Windows are fixed
 * and start at the first call a budget sees (not at clock boundaries), so a burst that fits in
 * one second is judged the same way on every run.
 */

/** A budget: calls per second and/or per minute, as a row of a `rateLimits` table. */
type Limit = Exclude<RuntimeConfig['rateLimits'], string>[string];

/** How an over-limit call is answered: the gateway's 429, or Bitable's record-level 1254290. */
type Answer = 'gateway' | 'bitable-record';

interface Rule {
  /** The budget's name: the route, or `im-send` plus a chat (or receiving user) for per-chat limits. */
  key: string;
  limit: Limit;
}

export interface ThrottledCall {
  method: string;
  /** The matched route template, e.g. `/open-apis/bitable/v1/apps/:app_token`. */
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
}

const RECORDS = /^\/open-apis\/bitable\/v1\/apps\/:app_token\/tables\/:table_id\/records(\/|$)/;
const isRecordRoute = (template: string) => RECORDS.test(template);
const isRecordRead = (method: string, template: string) => method === 'GET' || /\/records\/(search|batch_get)$/.test(template);

/** Per-chat sends: `receive_id` names the chat or the p2p partner; a reply goes to its message's chat. */
function chatOf(rt: Runtime, call: ThrottledCall): string | undefined {
  if (call.template === '/open-apis/im/v1/messages') {
    const id = call.body?.receive_id;
    return typeof id === 'string' && id ? `${call.query.get('receive_id_type') ?? 'open_id'}:${id}` : undefined;
  }
  if (call.template === '/open-apis/im/v1/messages/:message_id/reply') {
    const chat = rt.state.messages[call.params.message_id]?.chat_id;
    return chat ? `chat_id:${chat}` : undefined;
  }
  return undefined;
}

/** The pinned table of EMULATOR.md; per-minute budgets where Feishu's pages give one (1000/min). */
function documentedRules(rt: Runtime, call: ThrottledCall, route: string): Rule[] {
  const { method, template } = call;
  if (isRecordRoute(template)) return [{ key: route, limit: { perSecond: isRecordRead(method, template) ? 20 : 10 } }];
  if (template.startsWith('/open-apis/bitable/v1/')) return [{ key: route, limit: { perSecond: 20 } }];
  if (method === 'POST' && (template === '/open-apis/im/v1/messages' || template === '/open-apis/im/v1/messages/:message_id/reply')) {
    const rules: Rule[] = [{ key: route, limit: { perSecond: 50, perMinute: 1000 } }];
    const chat = chatOf(rt, call);
    // One budget per chat (or user) whatever the route: sends and replies to a chat share its 5 QPS (D:回复消息).
    if (chat) rules.push({ key: `im-send ${chat}`, limit: { perSecond: 5 } });
    return rules;
  }
  if (method === 'POST' && /^\/open-apis\/drive\/v1\/medias\/upload_/.test(template)) return [{ key: route, limit: { perSecond: 5 } }];
  if (template.startsWith('/open-apis/contact/')) return [{ key: route, limit: { perSecond: 50, perMinute: 1000 } }];
  return [];
}

function rulesFor(rt: Runtime, call: ThrottledCall): Rule[] {
  const setting = rt.config.rateLimits;
  if (setting === 'off') return [];
  const route = `${call.method} ${call.template}`;
  if (setting === 'documented') return documentedRules(rt, call, route);
  const limit = setting[route];
  return limit ? [{ key: route, limit }] : [];
}

interface Window {
  start: number;
  count: number;
}

/** A budget of `n` calls per window; fractional limits below 1 still let one call through. */
const allowance = (n: number) => Math.max(1, Math.floor(n));

export class Throttle {
  private windows = new Map<string, Window>();

  /** Forgets every window: after `POST /reset`, or when the rate-limit setting changes. */
  reset(): void {
    this.windows.clear();
  }

  /** Counts the call against its budgets, or throws the over-limit answer without counting it. */
  check(rt: Runtime, call: ThrottledCall): void {
    const rules = rulesFor(rt, call);
    if (rules.length === 0) return;
    const now = rt.now();
    const due: Window[] = [];
    for (const { key, limit } of rules) {
      for (const [size, n] of [[1000, limit.perSecond], [60_000, limit.perMinute]] as const) {
        if (n === undefined) continue;
        const id = `${key} /${size}`;
        let w = this.windows.get(id);
        if (!w || now - w.start >= size) {
          w = { start: now, count: 0 };
          this.windows.set(id, w);
        }
        if (w.count >= allowance(n)) throw overLimit(isRecordRoute(call.template) ? 'bitable-record' : 'gateway', n, w.start + size - now);
        due.push(w);
      }
    }
    for (const w of due) w.count++;
  }
}

/**
 * feishu-wire.md §2: the gateway answers HTTP 429 + 99991400; Bitable record APIs answer HTTP 200
 * + 1254290 (their pages list it under 200). Both carry the window's limit and the whole seconds
 * until it resets (at least 1, so a client sleeping that long always finds a fresh window).
 */
function overLimit(answer: Answer, limit: number, msLeft: number): ApiError {
  const headers = { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(Math.max(1, Math.ceil(msLeft / 1000))) };
  return answer === 'bitable-record'
    ? new ApiError(200, 1254290, 'TooManyRequest', headers)
    : new ApiError(429, 99991400, 'request trigger frequency limit', headers);
}
