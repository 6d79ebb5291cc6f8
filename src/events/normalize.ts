import { z } from 'zod';
import { topics, type DomainEvent, type FieldChangeAction, type FieldValue, type RecordChangeAction } from './types.js';

/**
 * Feishu v2 event envelopes (feishu-wire.md §7.1, §7.4) → domain events. One domain event per
 * Feishu action: a record event whose `action_list` holds three actions becomes three
 * `RecordChanged`. Unknown event types become nothing (the app may be subscribed to more than
 * the gateway serves); so does a known type whose body does not have the documented shape,
 * since refusing it would only make Feishu retry the same body four times.
 */

export const RECORD_CHANGED = 'drive.file.bitable_record_changed_v1';
export const FIELD_CHANGED = 'drive.file.bitable_field_changed_v1';
export const MESSAGE_RECEIVED = 'im.message.receive_v1';

/** The v2 envelope: what the receiver checks before anything else (a wrong shape is a 400). */
export const V2Envelope = z.looseObject({
  schema: z.literal('2.0'),
  header: z.looseObject({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    create_time: z.union([z.string(), z.number()]).optional(),
    token: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.looseObject({}),
});
export type V2Envelope = z.infer<typeof V2Envelope>;

const UserIds = z.looseObject({ open_id: z.string().nullish() }).nullish();

const RecordValue = z.looseObject({ field_id: z.string(), field_value: z.unknown().optional() });
const RecordEvent = z.looseObject({
  file_token: z.string(),
  table_id: z.string(),
  revision: z.number().nullish(),
  operator_id: UserIds,
  update_time: z.number().nullish(),
  action_list: z.array(
    z.looseObject({
      record_id: z.string(),
      action: z.string(),
      before_value: z.array(RecordValue).nullish(),
      after_value: z.array(RecordValue).nullish(),
    }),
  ),
});

const FieldEvent = z.looseObject({
  file_token: z.string(),
  table_id: z.string(),
  revision: z.number().nullish(),
  operator_id: UserIds,
  update_time: z.number().nullish(),
  action_list: z.array(z.looseObject({ action: z.string(), field_id: z.string(), before_value: z.unknown().optional(), after_value: z.unknown().optional() })),
});

const MessageEvent = z.looseObject({
  sender: z.looseObject({}),
  message: z.looseObject({ message_id: z.string(), chat_id: z.string(), chat_type: z.string().nullish() }),
});

const RECORD_ACTIONS = new Set<string>(['record_added', 'record_edited', 'record_deleted'] satisfies RecordChangeAction[]);
const FIELD_ACTIONS = new Set<string>(['field_added', 'field_edited', 'field_deleted'] satisfies FieldChangeAction[]);

/**
 * Epoch ms from the header's `create_time` (a ms string in every sample; one overview sample
 * has 16 digits, i.e. µs), else the event's `update_time` (seconds), else now.
 */
export function occurredAt(createTime: string | number | undefined, updateTimeS?: number | null, now = Date.now()): number {
  const n = Number(createTime);
  if (createTime !== undefined && createTime !== '' && Number.isFinite(n) && n > 0) return n >= 1e14 ? Math.floor(n / 1000) : n;
  if (typeof updateTimeS === 'number' && updateTimeS > 0) return updateTimeS * 1000;
  return now;
}

/** `field_value` is a JSON string; keep the raw string if it is not JSON after all. */
function parseFieldValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const values = (list: Array<z.infer<typeof RecordValue>> | null | undefined): FieldValue[] =>
  (list ?? []).map((v) => ({ fieldId: v.field_id, value: parseFieldValue(v.field_value) }));

export function normalize(envelope: V2Envelope): DomainEvent[] {
  const { header, event } = envelope;
  const eventId = header.event_id;
  switch (header.event_type) {
    case RECORD_CHANGED: {
      const e = RecordEvent.safeParse(event);
      if (!e.success) return [];
      const { file_token: appToken, table_id: tableId } = e.data;
      const at = occurredAt(header.create_time, e.data.update_time);
      return e.data.action_list
        .filter((a) => RECORD_ACTIONS.has(a.action))
        .map((a) => ({
          kind: 'record' as const,
          id: `${eventId}:${a.record_id}`,
          eventId,
          appToken,
          tableId,
          action: a.action as RecordChangeAction,
          recordId: a.record_id,
          revision: e.data.revision ?? null,
          occurredAt: at,
          operatorOpenId: e.data.operator_id?.open_id ?? null,
          before: values(a.before_value),
          after: values(a.after_value),
        }));
    }
    case FIELD_CHANGED: {
      const e = FieldEvent.safeParse(event);
      if (!e.success) return [];
      const at = occurredAt(header.create_time, e.data.update_time);
      return e.data.action_list
        .filter((a) => FIELD_ACTIONS.has(a.action))
        .map((a) => ({
          kind: 'field' as const,
          id: `${eventId}:${a.field_id}`,
          eventId,
          appToken: e.data.file_token,
          tableId: e.data.table_id,
          action: a.action as FieldChangeAction,
          fieldId: a.field_id,
          revision: e.data.revision ?? null,
          occurredAt: at,
          operatorOpenId: e.data.operator_id?.open_id ?? null,
          before: a.before_value ?? null,
          after: a.after_value ?? null,
        }));
    }
    case MESSAGE_RECEIVED: {
      const e = MessageEvent.safeParse(event);
      if (!e.success) return [];
      return [
        {
          kind: 'message',
          id: eventId,
          eventId,
          occurredAt: occurredAt(header.create_time),
          chatId: e.data.message.chat_id,
          chatType: e.data.message.chat_type ?? null,
          message: e.data.message,
          sender: e.data.sender,
        },
      ];
    }
    default:
      return [];
  }
}

/** The topic a domain event is published on (types.ts `topics`). */
export function topicOf(event: DomainEvent): string {
  if (event.kind === 'record') return topics.record(event.appToken, event.tableId);
  if (event.kind === 'field') return topics.field(event.appToken, event.tableId);
  return topics.message();
}
