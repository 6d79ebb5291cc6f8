import { countBy, endpointOf, isRateLimited, isToken } from '../lib/calls.js';
import { STANDARD, windowsReset, type Ctx } from '../lib/context.js';
import { ok, type EmulatorClient } from '../lib/emulator.js';
import { errorCodes, startGateway } from '../lib/gateway.js';
import { sleep } from '../lib/proc.js';
import type { Row } from '../lib/table.js';

/**
 * S3 bulk write: one `createRecords` of 10,000 records into an empty table. The gateway cuts it
 * into chunks of 500 (20 `batch_create` calls) sent one at a time (one writer per table) under
 * the documented 10 QPS for record writes. Bound: max(calls x latency, record writes / 10 per s).
 * Errors are what reached the client (GraphQL errors, chunks not APPLIED); duplicates and missing
 * records are counted afterwards by listing the table.
 */

const MUTATION = `mutation ($input: CreateRecordsInput!) { createRecords(input: $input) { complete chunks { start count status error { code message } } } }`;
const RECORD_WRITE_QPS = 10;

export async function s3BulkWrite(ctx: Ctx): Promise<Row[]> {
  const { emu } = ctx;
  const n = ctx.quick ? 2_000 : 10_000;
  const appToken = ok(await emu.api('POST', '/open-apis/bitable/v1/apps', { body: { name: 'S3 base' } }), 'S3 app').app.app_token as string;
  const newTable = async (name: string) =>
    ok(await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table: { name, fields: [{ field_name: 'Name', type: 1 }, { field_name: 'Seq', type: 2 }] } } }), 'S3 table').table_id as string;
  const records = (count: number) => Array.from({ length: count }, (_, i) => ({ fields: { Name: `S3 record ${String(i).padStart(5, '0')}`, Seq: i } }));

  const gw = await startGateway(emu);
  const r: Record<'calls' | 'ms' | 'bound' | 'ratio' | 'errors' | 'duplicates' | 'missing' | 'refused', number[]> = { calls: [], ms: [], bound: [], ratio: [], errors: [], duplicates: [], missing: [], refused: [] };
  try {
    // Warm-up, not measured: token, schema, the write path.
    const warm = await gw.gql(MUTATION, { input: { appToken, tableId: await newTable('warm-up'), records: records(10) } });
    if (warm.errors) throw new Error(`S3 warm-up failed: ${JSON.stringify(warm.errors)}`);

    for (let run = 0; run < ctx.runs; run++) {
      const tableId = await newTable(`run ${run + 1}`);
      await windowsReset();
      await emu.clearLog();
      const t = performance.now();
      const res = await gw.gql(MUTATION, { input: { appToken, tableId, idempotencyKey: `s3-${Date.now()}-${run}`, records: records(n) } });
      const ms = performance.now() - t;
      const calls = (await emu.log()).filter((c) => !isToken(c));
      const writes = calls.filter((c) => c.path.endsWith('/records/batch_create'));
      const chunks: { status: string }[] = res.data?.createRecords?.chunks ?? [];
      const errors = errorCodes(res).length + chunks.filter((c) => c.status !== 'APPLIED').length;
      const bound = Math.max(calls.length * STANDARD.latencyMs, (writes.length / RECORD_WRITE_QPS) * 1000);
      const { total, distinct } = await countRecords(emu, appToken, tableId);
      r.calls.push(calls.length);
      r.ms.push(ms);
      r.bound.push(bound);
      r.ratio.push(ms / bound);
      r.errors.push(errors);
      r.duplicates.push(total - distinct);
      r.missing.push(n - distinct);
      r.refused.push(calls.filter((c) => isRateLimited(c) || c.code === 1254291).length);
      ctx.say(`  S3 run ${run + 1}: ${calls.length} calls ${JSON.stringify(countBy(calls, endpointOf))}, ${ms.toFixed(0)} ms (bound ${bound} ms), ${errors} errors, ${total} records (${distinct} distinct)`);
      if (errors) ctx.say(`  S3 errors: ${JSON.stringify(res.errors ?? chunks.filter((c) => c.status !== 'APPLIED')).slice(0, 500)}`);
    }
  } finally {
    await gw.proc.stop();
  }
  const S = `S3 bulk write (${n.toLocaleString('en')} records)`;
  return [
    { scenario: S, metric: 'upstream calls', unit: 'calls', values: r.calls },
    { scenario: S, metric: 'wall time', unit: 'ms', values: r.ms },
    { scenario: S, metric: 'bound max(calls x 20 ms, writes / 10 QPS)', unit: 'ms', values: r.bound },
    { scenario: S, metric: 'wall time / bound', unit: 'ratio', digits: 2, values: r.ratio, target: '<= 1.20', check: (m) => m <= 1.2 },
    { scenario: S, metric: 'errors reaching the client', unit: 'errors', values: r.errors, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'duplicates', unit: 'records', values: r.duplicates, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'missing', unit: 'records', values: r.missing, target: '0', check: (m) => m === 0 },
    { scenario: S, metric: 'upstream refusals (rate limit, write conflict)', unit: 'answers', values: r.refused },
  ];
}

/**
 * Every record of the table through the list endpoint (500 a page): how many, and how many
 * distinct `Seq` values. The documented 20 QPS applies to this reader too: a refused page
 * (1254290) is asked again after the window.
 */
async function countRecords(emu: EmulatorClient, appToken: string, tableId: string): Promise<{ total: number; distinct: number }> {
  await windowsReset();
  const seqs: number[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const res = await emu.api('GET', `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/records`, { query: { page_size: '500', field_names: '["Seq"]', ...(pageToken ? { page_token: pageToken } : {}) } });
    if (res.code === 1254290) {
      await sleep(1_000);
      continue;
    }
    const data = ok(res, 'S3 count') as { items?: { fields: { Seq?: number | string } }[]; has_more: boolean; page_token?: string };
    for (const item of data.items ?? []) seqs.push(Number(item.fields.Seq));
    if (!data.has_more || !data.page_token) break;
    pageToken = data.page_token;
  }
  return { total: seqs.length, distinct: new Set(seqs).size };
}
