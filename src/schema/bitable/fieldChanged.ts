import type { FieldChanged } from '../../events/types.js';
import { topics } from '../../events/types.js';
import { builder } from '../builder.js';
import { assertTableReadable } from '../eventAccess.js';
import { enterEvent } from '../eventLoaders.js';
import { eventStream } from '../subscriptions.js';
import { UserRef } from '../user.js';
import { currentField } from './recordChanged.js';
import { FieldRef, TableRef } from './refs.js';

/**
 * `fieldChanged`: one GraphQL event per action of a Feishu `bitable_field_changed_v1` event.
 * `before`/`after` are Feishu's field objects from the event; `field` is the field as it is now,
 * from the table's field list read once per event for all subscribers of the identity.
 */

export const FieldChangeAction = builder.enumType('FieldChangeAction', {
  values: {
    FIELD_ADDED: { value: 'field_added' },
    FIELD_EDITED: { value: 'field_edited' },
    FIELD_DELETED: { value: 'field_deleted' },
  } as const,
});

export const FieldChangedEventRef = builder.objectRef<FieldChanged>('FieldChangedEvent').implement({
  description: 'A field was added, edited or deleted.',
  fields: (t) => ({
    id: t.id({ nullable: false, description: 'event_id:field_id, unique per delivered event.', resolve: (e) => e.id }),
    eventId: t.exposeString('eventId', { nullable: false }),
    action: t.field({ type: FieldChangeAction, nullable: false, resolve: (e) => e.action }),
    appToken: t.exposeString('appToken', { nullable: false }),
    tableId: t.exposeString('tableId', { nullable: false }),
    fieldId: t.exposeString('fieldId', { nullable: false }),
    revision: t.int({ nullable: true, resolve: (e) => e.revision }),
    occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.occurredAt }),
    operator: t.field({ type: UserRef, nullable: true, resolve: (e) => (e.operatorOpenId ? { openId: e.operatorOpenId } : null) }),
    table: t.field({ type: TableRef, nullable: false, resolve: (e) => ({ appToken: e.appToken, tableId: e.tableId }) }),
    field: t.field({
      type: FieldRef,
      nullable: true,
      description: 'The field as it is now; null when deleted.',
      resolve: (e, _a, ctx) => (e.action === 'field_deleted' ? null : currentField(ctx, e.appToken, e.tableId, e.fieldId)),
    }),
    before: t.field({ type: 'JSON', nullable: true, description: "Feishu's field object before ({id, name, type, description, property}); null when added.", resolve: (e) => e.before ?? null }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The field object after; null when deleted.', resolve: (e) => e.after ?? null }),
  }),
});

builder.subscriptionField('fieldChanged', (t) =>
  t.field({
    type: FieldChangedEventRef,
    nullable: false,
    description: "A table's field changes, as the subscribing identity (a user must be able to read the table: else FORBIDDEN).",
    args: { appToken: t.arg.string({ required: true }), tableId: t.arg.string({ required: true }) },
    subscribe: (_root, args, ctx) =>
      eventStream(ctx, async (scope, events) => {
        await assertTableReadable(scope, args.appToken, args.tableId);
        await events.ensureSubscribed(args.appToken);
        return {
          topic: topics.field(args.appToken, args.tableId),
          keep: (e): e is FieldChanged => e.kind === 'field' && e.appToken === args.appToken && e.tableId === args.tableId,
          allow: scope.identity.kind === 'USER' ? async () => (await assertTableReadable(scope, args.appToken, args.tableId), true) : undefined,
        };
      }),
    resolve: (event, _args, ctx) => {
      enterEvent(ctx, event.eventId);
      return event;
    },
  }),
);
