import type { InputFieldBuilder } from '@pothos/core';
import { z } from 'zod';
import type { MessageBody } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { gatewayError } from '../errors.js';

/**
 * A message's content as the mutations take it: exactly one of `text`, `post`, `image`, `file`,
 * `card`, `shareChat`, `shareUser`, `raw`, turned into Feishu's send format (`msg_type` and the
 * `content` JSON string, feishu-wire.md §4.2). Refused before any call: none or several given,
 * empty text, JSON that is not an object, and content over Feishu's sizes (230025 otherwise).
 */

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** D:发送消息: text content up to 150 KB, post and card content up to 30 KB. */
const TEXT_MAX_BYTES = 150 * 1024;
const RICH_MAX_BYTES = 30 * 1024;

export const MessageRawInput = builder.inputType('MessageRawInput', {
  description: 'A message in Feishu\'s own terms, for types without a field of their own (audio, media, sticker, ...).',
  fields: (t) => ({
    msgType: t.string({ required: true, description: 'Feishu msg_type, e.g. audio, media, sticker.', validate: z.string().trim().min(1, 'msgType must not be empty') }),
    content: t.string({ required: true, description: 'The content JSON string in the send format, e.g. {"file_key":"file_…"}.', validate: z.string().trim().min(1, 'content must not be empty') }),
  }),
});

/** The content fields; `kinds` picks which (edits take text and post only). */
export type ContentKind = 'text' | 'post' | 'image' | 'file' | 'card' | 'shareChat' | 'shareUser' | 'raw';
export const SEND_KINDS: readonly ContentKind[] = ['text', 'post', 'image', 'file', 'card', 'shareChat', 'shareUser', 'raw'];
export const EDIT_KINDS: readonly ContentKind[] = ['text', 'post'];

export type ContentInput = Partial<Record<ContentKind, unknown>>;

const DESCRIPTIONS: Record<ContentKind, string> = {
  text: 'msg_type text. Mention with <at user_id="ou_…">Name</at> (<at user_id="all"></at> for everyone); \\n for new lines.',
  post: 'msg_type post: {"zh_cn":{"title","content":[[{"tag":"text","text":"…"}, …]]}}; an unwrapped {"title","content"} is sent as zh_cn.',
  image: 'msg_type image: an image_key (img_…) from Feishu\'s image upload.',
  file: 'msg_type file: a file_key (file_…) from Feishu\'s file upload.',
  card: 'msg_type interactive: the card JSON (v1 elements, v2 {"schema":"2.0"}, or {"type":"template","data":{…}}). Set config.update_multi to true to update it later.',
  shareChat: 'msg_type share_chat: the chat_id of the group to share.',
  shareUser: 'msg_type share_user: the open_id of the user to share.',
  raw: 'Any other msg_type, content as Feishu takes it.',
};

/** The content input fields, for a mutation's `input`. */
export function contentFields(t: InputFieldBuilder<BuilderTypes, 'InputObject'>, kinds: readonly ContentKind[]) {
  const all = {
    text: t.string({ description: DESCRIPTIONS.text }),
    post: t.field({ type: 'JSON', description: DESCRIPTIONS.post }),
    image: t.string({ description: DESCRIPTIONS.image }),
    file: t.string({ description: DESCRIPTIONS.file }),
    card: t.field({ type: 'JSON', description: DESCRIPTIONS.card }),
    shareChat: t.string({ description: DESCRIPTIONS.shareChat }),
    shareUser: t.string({ description: DESCRIPTIONS.shareUser }),
    raw: t.field({ type: MessageRawInput, description: DESCRIPTIONS.raw }),
  };
  return Object.fromEntries(kinds.map((k) => [k, all[k]])) as Partial<typeof all>;
}

const refuse = (field: string, message: string) => gatewayError('BAD_USER_INPUT', `${field}: ${message}`, { argumentPath: `input.${field}` });

/** A JSON input as a content object: an object as is, or a string holding one. */
function jsonObject(field: string, value: unknown): Record<string, unknown> {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw refuse(field, 'is not valid JSON');
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw refuse(field, 'must be a JSON object');
  return v as Record<string, unknown>;
}

function id(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(field, 'must not be empty');
  return value.trim();
}

/** The send format of a post: a body without a locale (the receive format's shape) is sent as zh_cn. */
function postBody(value: unknown): Record<string, unknown> {
  const post = jsonObject('post', value);
  return Array.isArray(post.content) || typeof post.title === 'string' ? { zh_cn: post } : post;
}

function body(kind: ContentKind, value: unknown): MessageBody {
  const json = (msg_type: string, content: unknown) => ({ msg_type, content: JSON.stringify(content) });
  switch (kind) {
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') throw refuse('text', 'must not be empty');
      return json('text', { text: value });
    case 'post':
      return json('post', postBody(value));
    case 'image':
      return json('image', { image_key: id('image', value) });
    case 'file':
      return json('file', { file_key: id('file', value) });
    case 'card':
      return json('interactive', jsonObject('card', value));
    case 'shareChat':
      return json('share_chat', { chat_id: id('shareChat', value) });
    case 'shareUser':
      return json('share_user', { user_id: id('shareUser', value) });
    case 'raw': {
      const raw = value as { msgType: string; content: string };
      return { msg_type: raw.msgType.trim(), content: raw.content };
    }
  }
}

/** The one content field given, in Feishu's send format; BAD_USER_INPUT otherwise. */
export function messageBody(input: ContentInput, kinds: readonly ContentKind[]): MessageBody {
  const given = kinds.filter((k) => input[k] !== undefined && input[k] !== null);
  if (given.length !== 1) {
    const got = given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`;
    throw gatewayError('BAD_USER_INPUT', `give exactly one of ${kinds.join(', ')}: ${got}`, { argumentPath: given.length > 1 ? `input.${given[1]}` : 'input' });
  }
  const kind = given[0];
  const out = body(kind, input[kind]);
  const max = out.msg_type === 'post' || out.msg_type === 'interactive' ? RICH_MAX_BYTES : TEXT_MAX_BYTES;
  const size = Buffer.byteLength(out.content);
  if (size > max) throw refuse(kind, `the content is ${size} bytes; Feishu takes at most ${max / 1024} KB for ${out.msg_type}`);
  return out;
}

/** Feishu's `uuid`: at most 50 characters; the same one within an hour sends once. */
export const uuidRule = z.string().trim().min(1, 'uuid must not be empty').max(50, 'uuid must be at most 50 characters');
