import type { Field, StoredRecord, Table } from '../../state.js';
import { formatDate } from '../dateFormat.js';
import type { CellLookup, FilterCell } from '../filter/cell.js';
import { FieldType } from '../fieldTypes.js';
import { optionName } from '../selectOptions.js';
import { linkedRecords, plainOf, type CellContext } from './computed.js';
import { plainText, type Plain } from './formula.js';

const DATE_TYPES = new Set<number>([FieldType.DateTime, FieldType.CreatedTime, FieldType.ModifiedTime]);

function flatStrings(v: Plain): string[] {
  return (Array.isArray(v) ? v.flatMap(flatStrings) : [plainText(v)]).filter((s) => s !== '');
}

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
    return { ...cell, empty: false, date: plain, text: formatDate(plain, pattern, ctx.app.time_zone) };
  }
  if (field.type === FieldType.Checkbox) return { ...cell, empty: plain !== true, number: plain === true ? 1 : 0, text: plain === true ? 'true' : 'false' };
  const ids = idsOf(ctx, field, record);
  if (ids) cell.ids = ids;
  if (Array.isArray(plain)) {
    cell.values = flatStrings(plain);
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

/** The CellLookup of one record, for the filter evaluators (by field name; undefined for unknown names). */
export function cellLookup(ctx: CellContext, table: Table, record: StoredRecord): CellLookup {
  return (name) => {
    const field = Object.values(table.fields).find((f) => f.field_name === name);
    return field ? filterCell(ctx, table, field, record) : undefined;
  };
}
