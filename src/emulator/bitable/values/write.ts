import { bitableError, type ApiError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { App, Field, Table } from '../../state.js';
import { fieldByName, type UserIdType } from '../common.js';
import { CONV_FAIL, FieldType, READ_ONLY_TYPES } from '../fieldTypes.js';
import { optionIdFor, type SelectOption } from '../selectOptions.js';

/** Everything a record write needs to turn request values into stored cells. */
export interface WriteContext {
  rt: Runtime;
  app: App;
  table: Table;
  /** How person ids in the request are spelled (`user_id_type`). */
  idType: UserIdType;
  /** Options named by this write that the select fields lack yet (see selectOptions.optionIdFor). */
  pendingOptions: Map<Field, SelectOption[]>;
}

export const writeContext = (rt: Runtime, app: App, table: Table, idType: UserIdType): WriteContext => ({ rt, app, table, idType, pendingOptions: new Map() });

/** A stored location: what the read shape shows (seed A03 "地理位置"). */
export interface StoredLocation { location: string; pname: string; cityname: string; adname: string; address: string; name: string; full_address: string }

function convFail(field: Field, why: string): ApiError {
  const [code, name] = CONV_FAIL[field.type] ?? [1254015, 'FieldTypeValueNotMatch'];
  return bitableError(code, `${name}: field ${field.field_name}: ${why}`);
}

/** What a phone cell holds (seed A03 `(\+)?\d*`); a type change into phone keeps only such text. */
export const PHONE_RE = /^\+?\d*$/;
const LNG_LAT_RE = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

const multipleOf = (field: Field) => (field.property as { multiple?: boolean } | null)?.multiple !== false;

function idList(field: Field, value: unknown, key: string): string[] {
  if (!Array.isArray(value)) throw convFail(field, `expected an array of {${key}} objects`);
  const ids = value.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined));
  if (ids.some((id) => typeof id !== 'string' || id === '')) throw convFail(field, `every item needs a string ${key}`);
  return [...new Set(ids as string[])];
}

function single(field: Field, ids: string[]): string[] {
  if (ids.length > 1 && !multipleOf(field)) throw convFail(field, 'the field does not allow several values');
  return ids;
}

/**
 * Validates one request value and gives its stored form (seed A03 write shapes); `undefined`
 * means "no value" (null, "" or []), which clears the cell.
 */
export function storedValue(ctx: WriteContext, field: Field, value: unknown): unknown {
  if (READ_ONLY_TYPES.has(field.type)) throw bitableError(1254015, `FieldTypeValueNotMatch: field ${field.field_name} (type ${field.type}) is computed by Bitable and cannot be written`);
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  switch (field.type) {
    case FieldType.Text:
      if (typeof value !== 'string') throw convFail(field, 'expected a string');
      return value;
    case FieldType.Number:
      if (typeof value !== 'number' || !Number.isFinite(value)) throw convFail(field, 'expected a number');
      return value;
    case FieldType.SingleSelect:
      if (typeof value !== 'string') throw convFail(field, 'expected an option name');
      return optionIdFor(field, value, ctx.pendingOptions);
    case FieldType.MultiSelect:
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw convFail(field, 'expected an array of option names');
      return [...new Set(value as string[])].map((name) => optionIdFor(field, name, ctx.pendingOptions));
    case FieldType.DateTime:
      if (typeof value !== 'number' || !Number.isFinite(value)) throw convFail(field, 'expected epoch milliseconds');
      return Math.trunc(value);
    case FieldType.Checkbox:
      if (typeof value !== 'boolean') throw convFail(field, 'expected a boolean');
      return value;
    case FieldType.User:
      return single(field, idList(field, value, 'id')).map((id) => {
        const user = ctx.rt.findUser(id, ctx.idType);
        if (!user) throw convFail(field, `no user has ${ctx.idType} ${id}`);
        return user.open_id;
      });
    case FieldType.Phone:
      if (typeof value !== 'string' || !PHONE_RE.test(value)) throw convFail(field, 'expected a string matching (\\+)?\\d*');
      return value;
    case FieldType.Url: {
      const { link, text } = (value ?? {}) as Record<string, unknown>;
      if (typeof value !== 'object' || typeof link !== 'string' || link === '' || (text !== undefined && text !== null && typeof text !== 'string')) throw convFail(field, 'expected {text, link}');
      return { text: typeof text === 'string' && text !== '' ? text : link, link };
    }
    case FieldType.Attachment:
      return idList(field, value, 'file_token').map((token) => {
        if (!ctx.rt.state.media[token]) throw convFail(field, `file_token ${token} was not uploaded`);
        return token;
      });
    case FieldType.SingleLink:
    case FieldType.DuplexLink:
      return linkIds(ctx, field, value);
    case FieldType.Location:
      return location(field, value);
    case FieldType.GroupChat:
      return single(field, idList(field, value, 'id')).map((id) => {
        if (!ctx.rt.state.chats[id]) throw convFail(field, `no group chat ${id}`);
        return id;
      });
    default:
      throw convFail(field, `type ${field.type} cannot be written`);
  }
}

function linkIds(ctx: WriteContext, field: Field, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw convFail(field, 'expected an array of record ids');
  const target = ctx.app.tables[(field.property as { table_id: string }).table_id];
  const ids = single(field, [...new Set(value as string[])]);
  for (const id of ids) if (!target?.records[id]) throw convFail(field, `record ${id} is not in the linked table`);
  return ids;
}

/** Seed A03 writes a location as "lng,lat"; the SDK's payload type also allows the read object. */
function location(field: Field, value: unknown): StoredLocation {
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const raw = obj ? obj.location : value;
  const m = typeof raw === 'string' ? LNG_LAT_RE.exec(raw) : null;
  if (!m || Math.abs(Number(m[1])) > 180 || Math.abs(Number(m[2])) > 90) throw convFail(field, 'expected "longitude,latitude"');
  const text = (k: string) => (typeof obj?.[k] === 'string' ? (obj[k] as string) : '');
  return { location: `${m[1]},${m[2]}`, pname: text('pname'), cityname: text('cityname'), adname: text('adname'), address: text('address'), name: text('name'), full_address: text('full_address') };
}

/**
 * Resolves a request's `fields` map (names -> values) to field -> stored value. Unknown names
 * answer 1254045; nothing is stored here, so a caller validates a whole batch before writing.
 */
export function storedFields(ctx: WriteContext, fields: unknown): Map<Field, unknown> {
  if (fields === undefined || fields === null) return new Map();
  if (typeof fields !== 'object' || Array.isArray(fields)) throw bitableError(1254001, 'WrongRequestBody: fields must be an object');
  const out = new Map<Field, unknown>();
  for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
    const field = fieldByName(ctx.table, name);
    out.set(field, storedValue(ctx, field, value));
  }
  return out;
}
