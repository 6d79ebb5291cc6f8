import type { Runtime } from '../runtime.js';
import type { App, Field, Table } from '../state.js';
import { FieldType } from './fieldTypes.js';
import { commitOptions, optionIdFor, type SelectOption } from './selectOptions.js';
import { PHONE_RE, plainOf, plainTexts, type Plain } from './values.js';

const DATE_SOURCES = new Set<number>([FieldType.DateTime, FieldType.CreatedTime, FieldType.ModifiedTime, FieldType.Number]);

/**
 * What each record shows in a field before its type changes, taken while the old definition
 * still stands (the update replaces it in place).
 */
export function cellsBeforeChange(rt: Runtime, app: App, table: Table, field: Field): Map<string, Plain> {
  const before = new Map<string, Plain>();
  for (const r of Object.values(table.records)) before.set(r.record_id, plainOf({ rt, app }, table, field, r));
  return before;
}

/**
 * Carries values over a type change the way the web UI does for the simple targets: through
 * their display text into text, phone, number and select fields, and epoch ms into dates. Other
 * targets (people, links, attachments...) start empty: text cannot name what they hold.
 */
export function convertCells(table: Table, field: Field, sourceType: number, before: Map<string, Plain>): void {
  const pending = new Map<Field, SelectOption[]>();
  for (const [recordId, plain] of before) {
    const record = table.records[recordId];
    const parts = plainTexts(plain);
    const text = parts.join(',');
    let cell: unknown;
    switch (field.type) {
      case FieldType.Text:
        cell = text || undefined;
        break;
      case FieldType.Phone:
        cell = text && PHONE_RE.test(text) ? text : undefined;
        break;
      case FieldType.Number: {
        const n = Number(text);
        cell = text !== '' && Number.isFinite(n) ? n : undefined;
        break;
      }
      case FieldType.DateTime:
        cell = DATE_SOURCES.has(sourceType) && typeof plain === 'number' ? plain : undefined;
        break;
      case FieldType.SingleSelect:
        cell = text ? optionIdFor(field, text, pending) : undefined;
        break;
      case FieldType.MultiSelect:
        cell = parts.length ? [...new Set(parts)].map((p) => optionIdFor(field, p, pending)) : undefined;
        break;
      case FieldType.Checkbox:
        cell = plain === true || text === 'true' ? true : undefined;
        break;
      default:
        cell = undefined;
    }
    if (cell === undefined) delete record.fields[field.field_id];
    else record.fields[field.field_id] = cell;
  }
  commitOptions(pending);
}
