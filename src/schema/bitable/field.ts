import { gatewayError } from '../errors.js';
import { builder } from '../builder.js';
import { connectionType, feishuConnection } from './connection.js';
import { FieldRef, TableRef, loadField } from './refs.js';

/** Feishu's field type codes (API.md, FieldType). */
export const FIELD_TYPE_CODES = {
  TEXT: 1,
  NUMBER: 2,
  SINGLE_SELECT: 3,
  MULTI_SELECT: 4,
  DATE_TIME: 5,
  CHECKBOX: 7,
  USER: 11,
  PHONE: 13,
  URL: 15,
  ATTACHMENT: 17,
  LINK: 18,
  LOOKUP: 19,
  FORMULA: 20,
  DUPLEX_LINK: 21,
  LOCATION: 22,
  GROUP_CHAT: 23,
  CREATED_TIME: 1001,
  MODIFIED_TIME: 1002,
  CREATED_USER: 1003,
  MODIFIED_USER: 1004,
  AUTO_NUMBER: 1005,
} as const;
export type FieldTypeName = keyof typeof FIELD_TYPE_CODES;
const BY_CODE = new Map(Object.entries(FIELD_TYPE_CODES).map(([name, code]) => [code as number, name as FieldTypeName]));
export const fieldTypeName = (code: number): FieldTypeName | undefined => BY_CODE.get(code);

export const FieldType = builder.enumType('FieldType', {
  description: 'A Bitable field type (Feishu codes 1 2 3 4 5 7 11 13 15 17 18 19 20 21 22 23 1001-1005).',
  values: Object.fromEntries(Object.entries(FIELD_TYPE_CODES).map(([name, code]) => [name, { value: name as FieldTypeName, description: `Feishu type ${code}` }])) as Record<FieldTypeName, { value: FieldTypeName; description: string }>,
});

export interface SelectOption {
  id?: string | null;
  name: string;
  color?: number | null;
}

export const SelectOptionRef = builder.objectRef<SelectOption>('SelectOption').implement({
  description: 'An option of a single- or multi-select field.',
  fields: (t) => ({
    id: t.string({ nullable: true, resolve: (o) => o.id ?? null }),
    name: t.exposeString('name'),
    color: t.int({ nullable: true, resolve: (o) => o.color ?? null }),
  }),
});

/** The select options a field's property declares. */
export function selectOptions(property: unknown): SelectOption[] {
  const options = (property as { options?: unknown } | null | undefined)?.options;
  return Array.isArray(options) ? options.filter((o): o is SelectOption => typeof o?.name === 'string') : [];
}

/** The table a link field points at (`property.table_id`). */
export const linkedTableId = (property: unknown): string | undefined => {
  const id = (property as { table_id?: unknown } | null | undefined)?.table_id;
  return typeof id === 'string' ? id : undefined;
};

builder.node(FieldRef, {
  description: 'A field (column) of a table.',
  id: { resolve: (f) => `${f.appToken}/${f.tableId}/${f.raw?.field_id ?? f.fieldId}` },
  loadOne: (id) => {
    const [appToken, tableId, fieldId] = id.split('/');
    return { appToken, tableId, fieldId };
  },
  fields: (t) => ({
    fieldId: t.string({ resolve: async (f, _a, ctx) => (await loadField(ctx, f)).field_id }),
    name: t.string({ resolve: async (f, _a, ctx) => (await loadField(ctx, f)).field_name }),
    type: t.field({
      type: FieldType,
      nullable: false,
      resolve: async (f, _a, ctx) => {
        const raw = await loadField(ctx, f);
        const name = fieldTypeName(raw.type);
        if (!name) throw new Error(`unknown Feishu field type ${raw.type}`);
        return name;
      },
    }),
    uiType: t.string({ nullable: true, description: "Feishu's finer type (Email, Currency, Rating, ...).", resolve: async (f, _a, ctx) => (await loadField(ctx, f)).ui_type ?? null }),
    isPrimary: t.boolean({ resolve: async (f, _a, ctx) => (await loadField(ctx, f)).is_primary ?? false }),
    description: t.field({ type: 'JSON', nullable: true, resolve: async (f, _a, ctx) => (await loadField(ctx, f)).description ?? null }),
    property: t.field({ type: 'JSON', nullable: true, resolve: async (f, _a, ctx) => (await loadField(ctx, f)).property ?? null }),
    options: t.field({ nullable: false, type: [SelectOptionRef], resolve: async (f, _a, ctx) => selectOptions((await loadField(ctx, f)).property) }),
    linkedTable: t.field({
      type: TableRef,
      nullable: true,
      description: 'For link fields, the table they point at.',
      resolve: async (f, _a, ctx) => {
        const raw = await loadField(ctx, f);
        const tableId = raw.type === 18 || raw.type === 21 ? linkedTableId(raw.property) : undefined;
        return tableId ? { appToken: f.appToken, tableId } : null;
      },
    }),
  }),
});

export const FieldConnection = connectionType('Field', FieldRef);

builder.objectFields(TableRef, (t) => ({
  fields: t.field({
    type: FieldConnection,
    nullable: false,
    description: 'The fields of the table, in a view\'s order with viewId (first: default 20, at most 100).',
    args: { first: t.arg.int(), after: t.arg.string(), viewId: t.arg.string() },
    resolve: (table, args, ctx) =>
      feishuConnection(args, {
        cap: 100,
        what: 'fields',
        fetch: (p) => ctx.feishu.bitable.listFields({ appToken: table.appToken, tableId: table.tableId, viewId: args.viewId ?? undefined, ...p }),
        node: (raw) => ({ appToken: table.appToken, tableId: table.tableId, fieldId: raw.field_id, raw }),
      }),
  }),
  field: t.field({
    type: FieldRef,
    nullable: true,
    description: 'A field by its field_id or its name (exactly one).',
    args: { fieldId: t.arg.string(), name: t.arg.string() },
    resolve: async (table, args, ctx) => {
      if ((args.fieldId == null) === (args.name == null)) throw gatewayError('BAD_USER_INPUT', 'field needs exactly one of fieldId and name', { argumentPath: 'fieldId' });
      const shape = { appToken: table.appToken, tableId: table.tableId, fieldId: args.fieldId ?? undefined, fieldName: args.name ?? undefined };
      return { ...shape, raw: await loadField(ctx, shape) };
    },
  }),
}));
