import type { BitableField } from '../../../feishu/index.js';
import { gatewayError } from '../../errors.js';
import { fieldTypeName, selectOptions, type FieldTypeName } from '../field.js';
import { closest, shown } from './describe.js';

/**
 * Record values checked against the table's fields before any write (ARCHITECTURE.md, Errors):
 * Feishu's write shapes per type (seed A03, feishu-wire.md §3 "Field value shapes"), kept no
 * stricter than what the emulator's record writes accept (src/emulator/bitable/values/write.ts),
 * so the gateway never refuses a value Feishu takes. What needs Feishu's data (does this user,
 * chat, attachment or linked record exist) is left to Feishu.
 */

export interface RecordValueProblem {
  /** The field name the problem is about; '' when the `fields` map itself is wrong. */
  field: string;
  message: string;
}

/**
 * Cells the gateway does not write (seed A03 lists them as list-only, and issue 5 names them):
 * the computed ones, and duplex links, which the emulator and the SDK's types would take but
 * A03 documents as read-only, so a write may be silently dropped by Feishu.
 */
const READ_ONLY: ReadonlySet<FieldTypeName> = new Set(['LOOKUP', 'FORMULA', 'DUPLEX_LINK', 'CREATED_TIME', 'MODIFIED_TIME', 'CREATED_USER', 'MODIFIED_USER', 'AUTO_NUMBER']);

/** Seed A03: a phone cell is a string matching `(\+)?\d*`. */
const PHONE_RE = /^\+?\d*$/;
/** Seed A03 / feishu-wire.md: a location is written "longitude,latitude". */
const LNG_LAT_RE = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isName = (v: unknown): v is string => typeof v === 'string' && v !== '';
const objectsWith = (key: string) => (v: unknown) => Array.isArray(v) && v.every((x) => isObject(x) && isName(x[key]));
const nonEmptyStrings = (v: unknown) => Array.isArray(v) && v.every(isName);

function isLocation(v: unknown): boolean {
  // The emulator also takes the read shape back ({location: "lng,lat", ...}), as the SDK types allow.
  const m = LNG_LAT_RE.exec(isObject(v) && isText(v.location) ? v.location : isText(v) ? v : '');
  return m !== null && Math.abs(Number(m[1])) <= 180 && Math.abs(Number(m[2])) <= 90;
}

/** What each writable type takes, worded for messages, and whether a value has that shape. */
const SHAPES: Partial<Record<FieldTypeName, { takes: string; ok: (v: unknown) => boolean }>> = {
  TEXT: { takes: 'a string', ok: isText },
  NUMBER: { takes: 'a finite number', ok: (v) => typeof v === 'number' && Number.isFinite(v) },
  SINGLE_SELECT: { takes: 'an option name (a string)', ok: isText },
  MULTI_SELECT: { takes: 'an array of option names (non-empty strings)', ok: nonEmptyStrings },
  DATE_TIME: { takes: 'a millisecond timestamp number', ok: (v) => typeof v === 'number' && Number.isFinite(v) },
  CHECKBOX: { takes: 'a boolean', ok: (v) => typeof v === 'boolean' },
  USER: { takes: 'an array of {id} objects naming users', ok: objectsWith('id') },
  PHONE: { takes: 'a string of digits with an optional leading +', ok: (v) => isText(v) && PHONE_RE.test(v) },
  URL: { takes: 'a {link, text?} object with a non-empty link', ok: (v) => isObject(v) && isName(v.link) && (v.text == null || isText(v.text)) },
  ATTACHMENT: { takes: 'an array of {file_token} objects (tokens from uploadBitableAttachment)', ok: objectsWith('file_token') },
  LINK: { takes: 'an array of record ids (strings)', ok: nonEmptyStrings },
  DUPLEX_LINK: { takes: 'an array of record ids (strings)', ok: nonEmptyStrings },
  LOCATION: { takes: 'a "longitude,latitude" string (longitude -180..180, latitude -90..90)', ok: isLocation },
  GROUP_CHAT: { takes: 'an array of {id} objects naming group chats', ok: objectsWith('id') },
};

/** Types whose property.multiple: false allows one value (the emulator refuses more). */
const SINGLE_WHEN_NOT_MULTIPLE: ReadonlySet<FieldTypeName> = new Set(['USER', 'GROUP_CHAT', 'LINK', 'DUPLEX_LINK']);

/** Feishu treats null, "" and [] as "no value" and clears the cell (as the emulator does). */
const clears = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function unknownField(fields: BitableField[], name: string): string {
  const byId = fields.find((f) => f.field_id === name);
  if (byId) return `no field is named "${name}": fields are keyed by name, and ${name} is the id of field "${byId.field_name}"`;
  const near = closest(name, fields.map((f) => f.field_name));
  return `no field is named "${name}" in this table${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
}

function missingOption(field: BitableField, typeName: FieldTypeName, name: string): string {
  const names = selectOptions(field.property).map((o) => o.name);
  const near = closest(name, names);
  const list = names.length === 0 ? 'it has no options yet' : `its options are ${names.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')}${names.length > 10 ? ', ...' : ''}`;
  return `field "${field.field_name}" (${typeName}) has no option ${JSON.stringify(name)}${near === undefined ? '' : ` (did you mean "${near}"?)`}; ${list}. Set createMissingOptions to add it`;
}

function cellProblem(field: BitableField, value: unknown, opts: { createMissingOptions?: boolean }): string | null {
  const typeName = fieldTypeName(field.type);
  if (typeName === undefined) return null; // a type newer than this gateway: Feishu decides
  const label = `field "${field.field_name}" (${typeName})`;
  if (typeName === 'DUPLEX_LINK') return `${label} cannot be written: seed A03 documents two-way links as read-only through the Open API`;
  if (READ_ONLY.has(typeName)) return `${label} is computed by Bitable and cannot be written`;
  if (clears(value)) return null;
  const shape = SHAPES[typeName];
  if (shape && !shape.ok(value)) return `${label} takes ${shape.takes}, got ${shown(value)}`;
  if ((typeName === 'SINGLE_SELECT' || typeName === 'MULTI_SELECT') && !opts.createMissingOptions) {
    // Feishu would silently add the option; a typo would then become a new option, so the gateway asks.
    const known = new Set(selectOptions(field.property).map((o) => o.name));
    const missing = [value].flat().find((n) => !known.has(n as string));
    if (missing !== undefined) return missingOption(field, typeName, missing as string);
  }
  if (SINGLE_WHEN_NOT_MULTIPLE.has(typeName) && (field.property as { multiple?: unknown } | null | undefined)?.multiple === false) {
    const ids = new Set((value as unknown[]).map((v) => (isObject(v) ? v.id : v)));
    if (ids.size > 1) return `${label} takes one value (its property.multiple is false), got ${ids.size}`;
  }
  return null;
}

/** Checks one record's `fields` map (keyed by field NAME, Feishu write shapes) against the table's fields. */
export function recordValueProblem(fields: BitableField[], values: unknown, opts: { createMissingOptions?: boolean }): RecordValueProblem | null {
  if (!isObject(values)) return { field: '', message: `fields must be a JSON object keyed by field name, got ${shown(values)}` };
  const byName = new Map(fields.map((f) => [f.field_name, f]));
  for (const [name, value] of Object.entries(values)) {
    const field = byName.get(name);
    const message = field ? cellProblem(field, value, opts) : unknownField(fields, name);
    if (message !== null) return { field: name, message };
  }
  return null;
}

/** Throws BAD_USER_INPUT for the first problem; `argumentPath` (e.g. `input.records.3.fields`) comes from the caller. */
export function assertRecordValues(fields: BitableField[], values: unknown, opts: { argumentPath: string; createMissingOptions?: boolean }): void {
  const problem = recordValueProblem(fields, values, opts);
  if (problem) throw gatewayError('BAD_USER_INPUT', problem.message, { argumentPath: opts.argumentPath, ...(problem.field ? { field: problem.field } : {}) });
}
