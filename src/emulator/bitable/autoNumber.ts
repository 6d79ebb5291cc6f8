import { bitableError } from '../errors.js';
import type { App, Field, StoredRecord, Table } from '../state.js';
import { formatDate } from './dateFormat.js';
import { FieldType } from './fieldTypes.js';

/** Seed A05 "自动编号": `custom` rules or a plain increasing number. */
export interface AutoSerial {
  type: 'custom' | 'auto_increment_number';
  options?: { type: 'system_number' | 'fixed_text' | 'created_time'; value: string }[];
}

/** An auto-number cell: its sequence number and the text it was given under the rules of the day. */
export interface AutoNumberCell { seq: number; text: string }

const CREATED_TIME_PATTERNS = new Set(['yyyyMMdd', 'yyyyMM', 'yyyy', 'MMdd', 'MM', 'dd']);

// The property error tables (A38/A39) have no auto-number code; 1254001 WrongRequestBody is the
// generic body error every Bitable table lists.
const fail = (why: string) => bitableError(1254001, `WrongRequestBody: auto_serial ${why}`);

/** Validates `property.auto_serial` (seed A05 value limits); `reformat_existing_records` is an instruction, not stored. */
export function normaliseAutoSerial(raw: unknown): AutoSerial {
  if (raw === undefined || raw === null) return { type: 'auto_increment_number' };
  if (typeof raw !== 'object') throw fail('must be an object');
  const { type, options } = raw as Record<string, unknown>;
  if (type === 'auto_increment_number') return { type };
  if (type !== 'custom') throw fail(`type must be custom or auto_increment_number, got ${String(type)}`);
  if (!Array.isArray(options) || options.length === 0) throw fail('custom needs options');
  type Rule = NonNullable<AutoSerial['options']>[number];
  const rules = options.map((o): Rule => {
    const { type: t, value } = (o ?? {}) as Record<string, unknown>;
    if (typeof value !== 'string') throw fail('option value must be a string');
    if (t === 'system_number' && !/^[1-9]$/.test(value)) throw fail('system_number value must be 1-9');
    else if (t === 'fixed_text' && (value.length === 0 || value.length > 20)) throw fail('fixed_text value must be 1-20 characters');
    else if (t === 'created_time' && !CREATED_TIME_PATTERNS.has(value)) throw fail(`created_time value ${value} is not a documented pattern`);
    else if (t !== 'system_number' && t !== 'fixed_text' && t !== 'created_time') throw fail(`option type ${String(t)} is unknown`);
    return { type: t, value };
  });
  if (rules.filter((r) => r.type === 'system_number').length !== 1) throw fail('custom needs exactly one system_number option');
  return { type: 'custom', options: rules };
}

function formatAutoNumber(serial: AutoSerial, seq: number, createdTime: number, timeZone: string): string {
  if (serial.type !== 'custom') return String(seq);
  return (serial.options ?? [])
    .map((o) => (o.type === 'system_number' ? String(seq).padStart(Number(o.value), '0') : o.type === 'fixed_text' ? o.value : formatDate(createdTime, o.value, timeZone)))
    .join('');
}

const serialOf = (field: Field) => ((field.property as { auto_serial?: AutoSerial } | null)?.auto_serial ?? { type: 'auto_increment_number' }) as AutoSerial;

/** Gives a record its next number in every auto-number field (new records, and existing ones when the field appears). */
export function assignAutoNumbers(app: App, table: Table, record: StoredRecord, fields: Field[] = Object.values(table.fields)): void {
  for (const f of fields) {
    if (f.type !== FieldType.AutoNumber || record.fields[f.field_id] !== undefined) continue;
    const seq = table.autoNumbers[f.field_id] ?? 1;
    table.autoNumbers[f.field_id] = seq + 1;
    const cell: AutoNumberCell = { seq, text: formatAutoNumber(serialOf(f), seq, record.created_time, app.time_zone) };
    record.fields[f.field_id] = cell;
  }
}

/** `reformat_existing_records: true` rewrites every existing number under the new rules. */
export function reformatAutoNumbers(app: App, table: Table, field: Field): void {
  const serial = serialOf(field);
  for (const r of Object.values(table.records)) {
    const cell = r.fields[field.field_id] as AutoNumberCell | string | undefined;
    // A fixture's bare-string number has no sequence to reformat; it stays as stored.
    if (typeof cell === 'object') cell.text = formatAutoNumber(serial, cell.seq, r.created_time, app.time_zone);
  }
}

/** The text of a stored auto-number cell; fixtures may store a bare string. */
export const autoNumberText = (cell: unknown): string => (typeof cell === 'string' ? cell : ((cell as AutoNumberCell | undefined)?.text ?? ''));
