import { countBy, endpointOf, isRateLimited, isToken } from '../lib/calls.js';
import { windowsReset, type Ctx } from '../lib/context.js';
import type { LoggedCall } from '../lib/emulator.js';
import { errorCodes, startGateway } from '../lib/gateway.js';
import type { Row } from '../lib/table.js';

/**
 * S5 quota: 500 nested queries sent at once against the documented limits. Each reads a
 * different slice of the orders (`filter` on Amount: two orders each), their customer (a linked
 * record) and their owner's unionId (a contact call): per query one field list, one record list,
 * one records/batch_get and one users/batch. With the documented limits (record reads 20/s per
 * route, other Bitable 20/s, contact 50/s) the bound is max over endpoints of calls / limit =
 * 500 / 20 = 25 s, below THROTTLE_MAX_WAIT_MS (30 s), so the throttle can absorb the whole
 * burst by waiting: no RATE_LIMITED should reach a client.
 */

const query = (appToken: string, orders: string, i: number) =>
  `{ app(appToken: "${appToken}") { table(tableId: "${orders}") { records(first: 10, filter: "CurrentValue.[Amount] = ${10 + (i % 1000)}") { edges { node { recordId
    customer: cell(field: "Customer") { ... on LinkCell { records { recordId } } }
    owner: cell(field: "Owner") { ... on UserCell { users { name unionId } } } } } } } } }`;

/** The documented limit of an endpoint (README, Emulator: Rate limits), per second and per minute. */
function limitOf(c: LoggedCall): { perSecond: number; perMinute?: number } {
  if (/\/bitable\/v1\/apps\/[^/]+\/tables\/[^/]+\/records/.test(c.path)) return { perSecond: c.method === 'GET' || /\/(search|batch_get)$/.test(c.path) ? 20 : 10 };
  if (c.path.startsWith('/open-apis/bitable/')) return { perSecond: 20 };
  if (c.path.startsWith('/open-apis/contact/')) return { perSecond: 50, perMinute: 1000 };
  if (c.path.includes('/medias/batch_get_tmp_download_url')) return { perSecond: 5 };
  return { perSecond: Infinity };
}

/**
 * max over endpoints of calls / limit, per-minute budgets counted only once exceeded. Calls
 * Feishu refused for a limit are left out: they are the cost of a throttle that let too many
 * through, and counting them would raise the bound the run is judged by.
 */
export function quotaBoundMs(calls: LoggedCall[]): number {
  const groups = new Map<string, LoggedCall[]>();
  for (const c of calls.filter((x) => !isRateLimited(x))) groups.set(endpointOf(c), [...(groups.get(endpointOf(c)) ?? []), c]);
  let bound = 0;
  for (const group of groups.values()) {
    const { perSecond, perMinute } = limitOf(group[0]);
    bound = Math.max(bound, (group.length / perSecond) * 1000);
    if (perMinute && group.length > perMinute) bound = Math.max(bound, Math.floor((group.length - 1) / perMinute) * 60_000);
  }
  return bound;
}

export async function s5Quota(ctx: Ctx): Promise<Row[]> {
  const { emu } = ctx;
  const base = await ctx.base();
  const n = ctx.quick ? 100 : 500;
  const gw = await startGateway(emu);
  const r: Record<'ms' | 'bound' | 'ratio' | 'limited' | 'other' | 'refused' | 'calls', number[]> = { ms: [], bound: [], ratio: [], limited: [], other: [], refused: [], calls: [] };
  try {
    await gw.gql(query(base.appToken, base.orders, 0)); // warm-up: token, schema
    for (let run = 0; run < ctx.runs; run++) {
      await windowsReset();
      await emu.clearLog();
      const t = performance.now();
      const answers = await Promise.all(Array.from({ length: n }, (_, i) => gw.gql(query(base.appToken, base.orders, i))));
      const ms = performance.now() - t;
      const calls = (await emu.log()).filter((c) => !isToken(c));
      const codes = answers.flatMap(errorCodes);
      const bound = quotaBoundMs(calls);
      r.ms.push(ms);
      r.bound.push(bound);
      r.ratio.push(ms / bound);
      r.limited.push(codes.filter((c) => c === 'RATE_LIMITED').length);
      r.other.push(codes.filter((c) => c !== 'RATE_LIMITED').length);
      r.refused.push(calls.filter(isRateLimited).length);
      r.calls.push(calls.length);
      ctx.say(`  S5 run ${run + 1}: ${n} queries in ${(ms / 1000).toFixed(1)} s (bound ${(bound / 1000).toFixed(1)} s), ${calls.length} calls ${JSON.stringify(countBy(calls, endpointOf))}, errors ${JSON.stringify(countBy(codes, (c) => c))}, upstream refusals ${calls.filter(isRateLimited).length}`);
    }
  } finally {
    await gw.proc.stop();
  }
  const S = `S5 quota (${n} concurrent queries)`;
  return [
    { scenario: S, metric: 'upstream calls', unit: 'calls', values: r.calls },
    { scenario: S, metric: 'completion time', unit: 'ms', values: r.ms },
    { scenario: S, metric: 'bound max_e(calls_e / limit_e)', unit: 'ms', values: r.bound, target: '< 30,000 (THROTTLE_MAX_WAIT_MS)', check: (m) => m < 30_000 },
    { scenario: S, metric: 'completion time / bound', unit: 'ratio', digits: 2, values: r.ratio, target: '<= 1.30', check: (m) => m <= 1.3 },
    { scenario: S, metric: 'RATE_LIMITED errors reaching clients', unit: 'errors', values: r.limited, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'other errors reaching clients', unit: 'errors', values: r.other, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'upstream rate-limit answers (429 / 1254290)', unit: 'answers', values: r.refused },
  ];
}
