import { randomBytes } from 'node:crypto';
import { countBy, endpointOf, isToken } from '../lib/calls.js';
import { windowsReset, type Ctx } from '../lib/context.js';
import { ok, type EmulatorClient } from '../lib/emulator.js';
import { startGateway } from '../lib/gateway.js';
import { sleep } from '../lib/proc.js';
import { percentile } from '../lib/stats.js';
import { clearReceipts, subscribe, waitForAll, type Subscriber } from '../lib/subscribers.js';
import type { Row } from '../lib/table.js';

/**
 * S4 fan-out: 1,000 graphql-ws subscribers (one socket each) of one identity (the app) on one
 * table, selecting `eventId action recordId record { recordId }`; then 20 writes of 10 records
 * at 5 per second, made straight on the emulator (not through the gateway, so every upstream
 * call in the log during delivery is the gateway's delivery work). Events reach the gateway by
 * webhook, encrypted and signed (FEISHU_EVENT_MODE=webhook; the emulator's `PUT /webhook`).
 *
 * - Delivery latency: client receipt (Date.now() in the subscriber's `next`) minus the event's
 *   `header.create_time` (the emulator's emit time, epoch ms, read back from `GET /deliveries`);
 *   one sample per subscriber per GraphQL event (10 per write).
 * - Memory per idle subscriber: gateway RSS with all subscribed and idle minus RSS with one
 *   subscriber, over the number added.
 * - Upstream calls during delivery, with 1 subscriber and with all of them (the same run).
 */

const WRITES = 20;
const PER_WRITE = 10;
const WRITES_PER_SECOND = 5;

const subscription = (appToken: string, tableId: string) => `subscription { recordChanged(appToken: "${appToken}", tableId: "${tableId}") { eventId action recordId record { recordId } } }`;

interface Burst {
  latencies: number[];
  calls: number;
  byEndpoint: Record<string, number>;
  missing: number;
  errors: number;
}

export async function s4FanOut(ctx: Ctx): Promise<Row[]> {
  const { emu } = ctx;
  const n = ctx.quick ? 200 : 1_000;
  const appToken = ok(await emu.api('POST', '/open-apis/bitable/v1/apps', { body: { name: 'S4 base' } }), 'S4 app').app.app_token as string;
  const tableId = ok(
    await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table: { name: 'Events', fields: [{ field_name: 'Name', type: 1 }, { field_name: 'Seq', type: 2 }] } } }),
    'S4 table',
  ).table_id as string;
  const q = subscription(appToken, tableId);
  let seq = 0;
  const write = async (count: number) => {
    const records = Array.from({ length: count }, () => ({ fields: { Name: `S4 ${seq}`, Seq: seq++ } }));
    const res = await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/records/batch_create`, { body: { records } });
    if (res.code !== 0) ctx.say(`  S4 write refused: ${res.code} ${res.msg}`);
  };

  const r: Record<'p50' | 'p99' | 'p50one' | 'p99one' | 'kb' | 'calls1' | 'callsN' | 'extra' | 'missing', number[]> = { p50: [], p99: [], p50one: [], p99one: [], kb: [], calls1: [], callsN: [], extra: [], missing: [] };
  for (let run = 0; run < ctx.runs; run++) {
    const secrets = { encryptKey: randomBytes(24).toString('base64url'), verificationToken: randomBytes(24).toString('base64url') };
    const gw = await startGateway(emu, { FEISHU_EVENT_MODE: 'webhook', FEISHU_ENCRYPT_KEY: secrets.encryptKey, FEISHU_VERIFICATION_TOKEN: secrets.verificationToken });
    let subs: Subscriber[] = [];
    try {
      const hook = await emu.admin('PUT', '/webhook', { url: `${gw.origin}/webhook/event`, ...secrets });
      if (!hook.verified) throw new Error(`S4: the emulator did not verify the webhook: ${JSON.stringify(hook)}`);

      // One subscriber: the baseline for upstream calls (and its latency, for reference).
      subs = await subscribe(gw, q, 1);
      await probe(ctx, subs, write);
      const one = await burst(ctx, emu, subs, write);

      // Everyone else; RSS with one subscriber and, after they are all live and idle again, with all.
      const rss0 = gw.proc.rss();
      subs.push(...(await subscribe(gw, q, n - 1)));
      await probe(ctx, subs, write);
      await sleep(1_000);
      const rss1 = gw.proc.rss();
      const all = await burst(ctx, emu, subs, write);

      r.p50.push(percentile(all.latencies, 50));
      r.p99.push(percentile(all.latencies, 99));
      r.p50one.push(percentile(one.latencies, 50));
      r.p99one.push(percentile(one.latencies, 99));
      r.kb.push((rss1 - rss0) / (n - 1) / 1024);
      r.calls1.push(one.calls);
      r.callsN.push(all.calls);
      r.extra.push(all.calls - one.calls);
      r.missing.push(all.missing);
      ctx.say(
        `  S4 run ${run + 1}: ${n} subscribers p50 ${percentile(all.latencies, 50)} ms p99 ${percentile(all.latencies, 99)} ms (${all.latencies.length} deliveries, ${all.missing} missing, ${all.errors} errors); ` +
          `1 subscriber p50 ${percentile(one.latencies, 50)} p99 ${percentile(one.latencies, 99)} ms; ${((rss1 - rss0) / (n - 1) / 1024).toFixed(1)} KB each; calls ${one.calls} vs ${all.calls} ${JSON.stringify(all.byEndpoint)}`,
      );
    } finally {
      await Promise.all(subs.map((s) => s.dispose()));
      await emu.admin('DELETE', '/webhook');
      await gw.proc.stop();
      await emu.admin('DELETE', '/deliveries');
    }
  }

  const S = `S4 fan-out (${n.toLocaleString('en')} subscribers)`;
  return [
    { scenario: S, metric: 'delivery latency p50', unit: 'ms', values: r.p50 },
    { scenario: S, metric: 'delivery latency p99', unit: 'ms', values: r.p99, target: '< 100 ms', check: (m) => m < 100 },
    { scenario: S, metric: 'delivery latency p50, 1 subscriber', unit: 'ms', values: r.p50one },
    { scenario: S, metric: 'delivery latency p99, 1 subscriber', unit: 'ms', values: r.p99one },
    { scenario: S, metric: 'memory per idle subscriber (RSS delta / subscribers)', unit: 'KB', digits: 1, values: r.kb, target: '< 50 KB', check: (m) => m < 50 },
    { scenario: S, metric: 'upstream calls during delivery, 1 subscriber', unit: 'calls', values: r.calls1 },
    { scenario: S, metric: `upstream calls during delivery, ${n} subscribers`, unit: 'calls', values: r.callsN },
    { scenario: S, metric: 'calls with all minus calls with 1', unit: 'calls', values: r.extra, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'deliveries missing', unit: 'events', values: r.missing, target: '0', check: (m) => m === 0 },
  ];
}

/**
 * Waits until every subscriber is live: graphql-ws acknowledges the socket before the
 * subscription is on the bus, so a one-record write is repeated until each subscriber got it.
 */
async function probe(ctx: Ctx, subs: Subscriber[], write: (n: number) => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    clearReceipts(subs);
    await write(1);
    if (await waitForAll(subs, 1, 5_000)) {
      await sleep(300);
      clearReceipts(subs);
      return;
    }
  }
  const live = subs.filter((s) => s.receipts.length > 0).length;
  throw new Error(`S4: only ${live} of ${subs.length} subscribers receive events (${JSON.stringify(subs.find((s) => s.errors.length)?.errors ?? []).slice(0, 300)})`);
}

/** The 20 writes of 10 at 5 per second, then everything delivered (or a minute passed). */
async function burst(ctx: Ctx, emu: EmulatorClient, subs: Subscriber[], write: (n: number) => Promise<void>): Promise<Burst> {
  await windowsReset();
  clearReceipts(subs);
  for (const s of subs) s.errors = [];
  await emu.admin('DELETE', '/deliveries');
  await emu.clearLog();
  const t0 = Date.now();
  for (let i = 0; i < WRITES; i++) {
    // On a fixed schedule (not "200 ms after the last write returned"), so the rate is 5/s.
    await sleep(Math.max(0, t0 + (i * 1000) / WRITES_PER_SECOND - Date.now()));
    await write(PER_WRITE);
  }
  const expected = WRITES * PER_WRITE;
  await waitForAll(subs, expected, 60_000);
  await sleep(300); // calls that started with the last delivery are logged when they end

  const deliveries: { event_id: string; envelope: { header: { create_time: string } } }[] = await emu.admin('GET', '/deliveries');
  const emitted = new Map(deliveries.map((d) => [d.event_id, Number(d.envelope.header.create_time)]));
  const latencies: number[] = [];
  for (const s of subs) for (const rcv of s.receipts) if (emitted.has(rcv.eventId)) latencies.push(rcv.at - emitted.get(rcv.eventId)!);
  const calls = (await emu.log()).filter((c) => !isToken(c) && !c.path.endsWith('/records/batch_create'));
  if (latencies.length !== subs.reduce((k, s) => k + s.receipts.length, 0)) ctx.say('  S4 warning: receipts of events the emulator did not log');
  return {
    latencies,
    calls: calls.length,
    byEndpoint: countBy(calls, endpointOf),
    missing: subs.reduce((k, s) => k + Math.max(0, expected - s.receipts.length), 0),
    errors: subs.reduce((k, s) => k + s.errors.length, 0),
  };
}
