import type { Field, StoredRecord, Table } from '../../state.js';
import { autoNumberText } from '../autoNumber.js';
import { personOf, type UserIdType } from '../common.js';
import { FieldType } from '../fieldTypes.js';
import { optionName } from '../selectOptions.js';
import { formulaValue, linkedRecords, lookupValues, plainOf, primaryTexts, type CellContext, type Stack } from './computed.js';
import { plainText, type Plain } from './formula.js';

/**
 * Which endpoint family a cell is shown for; each follows its own seed example:
 * - `echo`: create/update answers, the write shapes (A31-A35: person `[{id}]`, link `["rec…"]`);
 * - `get` / `list`: the legacy reads (A29/A30: text a string, link `[{record_ids,table_id,text,type}]`;
 *   `list` shows numbers as strings, A03 "列出时为string" and the A30 example);
 * - `search`: records/search and batch_get (text as segments, link `{link_record_ids}`).
 */
export type ReadFamily = 'echo' | 'get' | 'list' | 'search';

export interface ReadOptions {
  family: ReadFamily;
  idType: UserIdType;
  /** `text_field_as_array=true` on get/list: text as segment arrays. */
  textAsArray?: boolean;
  /** `display_formula_ref=true`: formula/lookup cells in the referenced value's own shape. */
  displayFormulaRef?: boolean;
}

const segments = (text: string) => [{ type: 'text', text }];

const textShape = (text: string, opts: ReadOptions) => (opts.family === 'search' || (opts.textAsArray && opts.family !== 'echo') ? segments(text) : text);

/** `{type, value}` of a formula result (feishu-wire.md §3 "19/20 lookup/formula"). */
function formulaShape(v: Plain, opts: ReadOptions): unknown {
  if (v === null || (Array.isArray(v) && v.length === 0) || v === '') return undefined;
  if (opts.displayFormulaRef) return typeof v === 'string' || Array.isArray(v) ? textShape(plainText(v), opts) : v;
  if (typeof v === 'number') return { type: FieldType.Number, value: [v] };
  if (typeof v === 'boolean') return { type: FieldType.Checkbox, value: [v] };
  return { type: FieldType.Text, value: segments(plainText(v)) };
}

/** A fixture's stored formula/lookup value: a `{type, value}` object as is, a bare value wrapped. */
function storedComputed(cell: unknown, opts: ReadOptions): unknown {
  if (cell === undefined || cell === null) return undefined;
  const shaped = typeof cell === 'object' && !Array.isArray(cell) && Array.isArray((cell as { value?: unknown }).value);
  if (!shaped) return formulaShape(cell as Plain, opts);
  return opts.displayFormulaRef ? (cell as { value: unknown[] }).value : structuredClone(cell);
}

function lookupShape(ctx: CellContext, table: Table, field: Field, record: StoredRecord, opts: ReadOptions, stack: Stack): unknown {
  const inner: ReadOptions = { ...opts, family: 'search', displayFormulaRef: false };
  const looked = lookupValues(ctx, table, field, record, stack, (target, targetTable, r, s) => readCell(ctx, targetTable, target, r, inner, s));
  if (!looked) return storedComputed(record.fields[field.field_id], opts);
  const value = looked.values.flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
  if (value.length === 0) return undefined;
  return opts.displayFormulaRef ? value : { type: looked.target.type, value };
}

const attachmentOf = (ctx: CellContext, token: string) => {
  const m = ctx.rt.state.media[token];
  return {
    file_token: token,
    name: m?.name ?? '',
    type: m?.mime_type ?? '',
    size: m?.size ?? 0,
    url: `${ctx.rt.publicUrl}/open-apis/drive/v1/medias/${token}/download`,
    tmp_url: `${ctx.rt.publicUrl}/open-apis/drive/v1/medias/batch_get_tmp_download_url?file_tokens=${token}`,
  };
};

/**
 * One cell in the read shape of `opts.family`; `undefined` when the cell is empty (Feishu leaves it
 * out). `stack` carries the computed cells being read (lookups of lookups), so cycles end.
 */
function readCell(ctx: CellContext, table: Table, field: Field, record: StoredRecord, opts: ReadOptions, stack: Stack = new Set()): unknown {
  const cell = record.fields[field.field_id];
  const echo = opts.family === 'echo';
  switch (field.type) {
    case FieldType.Text:
      return cell === undefined ? undefined : textShape(cell as string, opts);
    case FieldType.Number:
      return cell === undefined ? undefined : opts.family === 'list' ? String(cell) : cell;
    case FieldType.SingleSelect:
      return cell === undefined ? undefined : optionName(field, cell as string);
    case FieldType.MultiSelect: {
      const names = plainOf(ctx, table, field, record, stack) as string[];
      return names.length ? names : undefined;
    }
    case FieldType.User: {
      const ids = (cell as string[] | undefined) ?? [];
      if (!ids.length) return undefined;
      return ids.map((id) => (echo ? { id: personOf(ctx.rt, id, opts.idType).id } : personOf(ctx.rt, id, opts.idType)));
    }
    case FieldType.Url:
      return cell === undefined ? undefined : { ...(cell as object) };
    case FieldType.Attachment: {
      const tokens = (cell as string[] | undefined) ?? [];
      if (!tokens.length) return undefined;
      return tokens.map((t) => (echo ? { file_token: t } : attachmentOf(ctx, t)));
    }
    case FieldType.SingleLink:
    case FieldType.DuplexLink: {
      const { table: linked, records } = linkedRecords(ctx.app, field, record);
      if (!linked || !records.length) return undefined;
      const ids = records.map((r) => r.record_id);
      if (echo) return ids;
      if (opts.family === 'search') return { link_record_ids: ids };
      return [{ record_ids: ids, table_id: linked.table_id, text: primaryTexts(ctx, linked, records, stack).join(','), type: 'text' }];
    }
    case FieldType.Lookup:
      return lookupShape(ctx, table, field, record, opts, stack);
    case FieldType.Formula: {
      const result = formulaValue(ctx, table, field, record, stack);
      return result ? formulaShape(result.value, opts) : storedComputed(cell, opts);
    }
    case FieldType.Location:
      return cell === undefined ? undefined : { ...(cell as object) };
    case FieldType.GroupChat: {
      const ids = (cell as string[] | undefined) ?? [];
      if (!ids.length) return undefined;
      return ids.map((id) => (echo ? { id } : { id, name: ctx.rt.state.chats[id]?.name ?? '', avatar_url: '' }));
    }
    case FieldType.CreatedTime:
      return record.created_time;
    case FieldType.ModifiedTime:
      return record.last_modified_time;
    case FieldType.CreatedUser:
      return [personOf(ctx.rt, record.created_by, opts.idType)];
    case FieldType.ModifiedUser:
      return [personOf(ctx.rt, record.last_modified_by, opts.idType)];
    case FieldType.AutoNumber:
      return cell === undefined ? undefined : autoNumberText(cell);
    default:
      // Date (ms), checkbox, phone: stored as written.
      return cell;
  }
}

/** A record's `fields` map (by field name) in the read shape, empty cells left out. */
export function readFields(ctx: CellContext, table: Table, record: StoredRecord, opts: ReadOptions, only?: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of only ?? Object.values(table.fields)) {
    const v = readCell(ctx, table, f, record, opts);
    if (v !== undefined) out[f.field_name] = v;
  }
  return out;
}
