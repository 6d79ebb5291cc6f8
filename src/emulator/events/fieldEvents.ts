import type { Runtime } from '../runtime.js';
import type { App, Table } from '../state.js';
import { currentBatch, type ChangeBatch } from './changes.js';
import { userIds } from './people.js';
import { isSubscribed, subscriberIds } from './subscriptions.js';

/**
 * `drive.file.bitable_field_changed_v1` (seed A08): one action per field a call adds, edits or
 * deletes, with the field as `{id, name, type, description, property}` before and/or after
 * (absent on the side where the field does not exist, as A09 does for records).
 */

export const FIELD_CHANGED = 'drive.file.bitable_field_changed_v1';

/** A field as the event shows it; fieldModel builds it (it owns the field's API shape). */
export interface FieldEventValue {
  id: string;
  name: string;
  type: number;
  description: string;
  /** As the field APIs show it (null for types without settings). */
  property: Record<string, unknown> | null;
}

type FieldAction = 'field_added' | 'field_edited' | 'field_deleted';

export class FieldChanges {
  private constructor(
    private readonly rt: Runtime,
    private readonly app: App,
    private readonly table: Table,
    private readonly batch: ChangeBatch,
  ) {}

  /** Made only while a call is being handled on a subscribed base. */
  static for(rt: Runtime, app: App, table: Table): FieldChanges | undefined {
    const batch = currentBatch();
    return batch && isSubscribed(rt.state, app.app_token) ? new FieldChanges(rt, app, table, batch) : undefined;
  }

  added(after: FieldEventValue): void {
    this.emit('field_added', after.id, { after_value: after });
  }

  edited(before: FieldEventValue, after: FieldEventValue): void {
    this.emit('field_edited', after.id, { before_value: before, after_value: after });
  }

  deleted(before: FieldEventValue): void {
    this.emit('field_deleted', before.id, { before_value: before });
  }

  private emit(action: FieldAction, fieldId: string, values: Record<string, FieldEventValue>): void {
    const { rt, app, table } = this;
    this.batch.add({
      type: FIELD_CHANGED,
      key: `${FIELD_CHANGED} ${app.app_token} ${table.table_id}`,
      event: {
        file_type: 'bitable',
        file_token: app.app_token,
        table_id: table.table_id,
        operator_id: userIds(rt, this.batch.operator),
        action_list: [{ action, field_id: fieldId, ...values }],
        subscriber_id_list: subscriberIds(rt, app.app_token),
        update_time: Math.floor(rt.now() / 1000),
      },
      revision: () => table.revision,
    });
  }
}
