import type { GraphQLResolveInfo } from 'graphql';
import type { BitableField } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { UserRef, type UserShape } from '../user.js';
import { SelectOptionRef, fieldTypeName, linkedTableId, selectOptions, type SelectOption } from './field.js';
import { bitableLoaders, key } from './loaders.js';
import { FieldRef, RecordRef, TableRef, loadFields, type RecordShape } from './refs.js';
import { selects } from './selection.js';

/**
 * Typed cells: a record's raw Feishu value (search / batch_get read shapes) plus the field's
 * metadata. Everything a cell names elsewhere (linked records, users' other ids, download
 * URLs) loads through the request's batch loaders, so a page of cells costs one call per batch.
 */
export interface CellShape {
  typename: string;
  appToken: string;
  tableId: string;
  field: BitableField;
  value: unknown;
}

const CELL_TYPE: Record<string, string> = {
  TEXT: 'TextCell',
  NUMBER: 'NumberCell',
  SINGLE_SELECT: 'SingleSelectCell',
  MULTI_SELECT: 'MultiSelectCell',
  DATE_TIME: 'DateTimeCell',
  CHECKBOX: 'CheckboxCell',
  USER: 'UserCell',
  PHONE: 'PhoneCell',
  URL: 'UrlCell',
  ATTACHMENT: 'AttachmentCell',
  LINK: 'LinkCell',
  DUPLEX_LINK: 'LinkCell',
  LOOKUP: 'LookupCell',
  FORMULA: 'FormulaCell',
  LOCATION: 'LocationCell',
  GROUP_CHAT: 'GroupChatCell',
  CREATED_TIME: 'CreatedTimeCell',
  MODIFIED_TIME: 'ModifiedTimeCell',
  CREATED_USER: 'CreatedUserCell',
  MODIFIED_USER: 'ModifiedUserCell',
  AUTO_NUMBER: 'AutoNumberCell',
};

/** The GraphQL type of a field's cells. */
export const cellTypename = (field: BitableField): string => CELL_TYPE[fieldTypeName(field.type) ?? ''] ?? 'UnknownCell';

export function buildCell(appToken: string, tableId: string, field: BitableField, value: unknown): CellShape {
  return { typename: cellTypename(field), appToken, tableId, field, value };
}

/**
 * The cells of a record: one per field present, in the table's field order. Without a promise
 * when the table's fields have loaded (they load beside the page), so a page of records
 * completes without one per record.
 */
export function recordCells(ctx: Context, record: RecordShape, values: Record<string, unknown>): CellShape[] | Promise<CellShape[]> {
  const known = bitableLoaders(ctx).fieldsNow(key(record.appToken, record.tableId));
  if (known) return cellsOf(record, known, values);
  return loadFields(ctx, record.appToken, record.tableId).then((fields) => cellsOf(record, fields, values));
}

function cellsOf(record: RecordShape, fields: BitableField[], values: Record<string, unknown>): CellShape[] {
  const cells: CellShape[] = [];
  for (const f of fields) {
    const value = values[f.field_name];
    if (value !== undefined && value !== null) cells.push(buildCell(record.appToken, record.tableId, f, value));
  }
  return cells;
}

export const Cell = builder.interfaceRef<CellShape>('Cell').implement({
  description: 'One value of a record, typed by its field.',
  resolveType: (cell) => cell.typename,
  fields: (t) => ({
    field: t.field({ nullable: false, type: FieldRef, resolve: (c) => ({ appToken: c.appToken, tableId: c.tableId, fieldId: c.field.field_id, raw: c.field }) }),
    value: t.field({ type: 'JSON', nullable: true, description: "Feishu's raw value.", resolve: (c) => c.value ?? null }),
  }),
});

type Fields = Parameters<Parameters<ReturnType<typeof builder.objectRef<CellShape>>['implement']>[0]['fields'] & object>[0];
const cellType = (name: string, description: string, fields: (t: Fields) => object = () => ({})) =>
  builder.objectRef<CellShape>(name).implement({ description, interfaces: [Cell], fields: fields as never });

// ---- value readers (search / batch_get read shapes) ----
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);
const segmentsOf = (v: unknown): { type?: string; text?: string }[] =>
  typeof v === 'string' ? [{ type: 'text', text: v }] : (asArray(v) as { type?: string; text?: string }[]);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : segmentsOf(v).map((s) => (typeof s === 'string' ? s : (s?.text ?? ''))).join(''));
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function optionOf(field: BitableField, name: string): SelectOption {
  return selectOptions(field.property).find((o) => o.name === name) ?? { name };
}

export function usersOf(v: unknown): UserShape[] {
  const users: UserShape[] = [];
  for (const x of asArray(v)) {
    const p = obj(x);
    if (typeof p.id === 'string') users.push({ openId: p.id, known: { name: str(p.name), en_name: str(p.en_name), email: str(p.email), avatar_url: str(p.avatar_url) } });
  }
  return users;
}

/** `{link_record_ids}` (search, batch_get) or the list endpoint's `[{record_ids}]`. */
export function linkIdsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => asArray(obj(x).record_ids)).filter((id): id is string => typeof id === 'string');
  return asArray(obj(v).link_record_ids).filter((id): id is string => typeof id === 'string');
}

// ---- attachments ----
interface AttachmentShape {
  file_token: string;
  name?: string;
  type?: string;
  size?: number;
  url?: string;
}
export const attachmentsOf = (v: unknown): AttachmentShape[] => asArray(v).filter((a) => typeof obj(a).file_token === 'string') as AttachmentShape[];

export const BitableAttachment = builder.objectRef<AttachmentShape>('BitableAttachment').implement({
  description: 'A file in an attachment cell.',
  fields: (t) => ({
    fileToken: t.exposeString('file_token'),
    name: t.string({ nullable: true, resolve: (a) => a.name ?? null }),
    mimeType: t.string({ nullable: true, resolve: (a) => a.type ?? null }),
    size: t.int({ nullable: true, resolve: (a) => a.size ?? null }),
    url: t.string({ nullable: true, description: 'Download with the same identity (drive medias download).', resolve: (a) => a.url ?? null }),
    temporaryUrl: t.string({
      nullable: true,
      description: 'A download link valid 24 hours, no credentials needed (batched, 5 a call).',
      resolve: (a, _args, ctx) => bitableLoaders(ctx).tmpUrl.load(a.file_token),
    }),
  }),
});

export const GroupChat = builder.objectRef<{ id: string; name?: string | null; avatar_url?: string | null }>('GroupChatRef').implement({
  description: 'A group chat named in a cell.',
  fields: (t) => ({
    chatId: t.exposeString('id'),
    name: t.string({ nullable: true, resolve: (c) => c.name ?? null }),
    avatarUrl: t.string({ nullable: true, resolve: (c) => c.avatar_url ?? null }),
  }),
});

const dateTimeField = (t: Fields) => ({ dateTime: t.field({ type: 'DateTime', nullable: true, resolve: (c: CellShape) => num(c.value) }) });
const usersField = (t: Fields) => ({ users: t.field({ nullable: false, type: [UserRef], resolve: (c: CellShape) => usersOf(c.value) }) });

cellType('TextCell', 'Text (also email and barcode).', (t) => ({
  text: t.string({ resolve: (c) => textOf(c.value) }),
  segments: t.field({ type: 'JSON', description: 'The rich-text segments (text, mention, url).', resolve: (c) => segmentsOf(c.value) }),
}));
cellType('NumberCell', 'Number (also currency, progress, rating).', (t) => ({ number: t.float({ nullable: true, resolve: (c) => num(c.value) }) }));
cellType('SingleSelectCell', 'Single select.', (t) => ({
  option: t.field({ type: SelectOptionRef, nullable: true, resolve: (c) => (typeof c.value === 'string' ? optionOf(c.field, c.value) : null) }),
}));
cellType('MultiSelectCell', 'Multi select.', (t) => ({
  options: t.field({ type: [SelectOptionRef], resolve: (c) => asArray(c.value).filter((v): v is string => typeof v === 'string').map((n) => optionOf(c.field, n)) }),
}));
cellType('DateTimeCell', 'Date.', dateTimeField);
cellType('CheckboxCell', 'Checkbox.', (t) => ({ checked: t.boolean({ resolve: (c) => c.value === true }) }));
cellType('UserCell', 'Person.', usersField);
cellType('PhoneCell', 'Phone number.', (t) => ({ phone: t.string({ nullable: true, resolve: (c) => str(c.value) ?? (c.value == null ? null : String(c.value)) }) }));
cellType('UrlCell', 'Hyperlink.', (t) => ({
  text: t.string({ nullable: true, resolve: (c) => str(obj(c.value).text) }),
  link: t.string({ nullable: true, resolve: (c) => str(obj(c.value).link) }),
}));
cellType('AttachmentCell', 'Attachments.', (t) => ({
  attachments: t.field({ nullable: false, type: [BitableAttachment], resolve: (c) => attachmentsOf(c.value) }),
}));
cellType('LinkCell', 'A link (one-way or two-way) to records of a table.', (t) => ({
  recordIds: t.stringList({ resolve: (c) => linkIdsOf(c.value) }),
  linkedTable: t.field({ type: TableRef, nullable: true, resolve: (c) => linkedTable(c) }),
  records: t.field({
    type: [RecordRef],
    nullable: false,
    description: 'The linked records (records/batch_get, 100 ids a call per table).',
    resolve: (c, _a, ctx, info) => linkedRecords(c, ctx, info),
  }),
}));
cellType('LookupCell', 'A lookup of a linked field: `value` is `{type, value}`.');
cellType('FormulaCell', 'A formula: `value` is `{type, value}`.');
cellType('LocationCell', 'A location.', (t) => ({
  location: t.string({ nullable: true, description: '"longitude,latitude"', resolve: (c) => str(obj(c.value).location) }),
  name: t.string({ nullable: true, resolve: (c) => str(obj(c.value).name) }),
  address: t.string({ nullable: true, resolve: (c) => str(obj(c.value).address) }),
  fullAddress: t.string({ nullable: true, resolve: (c) => str(obj(c.value).full_address) }),
  province: t.string({ nullable: true, resolve: (c) => str(obj(c.value).pname) }),
  city: t.string({ nullable: true, resolve: (c) => str(obj(c.value).cityname) }),
  district: t.string({ nullable: true, resolve: (c) => str(obj(c.value).adname) }),
}));
cellType('GroupChatCell', 'Group chats.', (t) => ({
  chats: t.field({ type: [GroupChat], resolve: (c) => asArray(c.value).map(obj).filter((g) => typeof g.id === 'string') as never }),
}));
cellType('CreatedTimeCell', 'When the record was created.', dateTimeField);
cellType('ModifiedTimeCell', 'When the record was last modified.', dateTimeField);
cellType('CreatedUserCell', 'Who created the record.', usersField);
cellType('ModifiedUserCell', 'Who last modified the record.', usersField);
cellType('AutoNumberCell', 'An auto number.', (t) => ({ text: t.string({ nullable: true, resolve: (c) => (c.value == null ? null : String(c.value)) }) }));
cellType('UnknownCell', 'A field type this API does not know yet: `value` is the raw value.');

function linkedTable(c: CellShape) {
  const tableId = linkedTableId(c.field.property);
  return tableId ? { appToken: c.appToken, tableId } : null;
}

/** Whether a field's selection reads cells, once per selection (not once per cell of a page). */
const readsCells = new WeakMap<GraphQLResolveInfo['fieldNodes'], boolean>();

async function linkedRecords(c: CellShape, ctx: Context, info: GraphQLResolveInfo): Promise<RecordShape[]> {
  const tableId = linkedTableId(c.field.property);
  if (!tableId) return [];
  const loaders = bitableLoaders(ctx);
  let cells = readsCells.get(info.fieldNodes);
  if (cells === undefined) readsCells.set(info.fieldNodes, (cells = selects(info, ['cells', 'cell'])));
  // The linked table's fields load beside the records when its cells are asked for: same wave.
  if (cells) loaders.prefetchFields(key(c.appToken, tableId));
  const ids = linkIdsOf(c.value);
  if (ids.length === 0) return [];
  const raws = await Promise.all(ids.map((id) => loaders.record.load(key(c.appToken, tableId, id))));
  const records: RecordShape[] = [];
  raws.forEach((raw, i) => {
    if (raw && !(raw instanceof Error)) records.push({ appToken: c.appToken, tableId, recordId: ids[i], raw });
  });
  return records;
}
