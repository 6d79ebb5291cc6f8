import type { Runtime } from '../runtime.js';
import type { StoredMention } from '../state.js';
import { convertCard } from './cards.js';
import { imErrors } from './errors.js';
import { findMentioned, MentionList } from './mentions.js';
import { convertPost } from './post.js';

/**
 * `content` per `msg_type` (feishu-wire.md §4.2): checks what a sender gives (send format, a JSON
 * string) and turns it into what readers get back (receive format), which is what the emulator
 * stores. Sizes are those of D:发送消息: text 150 KB, post and cards 30 KB (230025).
 */

export const MSG_TYPES = ['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user'] as const;
export type MsgType = (typeof MSG_TYPES)[number];

const TEXT_LIMIT = 150 * 1024;
const RICH_LIMIT = 30 * 1024;

export interface ReceivedContent {
  /** Receive-format JSON string. */
  content: string;
  mentions: StoredMention[];
  /** Interactive only: the card as sent (card updates read its `update_multi`). */
  card?: string;
}

type Obj = Record<string, any>;

const bad = (ext: string) => imErrors.invalidParam(ext);

export function isMsgType(value: unknown): value is MsgType {
  return typeof value === 'string' && (MSG_TYPES as readonly string[]).includes(value);
}

function parseObject(content: unknown): Obj {
  if (typeof content !== 'string' || content === '') throw bad('content is required and must be a JSON string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw bad('content is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad('content must be a JSON object');
  return parsed as Obj;
}

function key(body: Obj, name: string, msgType: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${msgType} content needs ${name}`);
  return v;
}

/** Text styles are dropped on reading ("粗体、下划线等文本样式将被忽略"); links stay `[text](url)`. */
function unstyle(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\*\*([^*]+?)\*\*/g, '$1').replace(/<(i|u|s)>([\s\S]*?)<\/\1>/g, '$2');
  }
  return out;
}

function text(body: Obj, mentions: MentionList): Obj {
  if (typeof body.text !== 'string') throw bad('text content needs text');
  if (body.text.trim() === '') throw bad('text is empty');
  return { text: unstyle(mentions.replaceIn(body.text)) };
}

/** The receive-format body of one message type (content already parsed). */
function convert(rt: Runtime, msgType: MsgType, body: Obj, mentions: MentionList): Obj {
  switch (msgType) {
    case 'text':
      return text(body, mentions);
    case 'post':
      return convertPost(body, mentions);
    case 'interactive':
      return convertCard(body, mentions);
    case 'image':
      return { image_key: key(body, 'image_key', msgType) };
    case 'sticker':
      return { file_key: key(body, 'file_key', msgType) };
    // Uploaded IM files are not modelled: the name and duration a reader gets are what the sender passed, else empty.
    case 'file':
      return { file_key: key(body, 'file_key', msgType), file_name: typeof body.file_name === 'string' ? body.file_name : '' };
    case 'audio':
      return { file_key: key(body, 'file_key', msgType), duration: Number.isFinite(body.duration) ? body.duration : 0 };
    case 'media':
      return {
        file_key: key(body, 'file_key', msgType),
        image_key: typeof body.image_key === 'string' ? body.image_key : '',
        file_name: typeof body.file_name === 'string' ? body.file_name : '',
        duration: Number.isFinite(body.duration) ? body.duration : 0,
      };
    case 'share_chat': {
      const chat = rt.state.chats[key(body, 'chat_id', msgType)];
      if (!chat) throw bad(`share_chat chat_id ${body.chat_id} is not a chat`);
      if (chat.chat_mode === 'p2p') throw imErrors.p2pNotShareable();
      return { chat_id: chat.chat_id };
    }
    case 'share_user': {
      const user = findMentioned(rt, key(body, 'user_id', msgType));
      if (!user || user === rt.bot) throw bad(`share_user user_id ${body.user_id} is not a user`);
      return { user_id: user.open_id };
    }
  }
}

/** Validates a sent `content` for its `msg_type` and gives the stored (receive-format) form. */
export function receiveContent(rt: Runtime, msgType: unknown, content: unknown): ReceivedContent {
  if (!isMsgType(msgType)) throw bad(`msg_type ${JSON.stringify(msgType)} is not one of ${MSG_TYPES.join(', ')}`);
  const body = parseObject(content);
  const size = Buffer.byteLength(content as string);
  if (size > (msgType === 'post' || msgType === 'interactive' ? RICH_LIMIT : TEXT_LIMIT)) throw imErrors.tooLong();
  const mentions = new MentionList(rt);
  const received = convert(rt, msgType, body, mentions);
  return { content: JSON.stringify(received), mentions: mentions.items, ...(msgType === 'interactive' ? { card: content as string } : {}) };
}

/** A sent card, parsed (card updates check it before converting). */
export const parseCard = (content: unknown): Obj => parseObject(content);
