import { bitableError, paramError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { post, type Route } from '../router.js';
import { BITABLE, findRecord, optionalBoolean, tableKey } from './common.js';
import { createRecords, deleteRecords, recordOut, updateRecords } from './recordModel.js';
import { accessTable, echoRecord, fieldsOf, readOptions, sharedUrl, writeFor } from './recordRequest.js';

/** Record batches (seed A34-A36, feishu-wire.md §3 batch_get). */

const RECORDS = `${BITABLE}/apps/:app_token/tables/:table_id/records`;
const lock = { lock: tableKey };

/** EMULATOR.md "Limits": batch writes take at most 500 records (1254104 RecordAddOnceExceedLimit). */
const MAX_BATCH = 500;
/** records/batch_get takes 1-100 ids. */
const MAX_BATCH_GET = 100;

function batchOf(body: unknown, key: string): unknown[] {
  const items = (body as Record<string, unknown> | undefined)?.[key];
  if (!Array.isArray(items) || items.length === 0) throw paramError(`${key} must be a non-empty array`);
  if (items.length > MAX_BATCH) throw bitableError(1254104, `RecordAddOnceExceedLimit: at most ${MAX_BATCH} records a call, got ${items.length}`);
  return items;
}

function recordId(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw paramError(`${where} must be a record id`);
  return v;
}

export const recordBatchRoutes: Route[] = [
  post(`${RECORDS}/batch_create`, 'tenant-or-user', (ctx) =>
    idempotent(ctx, () => {
      const items = batchOf(ctx.body, 'records');
      const { w, actor } = writeFor(ctx);
      const created = createRecords(w, actor, items.map((item, i) => fieldsOf(item, `records[${i}].fields`)));
      return { records: created.map((r) => echoRecord(ctx, w, r)) };
    }), lock),

  post(`${RECORDS}/batch_update`, 'tenant-or-user', (ctx) => {
    const items = batchOf(ctx.body, 'records');
    const { w, actor } = writeFor(ctx);
    const updates = items.map((item, i) => ({
      record: findRecord(w.table, recordId((item as { record_id?: unknown } | null)?.record_id, `records[${i}].record_id`)),
      fields: fieldsOf(item, `records[${i}].fields`),
    }));
    return { records: updateRecords(w, actor, updates).map((r) => echoRecord(ctx, w, r)) };
  }, lock),

  post(`${RECORDS}/batch_delete`, 'tenant-or-user', (ctx) => {
    const ids = batchOf(ctx.body, 'records').map((v, i) => recordId(v, `records[${i}]`));
    const { w } = writeFor(ctx);
    // All or nothing: an unknown id refuses the whole call before anything is deleted.
    const records = [...new Set(ids)].map((id) => findRecord(w.table, id));
    deleteRecords(w, records);
    return { records: records.map((r) => ({ deleted: true, record_id: r.record_id })) };
  }, lock),

  post(`${RECORDS}/batch_get`, 'tenant-or-user', (ctx) => {
    const ids = (ctx.body as { record_ids?: unknown } | undefined)?.record_ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_BATCH_GET) throw paramError(`record_ids must hold 1-${MAX_BATCH_GET} record ids`);
    ids.forEach((v, i) => recordId(v, `record_ids[${i}]`));
    const withSharedUrl = optionalBoolean(ctx.body, 'with_shared_url') ?? false;
    const automatic = optionalBoolean(ctx.body, 'automatic_fields') ?? false;
    const { app, table } = accessTable(ctx, 'read');
    const opts = { ...readOptions(ctx, 'search', 'body'), automatic };
    const records: Record<string, unknown>[] = [];
    const absent: string[] = [];
    for (const id of ids as string[]) {
      const record = table.records[id];
      if (!record) {
        absent.push(id);
        continue;
      }
      const out = recordOut({ rt: ctx.rt, app }, table, record, opts);
      if (withSharedUrl) out.shared_url = sharedUrl(ctx, record);
      records.push(out);
    }
    // Record-level permissions are not enforced (permissions.ts), so nothing is ever forbidden.
    return { records, forbidden_record_ids: [], absent_record_ids: absent };
  }),
];
