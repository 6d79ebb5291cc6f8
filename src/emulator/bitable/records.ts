import { idempotent } from '../idempotency.js';
import { del, get, post, put, type Route } from '../router.js';
import { BITABLE, findRecord, flag, tableKey } from './common.js';
import { recordBatchRoutes } from './recordBatches.js';
import { createRecords, deleteRecords, recordOut, updateRecords } from './recordModel.js';
import { recordQueryRoutes } from './recordQueries.js';
import { accessTable, echoRecord, fieldsOf, readOptions, recordUrl, sharedUrl, writeFor } from './recordRequest.js';

/** Records one at a time (seed A29 get, A31 create, A32 update, A33 delete); batches and queries live beside. */

const RECORDS = `${BITABLE}/apps/:app_token/tables/:table_id/records`;
const lock = { lock: tableKey };

export const recordRoutes: Route[] = [
  get(`${RECORDS}/:record_id`, 'tenant-or-user', (ctx) => {
    const { app, table } = accessTable(ctx, 'read');
    const record = findRecord(table, ctx.params.record_id);
    const out = recordOut({ rt: ctx.rt, app }, table, record, { ...readOptions(ctx, 'get'), automatic: flag(ctx, 'automatic_fields') });
    out.record_url = recordUrl(ctx, app, table, record);
    if (flag(ctx, 'with_shared_url')) out.shared_url = sharedUrl(ctx, record);
    return { record: out };
  }),

  post(RECORDS, 'tenant-or-user', (ctx) =>
    idempotent(ctx, () => {
      const { w, actor } = writeFor(ctx);
      const [record] = createRecords(w, actor, [fieldsOf(ctx.body)]);
      return { record: echoRecord(ctx, w, record) };
    }), lock),

  put(`${RECORDS}/:record_id`, 'tenant-or-user', (ctx) => {
    const { w, actor } = writeFor(ctx);
    const record = findRecord(w.table, ctx.params.record_id);
    updateRecords(w, actor, [{ record, fields: fieldsOf(ctx.body) }]);
    return { record: echoRecord(ctx, w, record) };
  }, lock),

  del(`${RECORDS}/:record_id`, 'tenant-or-user', (ctx) => {
    const { w } = writeFor(ctx);
    const record = findRecord(w.table, ctx.params.record_id);
    deleteRecords(w, [record]);
    return { deleted: true, record_id: record.record_id };
  }, lock),

  ...recordBatchRoutes,
  ...recordQueryRoutes,
];
