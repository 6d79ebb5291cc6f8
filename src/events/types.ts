/**
 * Domain events: what the normalizer makes of Feishu's envelopes (one per Feishu action: a
 * record event's `action_list` fans out), what the bus carries between replicas (plain JSON),
 * and what the subscriptions filter and resolve. Ids stay Feishu's; values stay Feishu's JSON.
 */

export type RecordChangeAction = 'record_added' | 'record_edited' | 'record_deleted';
export type FieldChangeAction = 'field_added' | 'field_edited' | 'field_deleted';

/** `{field_id, field_value}` of a record action, the value parsed from Feishu's JSON string. */
export interface FieldValue {
  fieldId: string;
  value: unknown;
}

export interface RecordChanged {
  kind: 'record';
  /** `event_id:record_id`: unique per delivered GraphQL event. */
  id: string;
  eventId: string;
  appToken: string;
  tableId: string;
  action: RecordChangeAction;
  recordId: string;
  revision: number | null;
  /** Epoch ms (the header's create_time). */
  occurredAt: number;
  operatorOpenId: string | null;
  before: FieldValue[];
  after: FieldValue[];
}

export interface FieldChanged {
  kind: 'field';
  /** `event_id:field_id`. */
  id: string;
  eventId: string;
  appToken: string;
  tableId: string;
  action: FieldChangeAction;
  fieldId: string;
  revision: number | null;
  occurredAt: number;
  operatorOpenId: string | null;
  /** Feishu's `{id, name, type, description, property}` or null. */
  before: unknown;
  after: unknown;
}

export interface MessageReceived {
  kind: 'message';
  /** The event id (one message per event). */
  id: string;
  eventId: string;
  occurredAt: number;
  chatId: string;
  chatType: string | null;
  /** The event's `message` object as Feishu sent it (content in the receive format). */
  message: Record<string, unknown>;
  /** The event's `sender` object as Feishu sent it. */
  sender: Record<string, unknown>;
}

export type DomainEvent = RecordChanged | FieldChanged | MessageReceived;

/** Bus topics: subscribers listen on the narrowest one that fits their arguments. */
export const topics = {
  record: (appToken: string, tableId: string) => `record:${appToken}:${tableId}`,
  field: (appToken: string, tableId: string) => `field:${appToken}:${tableId}`,
  message: () => 'message',
};

/** The bus as the schema sees it (memory in one process, Redis pub/sub across replicas). */
export interface EventBus {
  publish(topic: string, event: DomainEvent): Promise<void>;
  /** Events on `topic` from now on, until the iterator is returned (the subscription ends). */
  subscribe(topic: string): AsyncIterableIterator<DomainEvent>;
}

/** What the subscriptions need from the events room, handed to the schema through the context. */
export interface EventServices {
  bus: EventBus;
  /** Makes sure Feishu sends this base's record and field events (drive file subscription), once per base per process. */
  ensureSubscribed(appToken: string): Promise<void>;
}

/** What the events room logs through (the gateway's logger): messages only, never a body, key or token. */
export interface EventsLogger {
  debug?(msg: string): void;
  info?(msg: string): void;
  warn?(msg: string): void;
  error?(msg: string): void;
}
