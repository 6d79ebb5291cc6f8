import autocannon from 'autocannon';
import { ok } from '../lib/emulator.js';
import { type Ctx } from '../lib/context.js';
import { API_KEY, clientFor, startGateway } from '../lib/gateway.js';
import { startNode, track, type Proc } from '../lib/proc.js';
import type { Row } from '../lib/table.js';

/**
 * S2 overhead: no injected latency. `{ viewer { __typename } }` (no upstream call) on the gateway
 * against `{ hello }` on a bare graphql-yoga server, and a one-upstream-call query
 * (`app { name }`, one `GET apps/:app_token`), each at concurrency 1 and 50, with autocannon.
 * Requests per second, p50 and p99 (autocannon's histogram counts whole milliseconds), and the
 * servers' peak RSS (VmHWM) after the runs.
 */

interface Load {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

async function load(url: string, headers: Record<string, string>, query: string, expectBody: string, connections: number, duration: number): Promise<Load> {
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    connections,
    duration,
    // Any other answer (a GraphQL error comes with HTTP 200) counts as a mismatch, not a success.
    expectBody,
  });
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, bad: r.errors + r.timeouts + r.non2xx + (r as any).mismatches };
}

/** One answer, fetched first: the body every load request must get back verbatim. */
async function answerOf(url: string, headers: Record<string, string>, query: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"')) throw new Error(`S2: ${query} answered ${res.status} ${text}`);
  return text;
}

export async function s2Overhead(ctx: Ctx): Promise<Row[]> {
  const { emu } = ctx;
  const duration = ctx.quick ? 1 : 3;
  // No injected latency, and no rate limits: the one-call query runs far above any QPS Feishu allows.
  await emu.config({ latencyMs: 0, rateLimits: 'off' });
  const appToken = ok(await emu.api('POST', '/open-apis/bitable/v1/apps', { body: { name: 'S2 base' } }), 'S2 app').app.app_token as string;

  const procs: Proc[] = [];
  try {
    const yoga = track(await startNode('bare yoga', 'bench/servers/hello.ts', [], {}));
    procs.push(yoga);
    const gw = await startGateway(emu);
    procs.push(gw.proc);
    const unthrottled = clientFor(
      track(
        await startNode('gateway (throttle off)', 'bench/servers/gateway-unthrottled.ts', [], {
          FEISHU_APP_ID: emu.appId,
          FEISHU_APP_SECRET: emu.appSecret,
          FEISHU_BASE_URL: emu.url,
          GATEWAY_API_KEYS: API_KEY,
          PORT: '0',
          HOST: '127.0.0.1',
          FEISHU_EVENT_MODE: 'off',
          NODE_ENV: 'production',
        }),
      ),
    );
    procs.push(unthrottled.proc);

    const key = { 'x-api-key': API_KEY };
    const targets = {
      yoga: { url: yoga.url, headers: {}, query: '{ hello }' },
      viewer: { url: gw.url, headers: key, query: '{ viewer { __typename } }' },
      oneCall: { url: unthrottled.url, headers: key, query: `{ app(appToken: "${appToken}") { name } }` },
    };
    const bodies = Object.fromEntries(await Promise.all(Object.entries(targets).map(async ([k, t]) => [k, await answerOf(t.url, t.headers, t.query)] as const)));
    const run = (k: keyof typeof targets, c: number, d = duration) => load(targets[k].url, targets[k].headers, targets[k].query, bodies[k], c, d);

    // Warm-up (JIT, connection pools), not measured.
    for (const k of Object.keys(targets) as (keyof typeof targets)[]) await run(k, 50, 1);

    const results: Record<string, Load[]> = {};
    const keep = (name: string, l: Load) => {
      (results[name] ??= []).push(l);
      if (l.bad > 0) ctx.say(`  S2 ${name}: ${l.bad} failed or unexpected answers`);
    };
    for (let i = 0; i < ctx.runs; i++) {
      for (const c of [1, 50]) {
        // Yoga and the gateway back to back at each concurrency, so both see the same machine state.
        keep(`yoga c${c}`, await run('yoga', c));
        keep(`viewer c${c}`, await run('viewer', c));
        keep(`oneCall c${c}`, await run('oneCall', c));
      }
      ctx.say(`  S2 run ${i + 1}: ${Object.entries(results).map(([k, v]) => `${k} ${v[i].rps.toFixed(0)} rps p99 ${v[i].p99} ms`).join('; ')}`);
    }

    const S = 'S2 overhead (no latency)';
    const col = (name: string, f: (l: Load) => number) => results[name].map(f);
    const rows: Row[] = [];
    for (const c of [1, 50]) {
      const ratio = results[`viewer c${c}`].map((l, i) => l.rps / results[`yoga c${c}`][i].rps);
      const p99ratio = results[`viewer c${c}`].map((l, i) => l.p99 / Math.max(1, results[`yoga c${c}`][i].p99));
      rows.push(
        { scenario: S, metric: `bare yoga \`{ hello }\`, c=${c}: rps`, unit: 'req/s', values: col(`yoga c${c}`, (l) => l.rps) },
        { scenario: S, metric: `gateway \`viewer\`, c=${c}: rps`, unit: 'req/s', values: col(`viewer c${c}`, (l) => l.rps) },
        { scenario: S, metric: `viewer rps / yoga rps, c=${c}`, unit: 'ratio', digits: 2, values: ratio, target: '>= 0.50', check: (m) => m >= 0.5 },
        { scenario: S, metric: `bare yoga, c=${c}: p50`, unit: 'ms', values: col(`yoga c${c}`, (l) => l.p50) },
        { scenario: S, metric: `gateway \`viewer\`, c=${c}: p50`, unit: 'ms', values: col(`viewer c${c}`, (l) => l.p50) },
        { scenario: S, metric: `bare yoga, c=${c}: p99`, unit: 'ms', values: col(`yoga c${c}`, (l) => l.p99) },
        { scenario: S, metric: `gateway \`viewer\`, c=${c}: p99`, unit: 'ms', values: col(`viewer c${c}`, (l) => l.p99) },
        { scenario: S, metric: `viewer p99 / yoga p99, c=${c}`, unit: 'ratio', digits: 2, values: p99ratio, target: '<= 2.00', check: (m) => m <= 2 },
        { scenario: S, metric: `one-call \`app { name }\`, c=${c}: rps`, unit: 'req/s', values: col(`oneCall c${c}`, (l) => l.rps) },
        { scenario: S, metric: `one-call, c=${c}: p50`, unit: 'ms', values: col(`oneCall c${c}`, (l) => l.p50) },
        { scenario: S, metric: `one-call, c=${c}: p99`, unit: 'ms', values: col(`oneCall c${c}`, (l) => l.p99) },
      );
    }
    const mb = (b: number) => b / 2 ** 20;
    rows.push(
      { scenario: S, metric: 'peak RSS, gateway (`viewer` runs)', unit: 'MiB', values: [mb(gw.proc.peakRss())] },
      { scenario: S, metric: 'peak RSS, gateway (one-call runs)', unit: 'MiB', values: [mb(unthrottled.proc.peakRss())] },
      { scenario: S, metric: 'peak RSS, bare yoga', unit: 'MiB', values: [mb(yoga.peakRss())] },
    );
    return rows;
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}
