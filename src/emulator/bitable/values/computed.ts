import type { Runtime } from '../../runtime.js';
import type { App, Field, StoredRecord, Table } from '../../state.js';
import { autoNumberText } from '../autoNumber.js';
import { FieldType } from '../fieldTypes.js';
import { optionName } from '../selectOptions.js';
import { evaluateFormula, plainText, type Plain } from './formula.js';
import type { StoredLocation } from './write.js';

/** Reading cells needs the runtime (users, chats, media) and the base (links cross tables). */
export interface CellContext {
  rt: Runtime;
  app: App;
}

/** Fields being computed right now (`table/field/record`), so reference cycles end instead of recursing. */
export type Stack = Set<string>;

/** Runs `compute` with this cell on the stack; a cell already there is a reference cycle and gives `onCycle`. */
function guarded<T>(stack: Stack, table: Table, field: Field, record: StoredRecord, onCycle: T, compute: () => T): T {
  const key = `${table.table_id}/${field.field_id}/${record.record_id}`;
  if (stack.has(key)) return onCycle;
  stack.add(key);
  try {
    return compute();
  } finally {
    stack.delete(key);
  }
}

const userName = (ctx: CellContext, openId: string) => ctx.rt.findUser(openId)?.name ?? '';

/** The records a link cell names that still exist, in the cell's order. */
export function linkedRecords(app: App, field: Field, record: StoredRecord): { table: Table | undefined; records: StoredRecord[] } {
  const table = app.tables[(field.property as { table_id?: string } | null)?.table_id ?? ''];
  const ids = (record.fields[field.field_id] as string[] | undefined) ?? [];
  return { table, records: table ? ids.map((id) => table.records[id]).filter((r): r is StoredRecord => r !== undefined) : [] };
}

/** Linked records' display texts: each one's primary field as text (what link cells show). */
export function primaryTexts(ctx: CellContext, table: Table, records: StoredRecord[], stack: Stack = new Set()): string[] {
  const primary = Object.values(table.fields).find((f) => f.is_primary) ?? Object.values(table.fields)[0];
  return records.map((r) => (primary ? plainText(plainOf(ctx, table, primary, r, stack)) : ''));
}

/** Plain values out of a stored read shape (fixtures store formula/lookup results that way). */
function plainFromShape(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(plainFromShape);
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.value)) return o.value.length === 1 ? plainFromShape(o.value[0]) : o.value.map(plainFromShape);
  if (typeof o.text === 'string') return o.text;
  if (typeof o.name === 'string') return o.name;
  return null;
}

/** What a formula, a sort or a filter sees of one cell. */
export function plainOf(ctx: CellContext, table: Table, field: Field, record: StoredRecord, stack: Stack = new Set()): Plain {
  const cell = record.fields[field.field_id];
  switch (field.type) {
    case FieldType.SingleSelect:
      return cell === undefined ? null : (optionName(field, cell as string) ?? null);
    case FieldType.MultiSelect:
      return ((cell as string[] | undefined) ?? []).map((id) => optionName(field, id)).filter((n): n is string => n !== undefined);
    case FieldType.User:
      return ((cell as string[] | undefined) ?? []).map((id) => userName(ctx, id));
    case FieldType.Url:
      return cell === undefined ? null : (cell as { text: string }).text;
    case FieldType.Attachment:
      return ((cell as string[] | undefined) ?? []).map((t) => ctx.rt.state.media[t]?.name ?? '');
    case FieldType.SingleLink:
    case FieldType.DuplexLink: {
      const { table: linked, records } = linkedRecords(ctx.app, field, record);
      return linked ? primaryTexts(ctx, linked, records, stack) : [];
    }
    case FieldType.Lookup: {
      const looked = lookupValues(ctx, table, field, record, stack, (target, targetTable, r, s) => plainOf(ctx, targetTable, target, r, s));
      return looked ? looked.values : plainFromShape(cell);
    }
    case FieldType.Formula: {
      const result = formulaValue(ctx, table, field, record, stack);
      return result ? result.value : plainFromShape(cell);
    }
    case FieldType.Location: {
      const loc = cell as StoredLocation | undefined;
      return loc ? loc.full_address || loc.name || loc.location : null;
    }
    case FieldType.GroupChat:
      return ((cell as string[] | undefined) ?? []).map((id) => ctx.rt.state.chats[id]?.name ?? '');
    case FieldType.CreatedTime:
      return record.created_time;
    case FieldType.ModifiedTime:
      return record.last_modified_time;
    case FieldType.CreatedUser:
      return userName(ctx, record.created_by);
    case FieldType.ModifiedUser:
      return userName(ctx, record.last_modified_by);
    case FieldType.AutoNumber:
      return cell === undefined ? null : autoNumberText(cell);
    default:
      return cell === undefined ? null : (cell as Plain);
  }
}

/**
 * A formula cell computed from the record, or `undefined` when the expression is outside the
 * emulated subset (the caller then shows what the fixture stored).
 */
export function formulaValue(ctx: CellContext, table: Table, field: Field, record: StoredRecord, stack: Stack = new Set()): { value: Plain } | undefined {
  const expression = (field.property as { formula_expression?: string } | null)?.formula_expression ?? '';
  return guarded(stack, table, field, record, { value: null }, () =>
    evaluateFormula(expression, ({ by, ref }) => {
      const target = by === 'id' ? table.fields[ref] : Object.values(table.fields).find((f) => f.field_name === ref);
      return target ? plainOf(ctx, table, target, record, stack) : undefined;
    }),
  );
}

/**
 * A lookup's values: `valueOf` the target field of every linked record (see fieldProperty's lookup
 * note), run with this cell on the stack (a lookup that reaches itself again gives no values).
 * `undefined` when the lookup is not wired to a link and target field.
 */
export function lookupValues<T>(
  ctx: CellContext,
  table: Table,
  field: Field,
  record: StoredRecord,
  stack: Stack,
  valueOf: (target: Field, targetTable: Table, record: StoredRecord, stack: Stack) => T,
): { target: Field; values: T[] } | undefined {
  const p = field.property as { link_field_id?: string; target_field_id?: string } | null;
  const link = p?.link_field_id ? table.fields[p.link_field_id] : undefined;
  if (!link) return undefined;
  const { table: targetTable, records } = linkedRecords(ctx.app, link, record);
  const target = targetTable?.fields[p!.target_field_id ?? ''];
  if (!targetTable || !target) return undefined;
  return { target, values: guarded(stack, table, field, record, [], () => records.map((r) => valueOf(target, targetTable, r, stack))) };
}
