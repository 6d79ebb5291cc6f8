import type { UserIdType } from '../bitable/common.js';
import type { RouteContext } from '../router.js';
import type { Message } from '../state.js';
import { isMember, requireMember, speakerOf, visibleMessage } from './access.js';
import { imErrors } from './errors.js';
import { isThreadReply, threadRootOf } from './store.js';
import { messageView, type ViewOptions } from './view.js';

/**
 * Reading messages: get one (`items: [message]`), list a chat or a thread (D:获取会话历史消息),
 * and mget (repeated `message_ids`, at most 50, the CLI's batch size). Invisible or unknown ids
 * are left out of mget's items, as batch reads of other services do.
 */

const PAGE_MAX = 50;
const PAGE_DEFAULT = 20;
const MGET_MAX = 50;
const SORTS = ['ByCreateTimeAsc', 'ByCreateTimeDesc'] as const;
type Sort = (typeof SORTS)[number];

const bad = imErrors.invalidParam;

function viewOptions(ctx: RouteContext): ViewOptions {
  const idType = ctx.query.get('user_id_type') || 'open_id';
  if (idType !== 'open_id' && idType !== 'union_id' && idType !== 'user_id') throw bad(`user_id_type ${idType} is invalid`);
  return { idType: idType as UserIdType, withSenderName: ctx.query.get('with_sender_name') === 'true' };
}

export function getMessage(ctx: RouteContext) {
  const opts = viewOptions(ctx);
  const { message } = visibleMessage(ctx, ctx.params.message_id);
  return { items: [messageView(ctx.rt, message, opts)] };
}

export function mgetMessages(ctx: RouteContext) {
  const opts = viewOptions(ctx);
  const ids = ctx.query.getAll('message_ids').filter((id) => id !== '');
  if (ids.length === 0) throw bad('message_ids is required');
  if (ids.length > MGET_MAX) throw bad(`at most ${MGET_MAX} message_ids per call`);
  const who = speakerOf(ctx);
  const items = [...new Set(ids)]
    .map((id) => ctx.rt.state.messages[id])
    .filter((m): m is Message => m !== undefined && ctx.rt.state.chats[m.chat_id] !== undefined && isMember(ctx.rt.state.chats[m.chat_id], who));
  return { items: items.map((m) => messageView(ctx.rt, m, opts)) };
}

/** Seconds as Feishu takes them (a string of digits); undefined when absent. */
function seconds(ctx: RouteContext, name: string): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]{1,12}$/.test(raw)) throw bad(`${name} must be a timestamp in seconds`);
  return Number(raw);
}

function pageSize(ctx: RouteContext): number {
  const raw = ctx.query.get('page_size');
  if (raw === null || raw === '') return PAGE_DEFAULT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > PAGE_MAX) throw bad(`page_size must be between 1 and ${PAGE_MAX}`);
  return n;
}

/**
 * Page tokens name the sort and the last message handed out, so a page never repeats or skips a
 * message when others arrive meanwhile; the token's sort wins over a changed `sort_type`, since
 * Feishu keeps the first request's order for the whole walk.
 */
const encodeToken = (sort: Sort, lastId: string) => Buffer.from(`${sort}:${lastId}`).toString('base64url');

function decodeToken(raw: string): { sort: Sort; lastId: string } {
  const [sort, lastId] = Buffer.from(raw, 'base64url').toString().split(':');
  if (!(SORTS as readonly string[]).includes(sort) || !lastId) throw bad('page_token is invalid');
  return { sort: sort as Sort, lastId };
}

/** The container's messages, oldest first (creation time, then arrival). */
function containerMessages(ctx: RouteContext): Message[] {
  const type = ctx.query.get('container_id_type');
  const id = ctx.query.get('container_id') ?? '';
  if (type !== 'chat' && type !== 'thread') throw bad('container_id_type must be chat or thread');
  if (!id) throw bad('container_id is required');
  const all = Object.values(ctx.rt.state.messages);
  let items: Message[];
  if (type === 'chat') {
    const chat = ctx.rt.state.chats[id];
    if (!chat) throw bad(`container_id ${id} is not a chat`);
    requireMember(chat, speakerOf(ctx));
    // A thread shows up in its chat by its root only; its replies are read with container_id_type=thread.
    items = all.filter((m) => m.chat_id === id && !isThreadReply(ctx.rt, m));
    const start = seconds(ctx, 'start_time');
    const end = seconds(ctx, 'end_time');
    if (start !== undefined) items = items.filter((m) => m.create_time >= start * 1000);
    if (end !== undefined) items = items.filter((m) => m.create_time < (end + 1) * 1000);
  } else {
    // Time ranges do not apply to threads ("thread 容器类型暂不支持获取指定时间范围内的消息").
    items = all.filter((m) => m.thread_id === id);
    const root = items.map((m) => threadRootOf(ctx.rt, m)).find((m) => m.thread_id === id);
    const chat = root && ctx.rt.state.chats[root.chat_id];
    if (!chat) throw bad(`container_id ${id} is not a thread`);
    requireMember(chat, speakerOf(ctx));
  }
  const order = new Map(all.map((m, i) => [m.message_id, i]));
  return items.sort((a, b) => a.create_time - b.create_time || order.get(a.message_id)! - order.get(b.message_id)!);
}

export function listMessages(ctx: RouteContext) {
  const opts = viewOptions(ctx);
  const rawSort = ctx.query.get('sort_type') || 'ByCreateTimeAsc';
  if (!(SORTS as readonly string[]).includes(rawSort)) throw bad('sort_type must be ByCreateTimeAsc or ByCreateTimeDesc');
  const size = pageSize(ctx);
  const rawToken = ctx.query.get('page_token');
  const token = rawToken ? decodeToken(rawToken) : undefined;
  const sort = token?.sort ?? (rawSort as Sort);

  const ordered = containerMessages(ctx);
  if (sort === 'ByCreateTimeDesc') ordered.reverse();
  let from = 0;
  if (token) {
    const at = ordered.findIndex((m) => m.message_id === token.lastId);
    if (at < 0) throw bad('page_token is invalid');
    from = at + 1;
  }
  const page = ordered.slice(from, from + size);
  const has_more = from + size < ordered.length;
  return {
    has_more,
    ...(has_more ? { page_token: encodeToken(sort, page[page.length - 1].message_id) } : {}),
    items: page.map((m) => messageView(ctx.rt, m, opts)),
  };
}
