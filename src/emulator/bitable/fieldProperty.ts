import { ApiError, bitableError } from '../errors.js';
import type { App, Field, Table } from '../state.js';
import { normaliseAutoSerial } from './autoNumber.js';
import { FieldType, PROPERTY_ERROR, isLinkType } from './fieldTypes.js';
import { normaliseOptions, optionsOf } from './selectOptions.js';

type Property = Record<string, unknown> | null;

/** Seed A05 formatter tables. */
const NUMBER_FORMATTERS = new Set(['0', '0.0', '0.00', '0.000', '0.0000', '1,000', '1,000.00', '%', '0.00%', '¥', '¥0.00', '$', '$0.00']);
const FORMULA_FORMATTERS = new Set(['', '0', '0.0', '0.00', '1,000', '1,000.00', '%', '0.00%', '¥', '¥0.00', '$', '$0.00', 'yyyy/MM/dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', 'MM-dd']);
const DATE_FORMATTERS = new Set(['yyyy/MM/dd', 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd', 'yyyy-MM-dd HH:mm', 'MM-dd', 'MM/dd/yyyy', 'dd/MM/yyyy']);
/** Extra settings of the Progress / Currency / Rating presentations of a number field (SDK property type). */
const NUMBER_UI_KEYS = ['min', 'max', 'range_customize', 'currency_code', 'rating'];

function propertyError(type: number, why: string): ApiError {
  const known = PROPERTY_ERROR[type];
  // Types without a documented property code (phone, location, group chat...) answer the generic body error.
  return known ? new ApiError(400, known[0], `${known[1]}: ${why}`) : bitableError(1254001, `WrongRequestBody: ${why}`);
}

function pick<T>(type: number, raw: Record<string, unknown>, key: string, ok: (v: unknown) => v is T, fallback: T): T {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (!ok(v)) throw propertyError(type, `${key} has an invalid value ${JSON.stringify(v)}`);
  return v;
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const inSet = (set: Set<string>) => (v: unknown): v is string => typeof v === 'string' && set.has(v);

/**
 * The property a field stores for a create (no `existing`) or a full-replacement update (seed
 * A05 "property 会被完全覆盖"), with documented defaults filled in. Names the API only returns
 * (`table_name`, `back_field_id`) are dropped; they are computed when the field is read.
 */
export function normaliseProperty(app: App, table: Table, type: number, rawProperty: unknown, uiType: string, existing?: Field): Property {
  if (rawProperty !== undefined && rawProperty !== null && (typeof rawProperty !== 'object' || Array.isArray(rawProperty))) throw propertyError(type, 'property must be an object');
  const raw = (rawProperty ?? {}) as Record<string, unknown>;
  switch (type) {
    case FieldType.Number: {
      const p: Record<string, unknown> = { formatter: pick(type, raw, 'formatter', inSet(NUMBER_FORMATTERS), '0.0') };
      if (uiType !== 'Number') for (const k of NUMBER_UI_KEYS) if (raw[k] !== undefined) p[k] = raw[k];
      return p;
    }
    case FieldType.SingleSelect:
    case FieldType.MultiSelect:
      return { options: normaliseOptions(type, raw.options, existing && existing.type === type ? optionsOf(existing) : undefined) };
    case FieldType.DateTime:
      return { date_formatter: pick(type, raw, 'date_formatter', inSet(DATE_FORMATTERS), 'yyyy/MM/dd'), auto_fill: pick(type, raw, 'auto_fill', isBool, false) };
    case FieldType.User:
    case FieldType.GroupChat:
      return { multiple: pick(type, raw, 'multiple', isBool, true) };
    case FieldType.SingleLink:
    case FieldType.DuplexLink:
      return linkProperty(app, type, raw);
    case FieldType.Lookup:
      return lookupProperty(app, table, raw);
    case FieldType.Formula:
      return {
        formatter: pick(type, raw, 'formatter', inSet(FORMULA_FORMATTERS), ''),
        formula_expression: pick(type, raw, 'formula_expression', isString, ''),
      };
    case FieldType.Location: {
      const loc = (raw.location ?? {}) as Record<string, unknown>;
      const inputType = loc.input_type ?? 'not_limit';
      if (inputType !== 'not_limit' && inputType !== 'only_mobile') throw propertyError(type, 'location.input_type must be only_mobile or not_limit');
      return { location: { input_type: inputType } };
    }
    case FieldType.CreatedTime:
    case FieldType.ModifiedTime:
      return { date_formatter: pick(type, raw, 'date_formatter', inSet(DATE_FORMATTERS), 'yyyy/MM/dd') };
    case FieldType.AutoNumber:
      return { auto_serial: normaliseAutoSerial(raw.auto_serial) };
    default:
      // Seed A05: "其他类型字段的 property 均为 null".
      return null;
  }
}

function linkProperty(app: App, type: number, raw: Record<string, unknown>): Property {
  const tableId = raw.table_id;
  if (typeof tableId !== 'string' || tableId === '') throw propertyError(type, 'property.table_id is required');
  if (!app.tables[tableId]) throw propertyError(type, `table ${tableId} is not in this base`);
  const p: Record<string, unknown> = { multiple: pick(type, raw, 'multiple', isBool, true), table_id: tableId };
  if (type === FieldType.DuplexLink) {
    const back = raw.back_field_name;
    if (back !== undefined && back !== null && (typeof back !== 'string' || back.trim() === '')) throw propertyError(type, 'back_field_name must be a non-empty string');
    if (typeof back === 'string') p.back_field_name = back.trim();
  }
  return p;
}

/**
 * Feishu documents no property for lookups (A05 shows `null`). The emulator computes a lookup
 * from `link_field_id` (a link field of this table) and `target_field_id` (a field of the
 * linked table) when both are set; without them the cells keep what the fixture stored.
 */
function lookupProperty(app: App, table: Table, raw: Record<string, unknown>): Property {
  const { link_field_id: linkId, target_field_id: targetId } = raw;
  if (linkId === undefined && targetId === undefined) return null;
  const link = typeof linkId === 'string' ? table.fields[linkId] : undefined;
  if (!link || !isLinkType(link.type)) throw propertyError(FieldType.Lookup, 'link_field_id must name a link field of this table');
  const target = app.tables[(link.property as { table_id: string }).table_id];
  if (typeof targetId !== 'string' || !target?.fields[targetId]) throw propertyError(FieldType.Lookup, 'target_field_id must name a field of the linked table');
  return { link_field_id: linkId, target_field_id: targetId };
}
