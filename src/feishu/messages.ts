import { z } from 'zod';
import type { UserIdType } from './bitable.js';
import { call, endpoint, refuse, type CallOptions, type Caller, type RequestInput } from './endpoint.js';
import { page } from './envelope.js';

/**
 * IM messages (feishu-wire.md §4.1): reads (get, list, mget) as functions, writes (send, reply,
 * edit, card update, recall) as calls described but not made (`messageWrites`, like
 * bitableWrite.ts), so a mutation's dry run lists exactly what its real run sends. Answers keep
 * Feishu's snake_case; `content` stays the JSON string Feishu sends (the schema parses it).
 */

const IM = '/open-apis/im/v1';
const MESSAGES = `${IM}/messages`;
const MESSAGE = `${MESSAGES}/:message_id`;

// ---- response shapes (loose: unknown fields pass through) ----

/** Times are millisecond strings; accept numbers too rather than fail a read over it. */
const millis = z.union([z.string(), z.number()]).nullish();

export const ImMessageSender = z.looseObject({
  id: z.string().nullish(),
  /** `open_id` (users, as asked by user_id_type) or `app_id` (bots). */
  id_type: z.string().nullish(),
  /** `user`, `app`, `anonymous`, `unknown`. */
  sender_type: z.string().nullish(),
  tenant_key: z.string().nullish(),
});
/** REST answers name a mentioned user by one id (`id` + `id_type`); events by an id object. */
const MentionId = z.union([z.string(), z.looseObject({ open_id: z.string().nullish(), union_id: z.string().nullish(), user_id: z.string().nullish() })]);
export const ImMention = z.looseObject({
  /** `@_user_1`: what the content holds in place of the mention. */
  key: z.string(),
  id: MentionId.nullish(),
  id_type: z.string().nullish(),
  name: z.string().nullish(),
  tenant_key: z.string().nullish(),
});
export const ImMessage = z.looseObject({
  message_id: z.string(),
  root_id: z.string().nullish(),
  parent_id: z.string().nullish(),
  thread_id: z.string().nullish(),
  upper_message_id: z.string().nullish(),
  msg_type: z.string(),
  create_time: millis,
  update_time: millis,
  deleted: z.boolean().nullish(),
  updated: z.boolean().nullish(),
  chat_id: z.string().nullish(),
  sender: ImMessageSender.nullish(),
  /** Receive format (feishu-wire.md §4.2); a recalled message reads `This message was recalled`. */
  body: z.looseObject({ content: z.string().nullish() }).nullish(),
  mentions: z
    .array(ImMention)
    .nullish()
    .transform((m) => m ?? []),
});
export const ImMessagePage = page(ImMessage);
/** get (`items: [message]`, a merge_forward adds its children) and mget. */
export const ImMessagesData = z.looseObject({
  items: z
    .array(ImMessage)
    .nullish()
    .transform((i) => i ?? []),
});

export type ImMessageSender = z.infer<typeof ImMessageSender>;
export type ImMention = z.infer<typeof ImMention>;
export type ImMessage = z.infer<typeof ImMessage>;
export type ImMessagePage = z.infer<typeof ImMessagePage>;
export type ImMessagesData = z.infer<typeof ImMessagesData>;

// ---- endpoints ----

/** Most ids one `messages/mget` takes (the CLI's batch size; the emulator refuses more). */
export const MGET_MESSAGES_MAX = 50;
/** page_size of a message list (1-50, default 20). */
export const LIST_MESSAGES_MAX = 50;

/** A send or reply carrying a `uuid` is sent at most once per hour: repeating it is safe. */
const withUuid = (i: RequestInput) => typeof (i.body as { uuid?: unknown } | undefined)?.uuid === 'string';
/**
 * Sends share a 5 QPS budget per receiver (the emulator keys it `receive_id_type:receive_id`,
 * as here). A reply's chat is not in its request, so replies to one message share a budget:
 * a subset of the chat's, which keeps bursts of replies to one message within it.
 */
const receiver = (i: RequestInput) => {
  const id = (i.body as { receive_id?: unknown } | undefined)?.receive_id;
  return typeof id === 'string' ? `${i.query?.receive_id_type ?? 'open_id'}:${id}` : undefined;
};
const repliedTo = (i: RequestInput) => (i.params?.message_id ? `reply:${i.params.message_id}` : undefined);
/** Card updates are limited to 5 QPS per message (D:更新已发送的消息卡片). */
const message = (i: RequestInput) => (i.params?.message_id ? `message:${i.params.message_id}` : undefined);

const read = <D>(name: string, path: string, data: z.ZodType<D>) => endpoint({ name: `im.${name}`, method: 'GET', path, rate: 'im.message', idempotent: true, data });
const Empty = z.looseObject({});

export const MESSAGE_ENDPOINTS = {
  getMessage: read('getMessage', MESSAGE, ImMessagesData),
  listMessages: read('listMessages', MESSAGES, ImMessagePage),
  mgetMessages: read('mgetMessages', `${MESSAGES}/mget`, ImMessagesData),
  sendMessage: endpoint({ name: 'im.sendMessage', method: 'POST', path: MESSAGES, rate: 'im.send', target: receiver, idempotent: withUuid, data: ImMessage }),
  replyMessage: endpoint({ name: 'im.replyMessage', method: 'POST', path: `${MESSAGE}/reply`, rate: 'im.send', target: repliedTo, idempotent: withUuid, data: ImMessage }),
  // An edit sets the content: repeating it changes nothing more (but counts against the 20 edits).
  editMessage: endpoint({ name: 'im.editMessage', method: 'PUT', path: MESSAGE, rate: 'im.message', idempotent: true, data: ImMessage }),
  updateCard: endpoint({ name: 'im.updateCard', method: 'PATCH', path: MESSAGE, rate: 'im.message', target: message, idempotent: true, data: Empty }),
  // A repeated recall answers 230011 (recalled); the schema counts that as done after a retry.
  recallMessage: endpoint({ name: 'im.recallMessage', method: 'DELETE', path: MESSAGE, rate: 'im.message', idempotent: true, data: Empty }),
};

// ---- parameters ----

export type ReceiveIdType = 'open_id' | 'union_id' | 'user_id' | 'email' | 'chat_id';

/** What a message says: `content` is the send format's JSON string (feishu-wire.md §4.2). */
export interface MessageBody {
  msg_type: string;
  content: string;
}

export interface ListMessagesParams {
  containerIdType?: 'chat' | 'thread';
  containerId: string;
  /** Inclusive bounds on creation time, in seconds (chats only). */
  startTime?: number;
  endTime?: number;
  sortType?: 'ByCreateTimeAsc' | 'ByCreateTimeDesc';
  pageSize?: number;
  pageToken?: string;
  userIdType?: UserIdType;
}

const seconds = (t: number | undefined) => (t === undefined ? undefined : String(Math.floor(t)));

export function messagesApi(call: Caller) {
  const E = MESSAGE_ENDPOINTS;
  return {
    /** One message (`items[0]`; a merge_forward lists its children after it). */
    getMessage: (p: { messageId: string; userIdType?: UserIdType }, o?: CallOptions): Promise<ImMessagesData> =>
      call(E.getMessage, { params: { message_id: p.messageId }, query: { user_id_type: p.userIdType } }, o),
    /** A chat's (or thread's) history, one page; a chat shows a thread by its root only. */
    listMessages: (p: ListMessagesParams, o?: CallOptions): Promise<ImMessagePage> =>
      call(
        E.listMessages,
        {
          query: {
            container_id_type: p.containerIdType ?? 'chat',
            container_id: p.containerId,
            start_time: seconds(p.startTime),
            end_time: seconds(p.endTime),
            sort_type: p.sortType,
            page_size: p.pageSize,
            page_token: p.pageToken || undefined,
            user_id_type: p.userIdType,
          },
        },
        o,
      ),
    /** Messages by id (1-50, repeated `message_ids`); unknown and invisible ones are missing from `items`. */
    async mgetMessages(p: { messageIds: string[]; userIdType?: UserIdType }, o?: CallOptions): Promise<ImMessagesData> {
      if (p.messageIds.length < 1 || p.messageIds.length > MGET_MESSAGES_MAX) throw refuse(E.mgetMessages, `message_ids must hold 1-${MGET_MESSAGES_MAX} ids, got ${p.messageIds.length}`);
      return call(E.mgetMessages, { query: { message_ids: p.messageIds, user_id_type: p.userIdType } }, o);
    },
  };
}

export type MessagesApi = ReturnType<typeof messagesApi>;

const id = (messageId: string) => ({ message_id: messageId });

/** The message writes, as calls. Bodies are Feishu's, in snake_case. */
export const messageWrites = {
  send: (receiveIdType: ReceiveIdType, receiveId: string, body: MessageBody, uuid?: string) =>
    call(MESSAGE_ENDPOINTS.sendMessage, { query: { receive_id_type: receiveIdType }, body: { receive_id: receiveId, ...body, ...(uuid ? { uuid } : {}) } }),
  reply: (messageId: string, body: MessageBody, o: { replyInThread?: boolean; uuid?: string } = {}) =>
    call(MESSAGE_ENDPOINTS.replyMessage, {
      params: id(messageId),
      body: { ...body, ...(o.replyInThread !== undefined ? { reply_in_thread: o.replyInThread } : {}), ...(o.uuid ? { uuid: o.uuid } : {}) },
    }),
  /** Text and post only. */
  edit: (messageId: string, body: MessageBody) => call(MESSAGE_ENDPOINTS.editMessage, { params: id(messageId), body }),
  /** `content` is the card JSON as a string; the card must be shared (`update_multi`) before and after. */
  updateCard: (messageId: string, content: string) => call(MESSAGE_ENDPOINTS.updateCard, { params: id(messageId), body: { content } }),
  recall: (messageId: string) => call(MESSAGE_ENDPOINTS.recallMessage, { params: id(messageId) }),
};
