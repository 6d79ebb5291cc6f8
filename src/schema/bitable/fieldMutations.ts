import { z } from 'zod';
import { bitableWrites, clientToken, type BitableField, type TableKey } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput, type InputBuilder, sendRepeatable } from '../mutations.js';
import { FIELD_TYPE_CODES, FieldType } from './field.js';
import { createDefinition, descriptionText, updateDefinition } from './fieldDefinition.js';
import { FieldRef, TableRef, loadField, type FieldShape, type TableShape, tableKeyOf } from './refs.js';
import { assertFieldProperty } from './validate/fieldProperty.js';

/**
 * Field mutations (seed A05, A38-A40). A property is checked against its type before any write;
 * an update reads the field first, since Feishu's PUT needs the whole field (fieldDefinition.ts).
 * Payloads give the field primed with Feishu's answer and its table, for client caches.
 */

interface FieldPayload extends Planned {
  table?: TableShape | null;
  field?: FieldShape | null;
  deletedFieldId?: string | null;
}

const fieldPayload = (name: string, description: string) =>
  builder.objectRef<FieldPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      field: t.field({ type: FieldRef, nullable: true, description, resolve: (p) => p.field ?? null }),
      table: t.field({ type: TableRef, nullable: true, description: 'The field\'s table (null on a dry run).', resolve: (p) => p.table ?? null }),
    }),
  });

const CreateFieldPayload = fieldPayload('CreateFieldPayload', 'The new field (null on a dry run).');
const UpdateFieldPayload = fieldPayload('UpdateFieldPayload', 'The field as it is now (null on a dry run).');
const DeleteFieldPayload = builder.objectRef<FieldPayload>('DeleteFieldPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedFieldId: t.string({ nullable: true, description: 'The id of the deleted field (null on a dry run).', resolve: (p) => p.deletedFieldId ?? null }),
    table: t.field({ type: TableRef, nullable: true, description: 'The table it was deleted from (null on a dry run).', resolve: (p) => p.table ?? null }),
  }),
});

// ---- shared input fields ----

const id = z.string().trim().min(1);
/** EMULATOR.md, seed A38: a field name is 1-100 characters (1254028 / 1254029 beyond). */
const fieldName = z.string().trim().min(1, 'a field name must not be empty').max(100, 'a field name has at most 100 characters');

const fieldKey = (i: InputBuilder) => ({
  appToken: i.string({ required: true, validate: id }),
  tableId: i.string({ required: true, validate: id }),
});
const settings = (i: InputBuilder) => ({
  property: i.field({ type: 'JSON', description: 'Feishu\'s property for the type (seed A05), e.g. {"options":[{"name":"A","color":0}]} for a select, {"formatter":"0.00"} for a number, {"table_id":"tbl…"} for a link.' }),
  description: i.string({ description: 'The field\'s description text (in updateField, null clears it).' }),
  uiType: i.string({ description: 'Feishu\'s finer presentation of the type (ui_type: Email, Currency, Progress, Rating, Barcode, …).', validate: id }),
});
const dryRun = (i: InputBuilder) => ({ dryRun: dryRunInput(i) });

/**
 * The payload's field, primed with the write's answer. Feishu answers a description as
 * `{text, disable_sync}` there but as text in listings: primed as text, it reads the same as a re-read.
 */
function primed(tk: TableKey, field: BitableField): FieldShape {
  const raw = field.description === undefined ? field : { ...field, description: descriptionText(field.description) ?? null };
  return { ...tk, fieldId: field.field_id, raw };
}

// ---- create ----

builder.mutationField('createField', (t) =>
  t.fieldWithInput({
    type: CreateFieldPayload,
    nullable: false,
    description: 'Adds a field (column) to a table.',
    input: {
      ...fieldKey(t.input),
      name: t.input.string({ required: true, validate: fieldName }),
      type: t.input.field({ type: FieldType, required: true }),
      ...settings(t.input),
      idempotencyKey: t.input.string({
        description: 'Makes the create safe to repeat: the same key on the same table creates the field once (Feishu keeps client tokens for an hour).',
        validate: z.string().min(1).max(200),
      }),
      ...dryRun(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      assertFieldProperty(FIELD_TYPE_CODES[input.type], input.property ?? null, 'input.property');
      const body = createDefinition(input);
      const call = bitableWrites.createField(tk, body, clientToken(tk.appToken, tk.tableId, input.idempotencyKey, 0));
      if (input.dryRun) return plan([call]);
      return { table: tk, field: primed(tk, (await send(ctx, call)).field) };
    },
  }),
);

// ---- update ----

builder.mutationField('updateField', (t) =>
  t.fieldWithInput({
    type: UpdateFieldPayload,
    nullable: false,
    description:
      'Changes a field. What you leave out keeps its current value: Feishu replaces the whole field, so the gateway reads it first and sends it whole. ' +
      'A property you give replaces the old one (for a select, list every option to keep, with its id). A new type drops the old type\'s property and uiType.',
    input: {
      ...fieldKey(t.input),
      fieldId: t.input.string({ required: true, validate: id }),
      name: t.input.string({ validate: fieldName }),
      type: t.input.field({ type: FieldType }),
      ...settings(t.input),
      ...dryRun(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      const current = await loadField(ctx, { ...tk, fieldId: input.fieldId });
      const body = updateDefinition(current, input);
      // A property the caller gave, or none for a new type (which may need one: a link's table_id).
      if (input.property !== undefined || body.type !== current.type) assertFieldProperty(body.type, input.property ?? null, 'input.property');
      const call = bitableWrites.updateField(tk, input.fieldId, body);
      if (input.dryRun) return plan([call]);
      return { table: tk, field: primed(tk, (await send(ctx, call)).field) };
    },
  }),
);

// ---- delete ----

builder.mutationField('deleteField', (t) =>
  t.fieldWithInput({
    type: DeleteFieldPayload,
    nullable: false,
    description: 'Deletes a field and its values (not the primary field; a two-way link takes its twin along).',
    input: { ...fieldKey(t.input), fieldId: t.input.string({ required: true, validate: id }), ...dryRun(t.input) },
    resolve: async (_root, { input }, ctx) => {
      const tk = tableKeyOf(input);
      const call = bitableWrites.deleteField(tk, input.fieldId);
      if (input.dryRun) return plan([call]);
      await sendRepeatable(ctx, call, FIELD_NOT_FOUND);
      return { table: tk, deletedFieldId: input.fieldId };
    },
  }),
);

/** FieldIdNotFound: on a repeated delete, the lost first attempt did it. */
const FIELD_NOT_FOUND = 1254044;
