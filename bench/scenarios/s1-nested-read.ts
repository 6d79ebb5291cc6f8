import { countBy, endpointOf, isRateLimited, isToken, waves } from '../lib/calls.js';
import { windowsReset, type Ctx } from '../lib/context.js';
import type { BenchBase } from '../lib/base.js';
import type { LoggedCall } from '../lib/emulator.js';
import { startGateway } from '../lib/gateway.js';
import { median } from '../lib/stats.js';
import type { Row } from '../lib/table.js';
import { sdkClient, sdkNestedRead, type SdkRead } from './s1-sdk.js';

/**
 * S1 nested read: one query for `first` orders with their linked products and customers (and
 * those records' text cells), owners with their unionId (a contact call) and invoices' temporary
 * URLs. Measures upstream calls against the minimum computed from the data, sequential upstream
 * waves from the emulator's log, wall time against the SDK written by hand, and the N+1 count
 * with GATEWAY_BATCHING=off.
 */

const query = (b: BenchBase, first: number) => `{ app(appToken: "${b.appToken}") { name table(tableId: "${b.orders}") { name records(first: ${first}) { edges { node { recordId cells { __typename
  ... on TextCell { text }
  ... on NumberCell { number }
  ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
  ... on UserCell { users { openId name unionId } }
  ... on AttachmentCell { attachments { name temporaryUrl } } } } } } } } }`;

const ceil = (n: number, size: number) => Math.ceil(n / size);

/**
 * The fewest calls that can answer the query, from what the page names: app, table list, one
 * field list per table whose cells are read (orders and the two linked tables), the page(s) of
 * 500, batch_get per 100 distinct ids per linked table, users/batch per 50 users, tmp URLs per 5.
 */
export function minimumCalls(first: number, d: SdkRead): number {
  const fixed = 1 /* app */ + 1 /* table list */ + 1 + d.linked.size /* field lists */ + ceil(first, 500); /* record pages */
  const batchGets = [...d.linked.values()].reduce((n, ids) => n + ceil(ids.size, 100), 0);
  return fixed + batchGets + ceil(d.users.size, 50) + ceil(d.files.size, 5);
}

/** Counts in the gateway's answer, to check it returned what the SDK did. */
function shapeOf(data: any) {
  const edges = data?.app?.table?.records?.edges ?? [];
  const cells = edges.flatMap((e: any) => e.node.cells);
  return {
    records: edges.length,
    links: cells.filter((c: any) => c.__typename === 'LinkCell').reduce((n: number, c: any) => n + c.records.length, 0),
    users: cells.filter((c: any) => c.__typename === 'UserCell').reduce((n: number, c: any) => n + c.users.filter((u: any) => u.unionId).length, 0),
    urls: cells.filter((c: any) => c.__typename === 'AttachmentCell').reduce((n: number, c: any) => n + c.attachments.filter((a: any) => a.temporaryUrl).length, 0),
  };
}

/**
 * From the emulator's log (its clock, the same machine's): when the first wave's last answer
 * left, relative to `startedAt`, and how long after it the second wave began (the client's CPU
 * time on the page: parsing, and for the gateway the executor's walk). NaN without two waves.
 */
function waveTimes(calls: LoggedCall[], startedAt: number): { wave1: number; gap: number } {
  const [first, second] = waves(calls);
  const end = first ? Math.max(...first.map((c) => c.at + c.durationMs)) : NaN;
  const next = second ? Math.min(...second.map((c) => c.at)) : NaN;
  return { wave1: end - startedAt, gap: next - end };
}

export async function s1NestedRead(ctx: Ctx): Promise<Row[]> {
  const { emu } = ctx;
  const base = await ctx.base();
  const first = ctx.quick ? 100 : 500;
  const q = query(base, first);
  const gw = await startGateway(emu);
  const sdk = sdkClient(emu);

  const r: Record<'calls' | 'minimum' | 'waves' | 'sdkWaves' | 'gwMs' | 'sdkMs' | 'delta' | 'gwWave1' | 'sdkWave1' | 'gwGap' | 'sdkGap', number[]> = {
    calls: [],
    minimum: [],
    waves: [],
    sdkWaves: [],
    gwMs: [],
    sdkMs: [],
    delta: [],
    gwWave1: [],
    sdkWave1: [],
    gwGap: [],
    sdkGap: [],
  };
  try {
    // Warm-up, not measured: both sides fetch their tenant token and run the read once (JIT, pools).
    const warm = await gw.gql(q);
    if (warm.errors) throw new Error(`S1 query failed: ${JSON.stringify(warm.errors.slice(0, 2))}`);
    await windowsReset();
    await sdkNestedRead(sdk, base, first);

    for (let run = 0; run < ctx.runs; run++) {
      await windowsReset();
      await emu.clearLog();
      let at = Date.now();
      let t = performance.now();
      const res = await gw.gql(q);
      const gwMs = performance.now() - t;
      if (res.errors) throw new Error(`S1 query failed: ${JSON.stringify(res.errors.slice(0, 2))}`);
      const gwCalls = (await emu.log()).filter((c) => !isToken(c));
      const gwTimes = waveTimes(gwCalls, at);

      await windowsReset();
      await emu.clearLog();
      at = Date.now();
      t = performance.now();
      const d = await sdkNestedRead(sdk, base, first);
      const sdkMs = performance.now() - t;
      const sdkCalls = (await emu.log()).filter((c) => !isToken(c));
      const sdkTimes = waveTimes(sdkCalls, at);

      const minimum = minimumCalls(first, d);
      const got = shapeOf(res.data);
      const want = { records: d.records.length, ...Object.fromEntries((['links', 'users', 'urls'] as const).map((k) => [k, d.records.reduce((n, x) => n + x[k], 0)])) };
      if (JSON.stringify(got) !== JSON.stringify(want)) ctx.say(`  S1 warning: the gateway answered ${JSON.stringify(got)}, the SDK read ${JSON.stringify(want)}`);
      if (sdkCalls.length !== minimum) ctx.say(`  S1 warning: the SDK made ${sdkCalls.length} calls, the computed minimum is ${minimum}`);
      if (run === 0) ctx.say(`  S1 gateway calls by endpoint: ${JSON.stringify(countBy(gwCalls, endpointOf))}`);

      r.calls.push(gwCalls.length);
      r.minimum.push(minimum);
      r.waves.push(waves(gwCalls).length);
      r.sdkWaves.push(waves(sdkCalls).length);
      r.gwMs.push(gwMs);
      r.sdkMs.push(sdkMs);
      r.delta.push(gwMs - sdkMs);
      r.gwWave1.push(gwTimes.wave1);
      r.sdkWave1.push(sdkTimes.wave1);
      r.gwGap.push(gwTimes.gap);
      r.sdkGap.push(sdkTimes.gap);
      ctx.say(`  S1 run ${run + 1}: gateway ${gwCalls.length} calls (minimum ${minimum}), ${waves(gwCalls).length} waves, ${gwMs.toFixed(0)} ms; SDK ${sdkMs.toFixed(0)} ms`);
    }
  } finally {
    await gw.proc.stop();
  }

  const nPlusOne = await nPlusOneCount(ctx, q);
  const min = median(r.minimum);
  const S = `S1 nested read (${first} records)`;
  return [
    { scenario: S, metric: 'upstream calls', unit: 'calls', values: r.calls, target: `= minimum (${min})`, check: (m) => m === min },
    { scenario: S, metric: 'computed minimum', unit: 'calls', values: r.minimum },
    { scenario: S, metric: 'sequential upstream waves', unit: 'waves', values: r.waves, target: `2 (SDK: ${median(r.sdkWaves)})`, check: (m) => m <= 2 },
    { scenario: S, metric: 'wall time, gateway', unit: 'ms', values: r.gwMs, digits: 0 },
    { scenario: S, metric: 'wall time, SDK by hand', unit: 'ms', values: r.sdkMs, digits: 0 },
    { scenario: S, metric: 'gateway - SDK', unit: 'ms', values: r.delta, digits: 0, target: '<= 60 ms', check: (m) => m <= 60 },
    { scenario: S, metric: 'wave 1 done (after the query began), gateway', unit: 'ms', values: r.gwWave1, digits: 0 },
    { scenario: S, metric: 'wave 1 done (after the query began), SDK', unit: 'ms', values: r.sdkWave1, digits: 0 },
    { scenario: S, metric: 'wave 1 end to wave 2 start, gateway', unit: 'ms', values: r.gwGap, digits: 0 },
    { scenario: S, metric: 'wave 1 end to wave 2 start, SDK', unit: 'ms', values: r.sdkGap, digits: 0 },
    { scenario: S, metric: 'N+1 calls (GATEWAY_BATCHING=off, 1 run)', unit: 'calls', values: [nPlusOne], target: 'reported' },
  ];
}

/**
 * The same query on a second gateway with GATEWAY_BATCHING=off: one call per linked record,
 * user and file. A count, not a timing, so one run. Those ~1,200 record reads wait for the
 * documented 20 QPS, about a minute, hence THROTTLE_MAX_WAIT_MS raised for this process only.
 */
async function nPlusOneCount(ctx: Ctx, q: string): Promise<number> {
  const gw = await startGateway(ctx.emu, { GATEWAY_BATCHING: 'off', THROTTLE_MAX_WAIT_MS: '600000' });
  try {
    await gw.gql('{ viewer { __typename } }');
    await windowsReset();
    await ctx.emu.clearLog();
    const t = performance.now();
    const res = await gw.gql(q);
    if (res.errors) ctx.say(`  S1 N+1 run answered errors: ${JSON.stringify(res.errors.slice(0, 2))}`);
    // Calls Feishu refused for a rate limit (and the gateway repeated) are not part of the count.
    const all = (await ctx.emu.log()).filter((c) => !isToken(c));
    const calls = all.filter((c) => !isRateLimited(c));
    const users = calls.filter((c) => c.path.includes('/contact/')).map((c) => JSON.stringify(c.query.user_ids));
    ctx.say(`  S1 N+1: ${calls.length} calls in ${((performance.now() - t) / 1000).toFixed(1)} s ${JSON.stringify(countBy(calls, endpointOf))}; ${all.length - calls.length} rate-limit refusals; ${new Set(users).size} distinct users/batch queries`);
    return calls.length;
  } finally {
    await gw.proc.stop();
  }
}
