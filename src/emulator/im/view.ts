import type { UserIdType } from '../bitable/common.js';
import { tenantKeyOf } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { Message } from '../state.js';

/**
 * The message object of the IM pages (D:发送消息 response, D:获取会话历史消息): ms timestamps as
 * strings, `sender{id, id_type, sender_type, tenant_key}` (the app as its app_id), `body.content`
 * in the receive format and `mentions[{key, id, id_type, name, tenant_key}]`. Absent ids are left
 * out, as Feishu does for root_id/parent_id/thread_id of a message that is no reply.
 */

/** What a recalled message's content reads as (D:获取会话历史消息). */
export const RECALLED_CONTENT = 'This message was recalled';

export interface ViewOptions {
  /** `user_id_type` of get and mget: which id of users the sender and mentions carry. */
  idType?: UserIdType;
  /** `with_sender_name=true`: add the sender's display name. */
  withSenderName?: boolean;
}

function userId(rt: Runtime, openId: string, idType: UserIdType): string {
  const user = rt.findUser(openId);
  return (user && user !== rt.bot && user[idType]) || openId;
}

function senderOf(rt: Runtime, m: Message, opts: ViewOptions) {
  const tenant_key = tenantKeyOf(rt.appId);
  const base =
    m.sender_type === 'app'
      ? { id: rt.appId, id_type: 'app_id', sender_type: 'app', tenant_key }
      : { id: userId(rt, m.sender_open_id, opts.idType ?? 'open_id'), id_type: opts.idType ?? 'open_id', sender_type: 'user', tenant_key };
  return opts.withSenderName ? { ...base, sender_name: rt.findUser(m.sender_open_id)?.name ?? '' } : base;
}

export function messageView(rt: Runtime, m: Message, opts: ViewOptions = {}) {
  const idType = opts.idType ?? 'open_id';
  const tenant_key = tenantKeyOf(rt.appId);
  const mentions = m.deleted ? [] : (m.mentions ?? []).map((x) => ({ key: x.key, id: userId(rt, x.open_id, idType), id_type: idType, name: x.name, tenant_key }));
  return {
    message_id: m.message_id,
    ...(m.root_id ? { root_id: m.root_id } : {}),
    ...(m.parent_id ? { parent_id: m.parent_id } : {}),
    ...(m.thread_id ? { thread_id: m.thread_id } : {}),
    msg_type: m.msg_type,
    create_time: String(m.create_time),
    update_time: String(m.update_time),
    deleted: m.deleted,
    updated: m.updated,
    chat_id: m.chat_id,
    sender: senderOf(rt, m, opts),
    body: { content: m.deleted ? RECALLED_CONTENT : m.content },
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}
