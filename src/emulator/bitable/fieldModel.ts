import { newId } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { App, Field, Table } from '../state.js';

/** What a caller sends to create a field (seed A38 / A05). */
export interface FieldInput {
  field_name: string;
  type: number;
  property?: Record<string, unknown> | null;
  description?: unknown;
  ui_type?: string;
}

/**
 * Creates a field in a table: validates the type and property per seed A05, assigns option ids
 * and colours, and for duplex links (21) creates the back field in the linked table.
 * (Placeholder: the fields work fills in the per-type rules.)
 */
export function createField(_rt: Runtime, _app: App, table: Table, input: FieldInput): Field {
  const field: Field = { field_id: newId.field(), field_name: input.field_name, type: input.type, property: input.property ?? null };
  if (Object.keys(table.fields).length === 0) field.is_primary = true;
  table.fields[field.field_id] = field;
  return field;
}
