import type { Field, StoredRecord, Table } from '../../state.js';
import { formatDate } from '../dateFormat.js';
import type { CellLookup, FilterCell } from '../filter/cell.js';
import { FieldType } from '../fieldTypes.js';
import { optionName } from '../selectOptions.js';
import { linkedRecords, plainOf, type CellContext } from './computed.js';
import { plainText, plainTexts } from './formula.js';

const DATE_TYPES = new Set<number>([FieldType.DateTime, FieldType.CreatedTime, FieldType.ModifiedTime]);

/** Ids a search condition may name: people, linked records, group chats, select options (besides their names). */
function idsOf(ctx: CellContext, field: Field, record: StoredRecord): string[] | undefined {
  switch (field.type) {
    case FieldType.SingleSelect:
    case FieldType.MultiSelect:
      // Option ids whose option still exists, as the names the cell shows.
      return [record.fields[field.field_id] ?? []].flat().filter((id): id is string => typeof id === 'string' && optionName(field, id) !== undefined);
    case FieldType.User:
    case FieldType.GroupChat:
      return (record.fields[field.field_id] as string[] | undefined) ?? [];
    case FieldType.SingleLink:
    case FieldType.DuplexLink:
      return linkedRecords(ctx.app, field, record).records.map((r) => r.record_id);
    case FieldType.CreatedUser:
      return [record.created_by];
    case FieldType.ModifiedUser:
      return [record.last_modified_by];
    default:
      return undefined;
  }
}

/**
 * What the query languages see of one cell (filter/cell.ts). Dates compare as epoch ms and show
 * as the field's date format in the base's time zone; a checkbox is 1/0 and empty when unchecked.
 */
export function filterCell(ctx: CellContext, table: Table, field: Field, record: StoredRecord): FilterCell {
  const plain = plainOf(ctx, table, field, record);
  const cell: FilterCell = { type: field.type, empty: true, text: '' };
  if (DATE_TYPES.has(field.type) && typeof plain === 'number') {
    const pattern = (field.property as { date_formatter?: string } | null)?.date_formatter ?? 'yyyy/MM/dd';
    const timeZone = ctx.app.time_zone;
    // Formatted when a filter first asks: sorts and date conditions compare `date` only.
    let text: string | undefined;
    return {
      type: field.type,
      empty: false,
      date: plain,
      get text() {
        return (text ??= formatDate(plain, pattern, timeZone));
      },
    };
  }
  if (field.type === FieldType.Checkbox) return { ...cell, empty: plain !== true, number: plain === true ? 1 : 0, text: plain === true ? 'true' : 'false' };
  const ids = idsOf(ctx, field, record);
  if (ids) cell.ids = ids;
  if (Array.isArray(plain)) {
    cell.values = plainTexts(plain);
    cell.text = cell.values.join(',');
    cell.empty = cell.values.length === 0;
    const only = plain.length === 1 ? plain[0] : undefined;
    if (typeof only === 'number') cell.number = only;
    return cell;
  }
  if (plain === null || plain === '') return cell;
  cell.empty = false;
  cell.text = plainText(plain);
  if (typeof plain === 'number') cell.number = plain;
  if (typeof plain === 'boolean') cell.number = plain ? 1 : 0;
  if (field.type === FieldType.SingleSelect) cell.values = [cell.text];
  return cell;
}

/**
 * The CellLookup of each record, for the filter evaluators (by field name; undefined for unknown
 * names). The names are resolved once for the table, not once per record.
 */
export function cellLookups(ctx: CellContext, table: Table): (record: StoredRecord) => CellLookup {
  const byName = new Map<string, Field>();
  for (const f of Object.values(table.fields)) if (!byName.has(f.field_name)) byName.set(f.field_name, f);
  return (record) => (name) => {
    const field = byName.get(name);
    return field ? filterCell(ctx, table, field, record) : undefined;
  };
}
