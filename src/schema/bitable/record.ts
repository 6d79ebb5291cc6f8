import type { ArgBuilder } from '@pothos/core';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { FeishuError, type BitableRecord, type SearchFilter } from '../../feishu/index.js';
import { feishuError, gatewayError } from '../errors.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { UserRef, type UserShape } from '../user.js';
import { Cell, recordCells } from './cells.js';
import { connectionType, feishuConnection } from './connection.js';
import { bitableLoaders, key } from './loaders.js';
import { compositeKey, RecordRef, TableRef, loadRecord, type RecordShape } from './refs.js';
import { prefetchCellLoads } from './prefetch.js';
import { selects } from './selection.js';

/** A record. Its raw data comes from the page that listed it, or from the batch_get loader. */
builder.node(RecordRef, {
  description: 'A record (row) of a table.',
  ...compositeKey('appToken', 'tableId', 'recordId'),
  fields: (t) => ({
    recordId: t.exposeString('recordId'),
    table: t.field({ nullable: false, type: TableRef, resolve: (r) => ({ appToken: r.appToken, tableId: r.tableId }) }),
    fields: t.field({ nullable: false, type: 'JSON', description: 'The raw Feishu map, keyed by field name.', resolve: async (r, _a, ctx) => (await loadRecord(ctx, r)).fields }),
    cells: t.field({
      nullable: false,
      type: [Cell],
      description: 'Typed, one per field present.',
      // No promise when the record and its table's fields are already here (a page's records).
      resolve: (r, _a, ctx) => (r.raw ? recordCells(ctx, r, r.raw.fields) : loadRecord(ctx, r).then((raw) => recordCells(ctx, r, raw.fields))),
    }),
    cell: t.field({
      type: Cell,
      nullable: true,
      description: 'One cell, by field name or field id (null when the record has no value there).',
      args: { field: t.arg.string({ required: true }) },
      resolve: async (r, args, ctx) => {
        const raw = await loadRecord(ctx, r);
        const cells = await recordCells(ctx, r, raw.fields);
        const cell = cells.find((c) => c.field.field_name === args.field || c.field.field_id === args.field);
        if (cell) return cell;
        const fields = await bitableLoaders(ctx).fields.load(key(r.appToken, r.tableId));
        if (!fields.some((f) => f.field_name === args.field || f.field_id === args.field)) {
          throw gatewayError('NOT_FOUND', `Field ${JSON.stringify(args.field)} does not exist in table ${r.tableId}`, { argumentPath: 'field' });
        }
        return null;
      },
    }),
    createdTime: t.field({ type: 'DateTime', nullable: true, resolve: async (r, _a, ctx) => (await loadRecord(ctx, r)).created_time ?? null }),
    lastModifiedTime: t.field({ type: 'DateTime', nullable: true, resolve: async (r, _a, ctx) => (await loadRecord(ctx, r)).last_modified_time ?? null }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: async (r, _a, ctx) => person((await loadRecord(ctx, r)).created_by) }),
    lastModifiedBy: t.field({ type: UserRef, nullable: true, resolve: async (r, _a, ctx) => person((await loadRecord(ctx, r)).last_modified_by) }),
  }),
});

function person(p: BitableRecord['created_by']): UserShape | null {
  if (!p?.id) return null;
  return { openId: p.id, known: { name: p.name, en_name: p.en_name, email: p.email, avatar_url: p.avatar_url } };
}

export const RecordConnection = connectionType('Record', RecordRef);

// ---- filters and sorts (the search body's JSON, feishu-wire.md §3) ----
export const Conjunction = builder.enumType('Conjunction', { values: { AND: { value: 'and' }, OR: { value: 'or' } } as const });
export const FilterOperator = builder.enumType('FilterOperator', {
  values: {
    IS: { value: 'is' },
    IS_NOT: { value: 'isNot' },
    CONTAINS: { value: 'contains' },
    DOES_NOT_CONTAIN: { value: 'doesNotContain' },
    IS_EMPTY: { value: 'isEmpty' },
    IS_NOT_EMPTY: { value: 'isNotEmpty' },
    IS_GREATER: { value: 'isGreater' },
    IS_GREATER_EQUAL: { value: 'isGreaterEqual' },
    IS_LESS: { value: 'isLess' },
    IS_LESS_EQUAL: { value: 'isLessEqual' },
  } as const,
});

export const RecordConditionInput = builder.inputType('RecordConditionInput', {
  fields: (t) => ({
    field: t.string({ required: true, description: 'A field name.' }),
    operator: t.field({ type: FilterOperator, required: true }),
    value: t.stringList({ description: 'Feishu\'s condition value (dates: ["ExactDate", "<ms>"], ["Today"], ...).' }),
  }),
});

export interface RecordFilterShape {
  conjunction: 'and' | 'or';
  conditions: { field: string; operator: string; value?: string[] | null }[];
  children?: RecordFilterShape[] | null;
}
export const RecordFilterInput = builder.inputRef<RecordFilterShape>('RecordFilterInput').implement({
  description: 'A search filter: conditions joined by the conjunction, with nested groups in children.',
  fields: (t) => ({
    conjunction: t.field({ type: Conjunction, required: true }),
    conditions: t.field({ type: [RecordConditionInput], required: true }),
    children: t.field({ type: [RecordFilterInput] }),
  }),
});

export const RecordSortInput = builder.inputType('RecordSortInput', {
  fields: (t) => ({ field: t.string({ required: true }), desc: t.boolean() }),
});

function toSearchFilter(f: RecordFilterShape): SearchFilter {
  return {
    conjunction: f.conjunction,
    conditions: f.conditions.map((c) => ({ field_name: c.field, operator: c.operator, value: c.value ?? undefined })),
    children: f.children?.map(toSearchFilter),
  };
}

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

export interface RecordsArgs {
  first?: number | null;
  after?: string | null;
  viewId?: string | null;
  filter?: string | null;
  where?: RecordFilterShape | null;
  sort?: { field: string; desc?: boolean | null }[] | null;
  fieldNames?: string[] | null;
}

/** The arguments `Table.records` and `View.records` share. */
export const recordsArgs = (t: ArgBuilder<BuilderTypes>) => ({
  first: t.int({ description: 'Default 20, at most 500.' }),
  after: t.string(),
  viewId: t.string(),
  filter: t.string({ description: 'A Feishu formula filter (list endpoint), e.g. CurrentValue.[Status]="Done". Not with where.' }),
  where: t({ type: RecordFilterInput, description: 'A structured filter (search endpoint). Not with filter.' }),
  sort: t({ type: [RecordSortInput] }),
  fieldNames: t.stringList({ description: 'Only these fields.' }),
});

/** Feishu refusing a query's own filter or sort is the caller's input error: say which argument. */
function blameArgument(err: unknown, args: RecordsArgs): never {
  const argumentPath = args.filter != null ? 'filter' : args.where != null ? 'where' : args.sort != null ? 'sort' : undefined;
  if (!(err instanceof FeishuError) || err.kind !== 'invalid' || !argumentPath) throw err;
  const mapped = feishuError(err);
  throw new GraphQLError(mapped.message, { extensions: { ...mapped.extensions, argumentPath } });
}

/** One page of records: `filter` uses the list endpoint, anything else `records/search`. */
export async function recordsConnection(ctx: Context, info: GraphQLResolveInfo, appToken: string, tableId: string, args: RecordsArgs) {
  if (args.filter != null && args.where != null) throw gatewayError('BAD_USER_INPUT', 'records takes filter (a formula) or where, not both', { argumentPath: 'where' });
  // Cells need the table's fields: load them beside the page, not after it.
  if (selects(info, ['cells', 'cell'])) bitableLoaders(ctx).prefetchFields(key(appToken, tableId));
  const bitable = ctx.feishu.bitable;
  const viewId = args.viewId ?? undefined;
  const fieldNames = args.fieldNames ?? undefined;
  const connection = await feishuConnection(args, {
    cap: 500,
    what: 'records',
    fetch: (p) =>
      (args.filter != null
        ? bitable.listRecords({ appToken, tableId, ...p, viewId, fieldNames, filter: args.filter, sort: args.sort?.map((s) => `${s.field}${s.desc ? ' DESC' : ''}`), automaticFields: true })
        : bitable.searchRecords({
            appToken,
            tableId,
            ...p,
            viewId,
            fieldNames,
            filter: args.where ? toSearchFilter(args.where) : undefined,
            sort: args.sort?.map((s) => ({ fieldName: s.field, desc: s.desc ?? false })),
            automaticFields: true,
          })
      ).catch((err) => blameArgument(err, args)),
    node: (raw): RecordShape => ({ appToken, tableId, recordId: raw.record_id, raw }),
  });
  await prefetchCellLoads(ctx, info, appToken, tableId, connection.edges.map((e) => e.node));
  return connection;
}

builder.objectFields(TableRef, (t) => ({
  records: t.field({
    type: RecordConnection,
    nullable: false,
    description: 'A page of records: one Feishu page (page_size = first).',
    args: recordsArgs(t.arg),
    resolve: (table, args, ctx, info) => recordsConnection(ctx, info, table.appToken, table.tableId, args),
  }),
  record: t.field({
    type: RecordRef,
    nullable: true,
    description: 'A record by its record_id (through records/batch_get). Not fetched until a field needs it.',
    args: { recordId: t.arg.string({ required: true }) },
    resolve: (table, { recordId }) => ({ appToken: table.appToken, tableId: table.tableId, recordId }),
  }),
}));
