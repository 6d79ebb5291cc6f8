import type { FieldValue, RecordChanged } from '../../events/types.js';
import { topics } from '../../events/types.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { assertTableReadable } from '../eventAccess.js';
import { enterEvent } from '../eventLoaders.js';
import { eventStream } from '../subscriptions.js';
import { UserRef } from '../user.js';
import { selects } from './selection.js';
import { bitableLoaders, key } from './loaders.js';
import { FieldRef, RecordRef, TableRef, loadFields, type FieldShape } from './refs.js';

/**
 * `recordChanged`: one GraphQL event per action of a Feishu `bitable_record_changed_v1` event.
 * `before`/`after` are the values the event carries; `record` is the record as it is now, read
 * through the loaders every subscription of the identity shares (eventLoaders.ts), so N
 * subscribers cost one `batch_get` per Feishu event.
 */

export const RecordChangeAction = builder.enumType('RecordChangeAction', {
  values: {
    RECORD_ADDED: { value: 'record_added' },
    RECORD_EDITED: { value: 'record_edited' },
    RECORD_DELETED: { value: 'record_deleted' },
  } as const,
});

/** One field's value in an event (`before_value`/`after_value` items). */
interface FieldValueShape extends FieldValue {
  appToken: string;
  tableId: string;
}

/** The table's field by id, or null when it is gone (a later change deleted it). */
export async function currentField(ctx: Context, appToken: string, tableId: string, fieldId: string): Promise<FieldShape | null> {
  const raw = (await loadFields(ctx, appToken, tableId)).find((f) => f.field_id === fieldId);
  return raw ? { appToken, tableId, fieldId, raw } : null;
}

const FieldValueChangeRef = builder.objectRef<FieldValueShape>('FieldValueChange').implement({
  description: "A field's value before or after a record change, as the event carries it.",
  fields: (t) => ({
    fieldId: t.exposeString('fieldId', { nullable: false }),
    field: t.field({ type: FieldRef, nullable: true, description: 'The field as it is now (null once deleted).', resolve: (v, _a, ctx) => currentField(ctx, v.appToken, v.tableId, v.fieldId) }),
    value: t.field({ type: 'JSON', nullable: true, description: "Feishu's value (its event format).", resolve: (v) => v.value ?? null }),
  }),
});

const values = (e: RecordChanged, list: FieldValue[]): FieldValueShape[] => list.map((v) => ({ ...v, appToken: e.appToken, tableId: e.tableId }));

export const RecordChangedEventRef = builder.objectRef<RecordChanged>('RecordChangedEvent').implement({
  description: 'A record was added, edited or deleted.',
  fields: (t) => ({
    id: t.id({ nullable: false, description: 'event_id:record_id, unique per delivered event.', resolve: (e) => e.id }),
    eventId: t.exposeString('eventId', { nullable: false, description: "Feishu's event_id (shared by the actions of one event)." }),
    action: t.field({ type: RecordChangeAction, nullable: false, resolve: (e) => e.action }),
    appToken: t.exposeString('appToken', { nullable: false }),
    tableId: t.exposeString('tableId', { nullable: false }),
    recordId: t.exposeString('recordId', { nullable: false }),
    revision: t.int({ nullable: true, description: "The table's revision after the change.", resolve: (e) => e.revision }),
    occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.occurredAt }),
    operator: t.field({ type: UserRef, nullable: true, description: 'Who made the change.', resolve: (e) => (e.operatorOpenId ? { openId: e.operatorOpenId } : null) }),
    table: t.field({ type: TableRef, nullable: false, resolve: (e) => ({ appToken: e.appToken, tableId: e.tableId }) }),
    record: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The record as it is now (read once per event for all subscribers); null when deleted.',
      resolve: async (e, _a, ctx) => {
        if (e.action === 'record_deleted') return null;
        const raw = await bitableLoaders(ctx).record.load(key(e.appToken, e.tableId, e.recordId));
        return raw ? { appToken: e.appToken, tableId: e.tableId, recordId: e.recordId, raw } : null;
      },
    }),
    before: t.field({ type: [FieldValueChangeRef], nullable: false, resolve: (e) => values(e, e.before) }),
    after: t.field({ type: [FieldValueChangeRef], nullable: false, resolve: (e) => values(e, e.after) }),
  }),
});

builder.subscriptionField('recordChanged', (t) =>
  t.field({
    type: RecordChangedEventRef,
    nullable: false,
    description: "A table's record changes, as the subscribing identity (a user must be able to read the table: else FORBIDDEN).",
    args: {
      appToken: t.arg.string({ required: true }),
      tableId: t.arg.string({ required: true }),
      actions: t.arg({ type: [RecordChangeAction], description: 'Only these actions (default: all).' }),
    },
    subscribe: (_root, args, ctx, info) =>
      eventStream(ctx, async (scope, events) => {
        await assertTableReadable(scope, args.appToken, args.tableId);
        await events.ensureSubscribed(args.appToken);
        const actions = args.actions?.length ? new Set<string>(args.actions) : undefined;
        const wantsRecord = selects(info, ['record']);
        return {
          topic: topics.record(args.appToken, args.tableId),
          keep: (e): e is RecordChanged => e.kind === 'record' && e.appToken === args.appToken && e.tableId === args.tableId && (!actions || actions.has(e.action)),
          // A user who lost read access stops receiving (the check is shared and kept a while).
          allow: scope.identity.kind === 'USER' ? async () => (await assertTableReadable(scope, args.appToken, args.tableId), true) : undefined,
          // Every action of one Feishu event asks for its record at once: one batch_get.
          prefetch: wantsRecord
            ? (e) => {
                if (e.action !== 'record_deleted') bitableLoaders(scope.eventContext(e.eventId)).record.load(key(e.appToken, e.tableId, e.recordId)).catch(() => undefined);
              }
            : undefined,
        };
      }),
    resolve: (event, _args, ctx) => {
      enterEvent(ctx, event.eventId);
      return event;
    },
  }),
);
