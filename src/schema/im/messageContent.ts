import { builder } from '../builder.js';
import { UserRef } from '../user.js';
import { ChatRef } from './chat.js';

/**
 * `MessageContent`: a message's `content` JSON string read per `msg_type` in the receive format
 * (feishu-wire.md §4.2): text with `@_user_N` keys, posts unwrapped from their locale, cards
 * simplified to `{title, elements}`. Anything else, content that is not what its type promises,
 * and a recalled message (whose content is the plain `This message was recalled`) read as
 * `UnknownContent`, so a surprise from Feishu never fails a whole message.
 */

type Json = Record<string, unknown>;

export type ContentShape =
  | { kind: 'text'; text: string }
  | { kind: 'post'; title: string; paragraphs: unknown[] }
  | { kind: 'image'; imageKey: string }
  | { kind: 'file'; fileKey: string; fileName: string | null }
  | { kind: 'audio'; fileKey: string; duration: number | null }
  | { kind: 'media'; fileKey: string; imageKey: string | null; fileName: string | null; duration: number | null }
  | { kind: 'sticker'; fileKey: string }
  | { kind: 'interactive'; title: string | null; elements: unknown; card: Json }
  | { kind: 'shareChat'; chatId: string }
  | { kind: 'shareUser'; userId: string }
  | { kind: 'unknown'; msgType: string; raw: string; json: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The typed content, or null when `json` lacks what `msgType` needs. */
function typed(msgType: string, c: Json): ContentShape | null {
  switch (msgType) {
    case 'text':
      return str(c.text) === null ? null : { kind: 'text', text: c.text as string };
    case 'post':
      // Receive format is unwrapped; a locale-wrapped body (the send format) is read in zh_cn, en_us, then the first.
      if (Array.isArray(c.content)) return { kind: 'post', title: str(c.title) ?? '', paragraphs: c.content };
      for (const locale of ['zh_cn', 'en_us', ...Object.keys(c)]) {
        const inner = c[locale];
        if (inner && typeof inner === 'object' && Array.isArray((inner as Json).content)) return typed('post', inner as Json);
      }
      return null;
    case 'image':
      return str(c.image_key) === null ? null : { kind: 'image', imageKey: c.image_key as string };
    case 'file':
      return str(c.file_key) === null ? null : { kind: 'file', fileKey: c.file_key as string, fileName: str(c.file_name) };
    case 'audio':
      return str(c.file_key) === null ? null : { kind: 'audio', fileKey: c.file_key as string, duration: int(c.duration) };
    case 'media':
      return str(c.file_key) === null ? null : { kind: 'media', fileKey: c.file_key as string, imageKey: str(c.image_key) || null, fileName: str(c.file_name), duration: int(c.duration) };
    case 'sticker':
      return str(c.file_key) === null ? null : { kind: 'sticker', fileKey: c.file_key as string };
    case 'interactive':
      return { kind: 'interactive', title: str(c.title), elements: c.elements ?? null, card: c };
    case 'share_chat':
      return str(c.chat_id) === null ? null : { kind: 'shareChat', chatId: c.chat_id as string };
    case 'share_user':
      return str(c.user_id) === null ? null : { kind: 'shareUser', userId: c.user_id as string };
    default:
      return null;
  }
}

export function parseContent(msgType: string, raw: string, deleted: boolean): ContentShape {
  const json = parseJson(raw);
  const known = !deleted && json && typeof json === 'object' && !Array.isArray(json) ? typed(msgType, json as Json) : null;
  return known ?? { kind: 'unknown', msgType, raw, json: json ?? null };
}

/** A post as plain text: one line a paragraph; mentions as their `@_user_N` keys, as in TextContent. */
export function postText(paragraphs: unknown[]): string {
  const node = (n: unknown): string => {
    if (!n || typeof n !== 'object') return '';
    const o = n as Json;
    if (o.tag === 'at') return str(o.user_id) ?? '';
    if (o.tag === 'emotion') return str(o.emoji_type) ? `:${o.emoji_type as string}:` : '';
    return str(o.text) ?? '';
  };
  return paragraphs.map((p) => (Array.isArray(p) ? p.map(node).join('') : '')).join('\n');
}

const TextContent = builder.objectRef<Extract<ContentShape, { kind: 'text' }>>('TextContent').implement({
  description: 'msg_type text. Mentions read as `@_user_1`, `@_user_2` (see Message.mentions), @all as `@_all`; links as `[text](url)`.',
  fields: (t) => ({ text: t.exposeString('text') }),
});
const PostContent = builder.objectRef<Extract<ContentShape, { kind: 'post' }>>('PostContent').implement({
  description: 'msg_type post (rich text), in one locale.',
  fields: (t) => ({
    title: t.exposeString('title'),
    paragraphs: t.field({
      type: 'JSON',
      nullable: false,
      description: 'Paragraphs of nodes as Feishu reads them: {tag: text|a|at|img|media|emotion|hr|code_block, ...}; at nodes carry user_id "@_user_N".',
      resolve: (c) => c.paragraphs,
    }),
    text: t.string({ description: 'The post as plain text, one line a paragraph; mentions as their @_user_N keys.', resolve: (c) => postText(c.paragraphs) }),
  }),
});
const ImageContent = builder.objectRef<Extract<ContentShape, { kind: 'image' }>>('ImageContent').implement({
  description: 'msg_type image.',
  fields: (t) => ({ imageKey: t.exposeString('imageKey') }),
});
const FileContent = builder.objectRef<Extract<ContentShape, { kind: 'file' }>>('FileContent').implement({
  description: 'msg_type file.',
  fields: (t) => ({ fileKey: t.exposeString('fileKey'), fileName: t.exposeString('fileName', { nullable: true }) }),
});
const AudioContent = builder.objectRef<Extract<ContentShape, { kind: 'audio' }>>('AudioContent').implement({
  description: 'msg_type audio.',
  fields: (t) => ({ fileKey: t.exposeString('fileKey'), duration: t.exposeInt('duration', { nullable: true, description: 'Milliseconds.' }) }),
});
const MediaContent = builder.objectRef<Extract<ContentShape, { kind: 'media' }>>('MediaContent').implement({
  description: 'msg_type media (a video with its cover image).',
  fields: (t) => ({
    fileKey: t.exposeString('fileKey'),
    imageKey: t.exposeString('imageKey', { nullable: true, description: 'The cover image.' }),
    fileName: t.exposeString('fileName', { nullable: true }),
    duration: t.exposeInt('duration', { nullable: true, description: 'Milliseconds.' }),
  }),
});
const StickerContent = builder.objectRef<Extract<ContentShape, { kind: 'sticker' }>>('StickerContent').implement({
  description: 'msg_type sticker.',
  fields: (t) => ({ fileKey: t.exposeString('fileKey') }),
});
const InteractiveContent = builder.objectRef<Extract<ContentShape, { kind: 'interactive' }>>('InteractiveContent').implement({
  description: 'msg_type interactive (a card), as Feishu reads it back: simplified to {title, elements}; JSON 2.0 card bodies are not returned.',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true }),
    elements: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.elements }),
    card: t.field({ type: 'JSON', nullable: false, description: 'The whole content object.', resolve: (c) => c.card }),
  }),
});
const ShareChatContent = builder.objectRef<Extract<ContentShape, { kind: 'shareChat' }>>('ShareChatContent').implement({
  description: 'msg_type share_chat (a group card).',
  fields: (t) => ({
    chatId: t.exposeString('chatId'),
    chat: t.field({ type: ChatRef, nullable: true, description: 'The shared chat (loaded only if asked).', resolve: (c) => ({ chatId: c.chatId }) }),
  }),
});
const ShareUserContent = builder.objectRef<Extract<ContentShape, { kind: 'shareUser' }>>('ShareUserContent').implement({
  description: 'msg_type share_user (a contact card).',
  fields: (t) => ({
    userId: t.exposeString('userId', { description: 'As Feishu gives it (an open_id).' }),
    user: t.field({ type: UserRef, nullable: true, resolve: (c) => (c.userId.startsWith('ou_') ? { openId: c.userId } : null) }),
  }),
});
const UnknownContent = builder.objectRef<Extract<ContentShape, { kind: 'unknown' }>>('UnknownContent').implement({
  description: 'A message type the gateway does not model (merge_forward, system, ...), content that is not what its type promises, or a recalled message.',
  fields: (t) => ({
    msgType: t.exposeString('msgType'),
    raw: t.exposeString('raw', { description: 'The content string as Feishu sent it.' }),
    json: t.field({ type: 'JSON', nullable: true, description: 'The content parsed, when it is JSON.', resolve: (c) => c.json }),
  }),
});

const MEMBERS = {
  text: TextContent,
  post: PostContent,
  image: ImageContent,
  file: FileContent,
  audio: AudioContent,
  media: MediaContent,
  sticker: StickerContent,
  interactive: InteractiveContent,
  shareChat: ShareChatContent,
  shareUser: ShareUserContent,
  unknown: UnknownContent,
} as const;

export const MessageContent = builder.unionType('MessageContent', {
  description: 'A message\'s content, by msg_type.',
  types: Object.values(MEMBERS),
  resolveType: (c: ContentShape) => MEMBERS[c.kind],
});
