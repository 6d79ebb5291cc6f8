import { READ_ONLY_TYPES, FieldType } from '../bitable/fieldTypes.js';
import { readFields, type WriteContext } from '../bitable/values.js';
import type { Field, StoredRecord } from '../state.js';
import { currentBatch, type ChangeBatch } from './changes.js';
import { identityOf, userIds } from './people.js';
import { isSubscribed, subscriberIds } from './subscriptions.js';

/**
 * `drive.file.bitable_record_changed_v1` (seed A09, feishu-wire.md §7.4). Each cell is
 * `{field_id, field_value}` where `field_value` is the JSON string of the cell in Bitable's record
 * data structure, the shape `records/search` answers (text as `[{type, text}]` segments, numbers
 * as JSON numbers such as "666", options by name, links as `{link_record_ids}`); person cells add
 * `field_identity_value.users`. Computed cells (formula, lookup, created/modified, auto number)
 * are left out: Feishu says a formula's change triggers no event. An empty cell is `""`.
 * Added records list their non-empty cells, deleted ones the cells they had, edited ones only the
 * cells that changed (before and after alike); a write that changes nothing adds no action.
 */

export const RECORD_CHANGED = 'drive.file.bitable_record_changed_v1';

interface CellValue {
  field_id: string;
  field_value: string;
  field_identity_value?: { users: ReturnType<typeof identityOf>[] };
}

type Cells = Map<string, CellValue>;

/** Whether cells of this field belong in an event (stored by writes, not computed). */
const reported = (f: Field) => !READ_ONLY_TYPES.has(f.type);

function cellsOf(w: WriteContext, record: StoredRecord): Cells {
  const cells: Cells = new Map();
  for (const f of Object.values(w.table.fields)) {
    if (!reported(f)) continue;
    const value = readFields({ rt: w.rt, app: w.app }, w.table, record, { family: 'search', idType: 'open_id' }, [f])[f.field_name];
    if (value === undefined) continue;
    const cell: CellValue = { field_id: f.field_id, field_value: JSON.stringify(value) };
    const people = record.fields[f.field_id];
    if (f.type === FieldType.User && Array.isArray(people)) cell.field_identity_value = { users: (people as string[]).map((id) => identityOf(w.rt, id)) };
    cells.set(f.field_id, cell);
  }
  return cells;
}

const empty = (fieldId: string): CellValue => ({ field_id: fieldId, field_value: '' });

/** The cells whose value differs, as before and after lists in the table's field order. */
function diff(before: Cells, after: Cells): { before_value: CellValue[]; after_value: CellValue[] } | undefined {
  const ids = [...new Set([...before.keys(), ...after.keys()])].filter((id) => JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)));
  if (ids.length === 0) return undefined;
  return { before_value: ids.map((id) => before.get(id) ?? empty(id)), after_value: ids.map((id) => after.get(id) ?? empty(id)) };
}

/**
 * Collects the record actions of one model call into the open batch. Made only when the base is
 * subscribed and a call is being handled, so writes nobody listens to cost nothing extra.
 */
export class RecordChanges {
  private readonly before = new Map<string, Cells>();

  private constructor(
    private readonly w: WriteContext,
    private readonly batch: ChangeBatch,
  ) {}

  static for(w: WriteContext): RecordChanges | undefined {
    const batch = currentBatch();
    return batch && isSubscribed(w.rt.state, w.app.app_token) ? new RecordChanges(w, batch) : undefined;
  }

  /** Snapshots records before they change or go. */
  remember(records: StoredRecord[]): void {
    for (const r of records) this.before.set(r.record_id, cellsOf(this.w, r));
  }

  added(records: StoredRecord[]): void {
    this.emit(records.map((r) => ({ record_id: r.record_id, action: 'record_added', after_value: [...cellsOf(this.w, r).values()] })));
  }

  edited(records: StoredRecord[]): void {
    this.emit(
      [...new Set(records)].flatMap((r) => {
        const changed = diff(this.before.get(r.record_id) ?? new Map(), cellsOf(this.w, r));
        return changed ? [{ record_id: r.record_id, action: 'record_edited', ...changed }] : [];
      }),
    );
  }

  deleted(records: StoredRecord[]): void {
    this.emit(records.map((r) => ({ record_id: r.record_id, action: 'record_deleted', before_value: [...(this.before.get(r.record_id)?.values() ?? [])] })));
  }

  private emit(actions: Record<string, unknown>[]): void {
    if (actions.length === 0) return;
    const { rt, app, table } = this.w;
    this.batch.add({
      type: RECORD_CHANGED,
      key: `${RECORD_CHANGED} ${app.app_token} ${table.table_id}`,
      event: {
        file_type: 'bitable',
        file_token: app.app_token,
        table_id: table.table_id,
        operator_id: userIds(rt, this.batch.operator),
        action_list: actions,
        subscriber_id_list: subscriberIds(rt, app.app_token),
        update_time: Math.floor(rt.now() / 1000),
      },
      revision: () => table.revision,
    });
  }
}
