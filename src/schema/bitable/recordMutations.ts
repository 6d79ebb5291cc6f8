import { z } from 'zod';
import { BATCH_GET_RECORDS_MAX, BATCH_WRITE_RECORDS_MAX, bitableWrites, clientToken, type Call, type TableKey } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { gatewayError } from '../errors.js';
import { MutationPayload, plan, send, type Planned, dryRunInput, type InputBuilder, sendRepeatable, doneByLostAnswer } from '../mutations.js';
import { loadFields, RecordRef, TableRef, type RecordShape, type TableShape, tableKeyOf } from './refs.js';
import { assertRecordValues } from './validate/recordValues.js';
import { chunk, runChunks, WriteChunk, type ChunkOutcome } from './writeChunks.js';

/**
 * Record mutations (seed A31-A36). Values are checked against the table's fields before any
 * write; batches are chunked to 500 and sent in order; creates carry client_tokens derived from
 * the caller's idempotencyKey; a delete retried after a lost answer counts the ids it finds
 * already gone as deleted. Payload records are keys: their fields load (batch_get) only when asked.
 */

/** Largest list one mutation takes: a whole table (EMULATOR.md pins 20,000 records a table). */
const MAX_ITEMS = 20_000;

const RECORDS_FIELD_DESCRIPTION = 'Feishu write shapes keyed by field name: text "…", number 1.5, single select "Option", multi select ["A","B"], date 1767225600000 (ms), checkbox true, person [{"id":"ou_…"}], phone "…", url {"text","link"}, attachment [{"file_token":"…"}], link ["rec…"], location "lng,lat", group [{"id":"oc_…"}]; null clears a cell.';

const fieldsMap = z.record(z.string(), z.unknown(), { error: 'fields must be a JSON object keyed by field name' });
const recordId = z.string().trim().min(1, 'a record id must not be empty');

const RecordFieldsInput = builder.inputType('RecordFieldsInput', {
  fields: (t) => ({ fields: t.field({ type: 'JSON', required: true, description: RECORDS_FIELD_DESCRIPTION, validate: fieldsMap }) }),
});
const RecordUpdateInput = builder.inputType('RecordUpdateInput', {
  fields: (t) => ({
    recordId: t.string({ required: true, validate: recordId }),
    fields: t.field({ type: 'JSON', required: true, description: 'Only the fields to change; null clears one.', validate: fieldsMap }),
  }),
});

const record = (t: TableKey, id: string): RecordShape => ({ ...t, recordId: id });

/** Every value checked against the table's fields: one listing, before any write call. */
async function checkValues(ctx: Context, t: TableKey, items: { fields: unknown; path: string }[], createMissingOptions: boolean | null | undefined) {
  const fields = await loadFields(ctx, t.appToken, t.tableId);
  for (const item of items) assertRecordValues(fields, item.fields, { argumentPath: item.path, createMissingOptions: createMissingOptions ?? false });
}

function refuseDuplicates(ids: readonly string[], argumentPath: string): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw gatewayError('BAD_USER_INPUT', `record ${id} appears twice in ${argumentPath} (again at index ${i})`, { argumentPath: `${argumentPath}.${i}` });
    seen.add(id);
  });
}

// ---- payloads ----

interface RecordPayload extends Planned {
  record?: RecordShape | null;
}
interface RecordsPayload extends Planned {
  table: TableShape;
  records?: RecordShape[];
  chunks?: ChunkOutcome[];
  complete?: boolean;
}
interface DeletedPayload extends Planned {
  table: TableShape;
  deletedRecordIds?: string[];
  chunks?: ChunkOutcome[];
  complete?: boolean;
}

const recordPayload = (name: string, description: string) =>
  builder.objectRef<RecordPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({ record: t.field({ type: RecordRef, nullable: true, description, resolve: (p) => p.record ?? null }) }),
  });

const chunkFields = {
  chunks: { description: 'One entry per upstream call, in order (empty on a dry run).' },
  complete: { description: 'Whether every chunk was applied.' },
};

const recordsPayload = (name: string, description: string) =>
  builder.objectRef<RecordsPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      table: t.field({ type: TableRef, resolve: (p) => p.table }),
      records: t.field({ type: [RecordRef], description, resolve: (p) => p.records ?? [] }),
      chunks: t.field({ type: [WriteChunk], ...chunkFields.chunks, resolve: (p) => p.chunks ?? [] }),
      complete: t.boolean({ ...chunkFields.complete, resolve: (p) => p.complete ?? false }),
    }),
  });

const CreateRecordPayload = recordPayload('CreateRecordPayload', 'The new record (null on a dry run).');
const UpdateRecordPayload = recordPayload('UpdateRecordPayload', 'The record as it is now (null on a dry run).');
const CreateRecordsPayload = recordsPayload('CreateRecordsPayload', 'The records created, in input order (those of applied chunks).');
const UpdateRecordsPayload = recordsPayload('UpdateRecordsPayload', 'The records updated, in input order (those of applied chunks).');

const deletedPayload = (name: string) =>
  builder.objectRef<DeletedPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      table: t.field({ type: TableRef, resolve: (p) => p.table }),
      deletedRecordIds: t.exposeStringList('deletedRecordIds', { nullable: true, description: 'Null on a dry run.' }),
      chunks: t.field({ type: [WriteChunk], ...chunkFields.chunks, resolve: (p) => p.chunks ?? [] }),
      complete: t.boolean({ ...chunkFields.complete, resolve: (p) => p.complete ?? false }),
    }),
  });
const DeleteRecordPayload = deletedPayload('DeleteRecordPayload');
const DeleteRecordsPayload = deletedPayload('DeleteRecordsPayload');

// ---- the shared input fields ----

const tableInput = (i: InputBuilder) => ({
  appToken: i.string({ required: true, validate: z.string().trim().min(1) }),
  tableId: i.string({ required: true, validate: z.string().trim().min(1) }),
  dryRun: dryRunInput(i),
});
const createOptions = (i: InputBuilder) => ({
  idempotencyKey: i.string({
    description: 'Makes the create safe to repeat: the same key on the same table creates nothing twice (Feishu keeps client tokens for an hour).',
    validate: z.string().min(1).max(200),
  }),
  createMissingOptions: i.boolean({ description: 'Let Feishu add select options the values name but the field lacks (refused otherwise).' }),
});

// ---- create ----

builder.mutationField('createRecord', (t) =>
  t.fieldWithInput({
    type: CreateRecordPayload,
    nullable: false,
    description: 'Creates one record.',
    input: { ...tableInput(t.input), fields: t.input.field({ type: 'JSON', required: true, description: RECORDS_FIELD_DESCRIPTION, validate: fieldsMap }), ...createOptions(t.input) },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      await checkValues(ctx, tk, [{ fields: input.fields, path: 'input.fields' }], input.createMissingOptions);
      const call = bitableWrites.createRecord(tk, input.fields as Record<string, unknown>, { clientToken: clientToken(tk.appToken, tk.tableId, input.idempotencyKey, 0) });
      if (input.dryRun) return plan([call]);
      const data = await send(ctx, call);
      return { record: record(tk, data.record.record_id) };
    },
  }),
);

builder.mutationField('createRecords', (t) =>
  t.fieldWithInput({
    type: CreateRecordsPayload,
    nullable: false,
    description: `Creates records: any number, in chunks of ${BATCH_WRITE_RECORDS_MAX} (records/batch_create), reported per chunk.`,
    input: { ...tableInput(t.input), records: t.input.field({ type: [RecordFieldsInput], required: true, validate: z.array(z.unknown()).min(1).max(MAX_ITEMS) }), ...createOptions(t.input) },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      await checkValues(ctx, tk, input.records.map((r, i) => ({ fields: r.fields, path: `input.records.${i}.fields` })), input.createMissingOptions);
      const calls = chunk(input.records, BATCH_WRITE_RECORDS_MAX).map((items, i) =>
        bitableWrites.batchCreateRecords(tk, items.map((r) => ({ fields: r.fields as Record<string, unknown> })), { clientToken: clientToken(tk.appToken, tk.tableId, input.idempotencyKey, i) }),
      );
      if (input.dryRun) return { table: tk, ...plan(calls) };
      const out = await runChunks(calls.map((c) => ({ count: bodyCount(c), send: async () => (await send(ctx, c)).records.map((r) => r.record_id) })));
      return { table: tk, records: out.recordIds.map((id) => record(tk, id)), chunks: out.chunks, complete: out.complete };
    },
  }),
);

// ---- update ----

builder.mutationField('updateRecord', (t) =>
  t.fieldWithInput({
    type: UpdateRecordPayload,
    nullable: false,
    description: 'Changes the given fields of one record (null clears a field); the others keep their values.',
    input: {
      ...tableInput(t.input),
      recordId: t.input.string({ required: true, validate: recordId }),
      fields: t.input.field({ type: 'JSON', required: true, description: RECORDS_FIELD_DESCRIPTION, validate: fieldsMap }),
      createMissingOptions: createOptions(t.input).createMissingOptions,
    },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      await checkValues(ctx, tk, [{ fields: input.fields, path: 'input.fields' }], input.createMissingOptions);
      const call = bitableWrites.updateRecord(tk, input.recordId, input.fields as Record<string, unknown>);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { record: record(tk, input.recordId) };
    },
  }),
);

builder.mutationField('updateRecords', (t) =>
  t.fieldWithInput({
    type: UpdateRecordsPayload,
    nullable: false,
    description: `Updates records: any number, in chunks of ${BATCH_WRITE_RECORDS_MAX} (records/batch_update), reported per chunk.`,
    input: {
      ...tableInput(t.input),
      records: t.input.field({ type: [RecordUpdateInput], required: true, validate: z.array(z.unknown()).min(1).max(MAX_ITEMS) }),
      createMissingOptions: createOptions(t.input).createMissingOptions,
    },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      refuseDuplicates(input.records.map((r) => r.recordId), 'input.records');
      await checkValues(ctx, tk, input.records.map((r, i) => ({ fields: r.fields, path: `input.records.${i}.fields` })), input.createMissingOptions);
      const calls = chunk(input.records, BATCH_WRITE_RECORDS_MAX).map((items) => bitableWrites.batchUpdateRecords(tk, items.map((r) => ({ record_id: r.recordId, fields: r.fields as Record<string, unknown> }))));
      if (input.dryRun) return { table: tk, ...plan(calls) };
      const out = await runChunks(calls.map((c) => ({ count: bodyCount(c), send: async () => (await send(ctx, c)).records.map((r) => r.record_id) })));
      return { table: tk, records: out.recordIds.map((id) => record(tk, id)), chunks: out.chunks, complete: out.complete };
    },
  }),
);

// ---- delete ----

builder.mutationField('deleteRecord', (t) =>
  t.fieldWithInput({
    type: DeleteRecordPayload,
    nullable: false,
    description: 'Deletes one record.',
    input: { ...tableInput(t.input), recordId: t.input.string({ required: true, validate: recordId }) },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      const call = bitableWrites.deleteRecord(tk, input.recordId);
      if (input.dryRun) return { table: tk, ...plan([call]) };
      await sendRepeatable(ctx, call, RECORD_NOT_FOUND);
      return { table: tk, deletedRecordIds: [input.recordId], complete: true };
    },
  }),
);

builder.mutationField('deleteRecords', (t) =>
  t.fieldWithInput({
    type: DeleteRecordsPayload,
    nullable: false,
    description: `Deletes records: any number, in chunks of ${BATCH_WRITE_RECORDS_MAX} (records/batch_delete), reported per chunk.`,
    input: { ...tableInput(t.input), recordIds: t.input.stringList({ required: true, validate: z.array(recordId).min(1).max(MAX_ITEMS) }) },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      refuseDuplicates(input.recordIds, 'input.recordIds');
      const calls = chunk(input.recordIds, BATCH_WRITE_RECORDS_MAX).map((ids) => bitableWrites.batchDeleteRecords(tk, ids));
      if (input.dryRun) return { table: tk, ...plan(calls) };
      const out = await runChunks(calls.map((c) => ({ count: bodyCount(c), send: () => deleteChunk(ctx, tk, c) })));
      return { table: tk, deletedRecordIds: out.recordIds, chunks: out.chunks, complete: out.complete };
    },
  }),
);

/** RecordIdNotFound: on a repeated delete, the lost first attempt did it. */
const RECORD_NOT_FOUND = 1254043;

/**
 * One batch_delete. Feishu refuses a whole batch naming an absent record, so when a retry meets
 * that, the ids already gone are counted as deleted (the lost attempt did it) and the rest sent again.
 */
async function deleteChunk(ctx: Context, tk: TableKey, c: Call<{ records: { record_id: string }[] }>): Promise<string[]> {
  const ids = (c.input.body as { records: string[] }).records;
  try {
    await send(ctx, c);
  } catch (err) {
    if (!doneByLostAnswer(err, RECORD_NOT_FOUND)) throw err;
    const gone = new Set<string>();
    for (const part of chunk(ids, BATCH_GET_RECORDS_MAX)) {
      for (const id of (await ctx.feishu.bitable.batchGetRecords({ ...tk, recordIds: part })).absent_record_ids) gone.add(id);
    }
    const rest = ids.filter((id) => !gone.has(id));
    if (rest.length) await send(ctx, bitableWrites.batchDeleteRecords(tk, rest));
  }
  return ids;
}

/** How many records a batch call carries (`records` in each batch body). */
const bodyCount = (c: Call) => (c.input.body as { records: unknown[] }).records.length;
