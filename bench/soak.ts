import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from 'graphql-ws';
import { createAll } from './lib/base.js';
import { ok, startEmulatorProcess, type EmulatorClient } from './lib/emulator.js';
import { startGateway, type GatewayClient } from './lib/gateway.js';
import { sleep, stopAll } from './lib/proc.js';
import { median } from './lib/stats.js';

/**
 * `npm run soak [-- --duration 120] [--concurrency 8] [--sample 5] [--max-growth-mb 64]`: the
 * emulator and the gateway (`src/main.ts serve`, events over the long connection) as child
 * processes, under steady mixed load for `--duration` seconds: nested reads (records with their
 * linked records), `viewer`, and now and then a write (update, or create then delete, so the
 * table stays the same size), with two graphql-ws `recordChanged` subscribers counting every
 * event the writes cause. The gateway's RSS is sampled every `--sample` seconds.
 *
 * Prints the errors (every failed operation, every subscription error, every event a subscriber
 * missed or got twice: all must be 0) and RSS over time: the samples, the first and last, the
 * max, and the growth (median of the last quarter minus median of the first quarter after a
 * warm-up tenth). Exits non-zero on any error or a growth over `--max-growth-mb`.
 */

export interface SoakOptions {
  durationS: number;
  concurrency: number;
  sampleEveryS: number;
  say?: (line: string) => void;
}

export interface SoakReport {
  durationS: number;
  operations: Record<string, number>;
  errors: number;
  /** The first few failures, for the report. */
  errorSamples: string[];
  events: { expected: number; received: number[]; missing: number; duplicated: number };
  rssMb: { atS: number; mb: number }[];
  firstMb: number;
  lastMb: number;
  maxMb: number;
  growthMb: number;
  /** Whether the gateway still answered /health after the load. */
  alive: boolean;
}

const ITEMS = 300;
const TAGS = 40;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function buildData(emu: EmulatorClient) {
  const appToken = ok(await emu.api('POST', '/open-apis/bitable/v1/apps', { body: { name: 'Soak' } }), 'soak base').app.app_token as string;
  const table = async (name: string, fields: unknown[]) => ok(await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table: { name, fields } } }), `table ${name}`).table_id as string;
  const tags = await table('Tags', [{ field_name: 'Tag', type: 1 }]);
  const items = await table('Items', [{ field_name: 'Name', type: 1 }, { field_name: 'N', type: 2 }]);
  ok(await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables/${items}/fields`, { body: { field_name: 'Tags', type: 18, property: { table_id: tags, multiple: true } } }), 'link field');
  const tagIds = await createAll(emu, appToken, tags, TAGS, (i) => ({ Tag: `tag ${i}` }));
  const itemIds = await createAll(emu, appToken, items, ITEMS, (i) => ({ Name: `item ${i}`, N: i, Tags: [tagIds[i % TAGS], tagIds[(i * 7) % TAGS]] }));
  return { appToken, items, itemIds };
}

/** A graphql-ws subscriber counting each GraphQL event id (`event_id:record_id`). */
function subscriber(gw: GatewayClient, appToken: string, tableId: string) {
  const client: Client = gw.ws();
  const counts = new Map<string, number>();
  const errors: string[] = [];
  client.subscribe(
    { query: `subscription { recordChanged(appToken: "${appToken}", tableId: "${tableId}") { id action recordId } }` },
    {
      next: (v: any) => {
        if (v?.errors) errors.push(JSON.stringify(v.errors));
        const id = v?.data?.recordChanged?.id as string | undefined;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      },
      error: (e) => errors.push(`subscription ended: ${JSON.stringify(e)}`),
      complete: () => errors.push('subscription completed early'),
    },
  );
  return { client, counts, errors };
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const say = o.say ?? (() => undefined);
  const emu = await startEmulatorProcess({ latencyMs: 2, rateLimits: 'off' });
  let gw: GatewayClient | undefined;
  try {
    await emu.config({ writeLockMs: 0 });
    const data = await buildData(emu);
    gw = await startGateway(emu, { FEISHU_EVENT_MODE: 'long-connection' });
    const g = gw;
    // Ready once Feishu answers and the long connection is up: events flow from here.
    for (let i = 0; ; i++) {
      if ((await fetch(new URL('/ready', g.origin)).catch(() => undefined))?.status === 200) break;
      if (i > 200) throw new Error('the gateway did not become ready within 20 s');
      await sleep(100);
    }
    const subs = [subscriber(g, data.appToken, data.items), subscriber(g, data.appToken, data.items)];
    // graphql-ws does not acknowledge a subscription: probe writes until both subscribers see one.
    for (let i = 0; subs.some((x) => x.counts.size === 0); i++) {
      if (i >= 20) throw new Error(`the subscribers saw no event within 20 probes: ${subs.flatMap((x) => x.errors).join('; ')}`);
      await g.gql('mutation($input: UpdateRecordsInput!) { updateRecords(input: $input) { complete } }', { input: { appToken: data.appToken, tableId: data.items, records: [{ recordId: data.itemIds[0], fields: { N: -1 - i } }] } });
      for (let w = 0; w < 10 && subs.some((x) => x.counts.size === 0); w++) await sleep(100);
    }
    await sleep(300); // a probe's late copies land before the count starts
    for (const x of subs) x.counts.clear();
    say(`soak: ${o.durationS} s, ${o.concurrency} workers, gateway pid ${g.proc.pid}, ${ITEMS} items linking ${TAGS} tags`);

    const operations: Record<string, number> = {};
    const errorSamples: string[] = [];
    let errors = 0;
    const expectedEvents = { n: 0 };
    const fail = (what: string, detail: unknown) => {
      errors++;
      if (errorSamples.length < 10) errorSamples.push(`${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)?.slice(0, 300)}`);
    };
    const run = async (what: string, query: string, variables?: Record<string, unknown>) => {
      operations[what] = (operations[what] ?? 0) + 1;
      try {
        const r = await g.gql(query, variables);
        if (r.errors?.length) fail(what, r.errors);
        return r.data;
      } catch (e) {
        fail(what, (e as Error).message);
        return undefined;
      }
    };
    const NESTED = `query($after: String) { app(appToken: "${data.appToken}") { table(tableId: "${data.items}") { records(first: 50, after: $after) { edges { node { recordId cells { __typename ... on NumberCell { number } ... on LinkCell { records { recordId fields } } } } } pageInfo { endCursor } } } } }`;
    const mutation = (name: string, selection: string) => `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`;
    let seq = 0;
    const step = async () => {
      const dice = Math.random();
      if (dice < 0.7) await run('nested read', NESTED);
      else if (dice < 0.85) await run('viewer', '{ viewer { kind appId } }');
      else if (dice < 0.95) {
        const recordId = data.itemIds[Math.floor(Math.random() * data.itemIds.length)];
        // A value no cell holds yet: an edit that changes nothing emits no event, and would count as missed.
        const d = await run('updateRecords', mutation('updateRecords', 'complete'), { input: { appToken: data.appToken, tableId: data.items, records: [{ recordId, fields: { N: 1_000_000 + seq++ } }] } });
        if (d?.updateRecords?.complete) expectedEvents.n += 1;
      } else {
        const n = seq;
        seq += 2; // before the await: a key shared by two workers would return the same records to both
        const created = await run('createRecords', mutation('createRecords', 'records { recordId } complete'), { input: { appToken: data.appToken, tableId: data.items, records: [{ fields: { Name: `soak ${n}` } }, { fields: { Name: `soak ${n + 1}` } }], idempotencyKey: `soak-${n}` } });
        const ids = (created?.createRecords?.records ?? []).map((r: { recordId: string }) => r.recordId);
        expectedEvents.n += ids.length;
        if (ids.length) {
          const d = await run('deleteRecords', mutation('deleteRecords', 'deletedRecordIds'), { input: { appToken: data.appToken, tableId: data.items, recordIds: ids } });
          expectedEvents.n += d?.deleteRecords?.deletedRecordIds?.length ?? 0;
        }
      }
    };

    const started = Date.now();
    const deadline = started + o.durationS * 1000;
    const rssMb: { atS: number; mb: number }[] = [{ atS: 0, mb: mb(g.proc.rss()) }];
    const sampler = setInterval(() => {
      const sample = { atS: Math.round((Date.now() - started) / 1000), mb: mb(g.proc.rss()) };
      rssMb.push(sample);
      say(`  t=${String(sample.atS).padStart(4)} s  rss ${sample.mb} MB  ops ${Object.values(operations).reduce((a, b) => a + b, 0)}  errors ${errors}`);
    }, o.sampleEveryS * 1000);
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (Date.now() < deadline) await step();
      }),
    );
    clearInterval(sampler);
    rssMb.push({ atS: Math.round((Date.now() - started) / 1000), mb: mb(g.proc.rss()) });

    // Every event the writes caused reaches both subscribers, once.
    const settleUntil = Date.now() + 10_000;
    const counted = () => subs.map((s) => [...s.counts.values()].reduce((a, b) => a + b, 0));
    while (Date.now() < settleUntil && counted().some((n) => n < expectedEvents.n)) await sleep(100);
    await sleep(300); // room for a wrongful duplicate
    const received = counted();
    const missing = received.reduce((n, r) => n + Math.max(0, expectedEvents.n - r), 0);
    const duplicated = subs.reduce((n, s) => n + [...s.counts.values()].filter((c) => c > 1).length, 0);
    for (const s of subs) for (const e of s.errors) fail('subscription', e);
    if (missing) fail('events', `${missing} events missed (expected ${expectedEvents.n} per subscriber, got ${received.join(', ')})`);
    if (duplicated) fail('events', `${duplicated} events delivered twice`);
    await Promise.all(subs.map((s) => s.client.dispose()));

    const alive = (await fetch(new URL('/health', g.origin)).catch(() => undefined))?.status === 200;
    if (!alive) fail('gateway', 'no answer on /health after the load');
    const warm = rssMb.filter((s) => s.atS >= o.durationS / 10);
    const quarter = Math.max(1, Math.floor(warm.length / 4));
    const growthMb = Math.round(((median(warm.slice(-quarter).map((s) => s.mb)) - median(warm.slice(0, quarter).map((s) => s.mb)) || 0)) * 10) / 10;
    return {
      durationS: o.durationS,
      operations,
      errors,
      errorSamples,
      events: { expected: expectedEvents.n, received, missing, duplicated },
      rssMb,
      firstMb: (warm[0] ?? rssMb[0]).mb,
      lastMb: rssMb.at(-1)!.mb,
      maxMb: Math.max(...rssMb.map((s) => s.mb)),
      growthMb,
      alive,
    };
  } finally {
    await gw?.proc.stop();
    await emu.proc.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '120' },
      concurrency: { type: 'string', default: '8' },
      sample: { type: 'string', default: '5' },
      'max-growth-mb': { type: 'string', default: '64' },
    },
  });
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
    return n;
  };
  const maxGrowth = num('max-growth-mb', values['max-growth-mb']);
  const report = await runSoak({ durationS: num('duration', values.duration), concurrency: Math.round(num('concurrency', values.concurrency)), sampleEveryS: num('sample', values.sample), say: (l) => console.log(l) });
  const total = Object.values(report.operations).reduce((a, b) => a + b, 0);
  console.log(`\noperations: ${total} (${Object.entries(report.operations).map(([k, v]) => `${k} ${v}`).join(', ')}), ${Math.round(total / report.durationS)}/s`);
  console.log(`events: ${report.events.expected} caused, received ${report.events.received.join(' and ')}, missing ${report.events.missing}, duplicated ${report.events.duplicated}`);
  console.log(`errors: ${report.errors}${report.errorSamples.length ? `\n  ${report.errorSamples.join('\n  ')}` : ''}`);
  console.log(`gateway RSS: first ${report.firstMb} MB (after warm-up), last ${report.lastMb} MB, max ${report.maxMb} MB, growth ${report.growthMb} MB (limit ${maxGrowth} MB)`);
  const bad = report.errors > 0 || report.growthMb > maxGrowth || !report.alive;
  console.log(bad ? 'soak: FAILED' : 'soak: passed');
  process.exitCode = bad ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main()
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(() => stopAll());
}
