import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';

/**
 * `npm start` (the demo) runs events over the long connection by default: the gateway dials the
 * emulator's `/callback/ws/endpoint` as it would Feishu's, nothing is registered, and a
 * subscription receives the demo base's changes at once. FEISHU_EVENT_MODE=webhook keeps the
 * in-process webhook (fresh secrets, the emulator's delivery pointed at the gateway).
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const TASKS = 'tblDgFxLG45ZB0Hz';

describe('the demo with events', () => {
  let run: CliRun | undefined;
  afterEach(() => killIfRunning(run));

  it.each(['long-connection', 'webhook'] as const)('%s: says how events arrive, and a recordChanged subscription sees a record created through the gateway', async (mode) => {
    // The long connection is the default: FEISHU_EVENT_MODE unset.
    run = runCli(['--port', '0'], { PORT: '0', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', FEISHU_EVENT_MODE: mode === 'webhook' ? 'webhook' : '', REDIS_URL: '', GATEWAY_API_KEYS: '', GATEWAY_API_KEY_HASHES: '', NODE_ENV: '' });
    const deadline = Date.now() + 20_000;
    while (!/^Try:/m.test(run.output())) {
      if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`no demo banner:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const out = run.output();
    const url = /Gateway listening on (http:\/\/\S+\/graphql)/.exec(out)![1];
    const key = /Demo API key\s+(\S+)/.exec(out)![1];
    const emulatorUrl = /Feishu emulator listening on (http:\/\/\S+)/.exec(out)![1];
    if (mode === 'webhook') {
      expect(out).toMatch(new RegExp(`Events\\s+the emulator delivers to ${new URL('/webhook/event', url).href.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      expect(await (await fetch(`${emulatorUrl}/__emulator/webhook`)).json()).toEqual({ urls: [new URL('/webhook/event', url).href], encrypted: true, hasVerificationToken: true });
    } else {
      const deviceId = /Events\s+by long connection to the emulator \(device_id (\d+)\); subscriptions work out of the box/.exec(out)?.[1];
      expect(deviceId, out).toBeDefined();
      // No webhook: the gateway's own connection is what the emulator delivers to.
      expect(await (await fetch(`${emulatorUrl}/__emulator/webhook`)).json()).toEqual({ urls: [] });
      expect((await (await fetch(`${emulatorUrl}/__emulator/connections`)).json()).map((c: { device_id: string; ready: boolean }) => [c.device_id, c.ready])).toEqual([[deviceId, true]]);
      expect((await fetch(new URL('/ready', url))).status).toBe(200);
    }

    const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { 'x-api-key': key } });
    const received: Array<{ recordId: string; action: string }> = [];
    const errors: unknown[] = [];
    const stop = client.subscribe(
      { query: `subscription { recordChanged(appToken: "${BASE}", tableId: "${TASKS}") { recordId action } }` },
      { next: (r) => (r.errors ? errors.push(r.errors) : received.push((r.data as any).recordChanged)), error: (e) => errors.push(e), complete: () => undefined },
    );
    const primary = (
      await (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { fields(first: 1) { edges { node { name } } } } } }` }) })
      ).json()
    ).data.app.table.fields.edges[0].node.name;
    // graphql-ws does not acknowledge a subscription: create records until the first event shows.
    const created: string[] = [];
    while (received.length === 0) {
      if (errors.length || Date.now() > deadline + 10_000) throw new Error(`no event: ${JSON.stringify(errors)}`);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: 'mutation($input: CreateRecordInput!) { createRecord(input: $input) { record { recordId } } }', variables: { input: { appToken: BASE, tableId: TASKS, fields: { [primary]: `demo event ${created.length}` } } } }),
      });
      created.push((await res.json()).data.createRecord.record.recordId);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(created).toContain(received[0].recordId);
    expect(received[0].action).toBe('RECORD_ADDED');
    const log = (await (await fetch(`${emulatorUrl}/__emulator/deliveries`)).json()) as Array<{ channel: string; acked: boolean }>;
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((d) => d.channel === mode)).toBe(true);
    stop();
    await client.dispose();

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 60_000);
});
