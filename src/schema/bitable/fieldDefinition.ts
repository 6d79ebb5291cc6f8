import type { BitableField, FieldDefinition } from '../../feishu/index.js';
import { FIELD_TYPE_CODES, type FieldTypeName } from './field.js';

/**
 * The body of a field create or update (seed A05, A38, A39). Feishu's PUT replaces the whole
 * field ("全量更新"): whatever the body leaves out is gone (options, description, the Email
 * presentation of a text field). So an update starts from the field as it is and lays the
 * caller's changes over it; an omitted part keeps its current value.
 */

/** What a caller may say about a field; `undefined` = not said, `null` = cleared. */
export interface FieldChange {
  name?: string | null;
  type?: FieldTypeName | null;
  property?: unknown;
  description?: string | null;
  uiType?: string | null;
}

/** Keys Feishu only answers (seed A05 "仅在响应体中返回"); sending them back is not a setting. */
const ANSWER_ONLY_KEYS = ['table_name', 'back_field_id'];

/** Feishu answers a description as a string, rich-text segments or `{text, disable_sync}`; it takes `{text}`. */
export function descriptionText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map((s) => (typeof s?.text === 'string' ? s.text : '')).join('');
  const text = (raw as { text?: unknown } | null | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

function withoutAnswerOnlyKeys(property: unknown): unknown {
  if (!property || typeof property !== 'object' || Array.isArray(property)) return property;
  return Object.fromEntries(Object.entries(property).filter(([k]) => !ANSWER_ONLY_KEYS.includes(k)));
}

/** A new field: only what the caller said. */
export function createDefinition(change: FieldChange & { name: string; type: FieldTypeName }): FieldDefinition {
  const body: FieldDefinition = { field_name: change.name, type: FIELD_TYPE_CODES[change.type] };
  if (change.property != null) body.property = change.property;
  if (change.description != null) body.description = { text: change.description };
  if (change.uiType != null) body.ui_type = change.uiType;
  return body;
}

/**
 * An update: the current field with the change laid over it. A new type takes none of the old
 * type's settings (property, ui_type), which would not fit it.
 */
export function updateDefinition(current: BitableField, change: FieldChange): FieldDefinition {
  const type = change.type != null ? FIELD_TYPE_CODES[change.type] : current.type;
  const sameType = type === current.type;
  const body: FieldDefinition = { field_name: change.name ?? current.field_name, type };
  const property = change.property !== undefined ? change.property : sameType ? withoutAnswerOnlyKeys(current.property) : undefined;
  if (property != null) body.property = property;
  const description = change.description !== undefined ? change.description : descriptionText(current.description);
  if (description != null) body.description = { text: description };
  const uiType = change.uiType !== undefined ? change.uiType : sameType ? current.ui_type : undefined;
  if (uiType != null) body.ui_type = uiType;
  return body;
}
