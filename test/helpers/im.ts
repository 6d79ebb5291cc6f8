import { vi } from 'vitest';
import type { TestEmulator } from './emulator.js';

/** Helpers for the IM suites: raw sends and replies, and a clock the emulator reads. */

export const IM = '/open-apis/im/v1';

export const textContent = (text: string) => JSON.stringify({ text });

export interface SendOptions {
  msg_type?: string;
  uuid?: string;
  token?: string | null;
}

/** A raw `POST /im/v1/messages` (the SDK throws on 4xx, so refusals are read this way). */
export function send(t: TestEmulator, receiveIdType: string, receiveId: string, content: string, o: SendOptions = {}) {
  const body = { receive_id: receiveId, msg_type: o.msg_type ?? 'text', content, ...(o.uuid === undefined ? {} : { uuid: o.uuid }) };
  return t.call('POST', `${IM}/messages`, { query: { receive_id_type: receiveIdType }, body, token: o.token });
}

/** A send that must succeed; answers the message object. */
export async function sent(t: TestEmulator, chatId: string, content: string, o: SendOptions = {}): Promise<any> {
  const res = await send(t, 'chat_id', chatId, content, o);
  if (res.body?.code !== 0) throw new Error(`send failed: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export function reply(t: TestEmulator, messageId: string, content: string, o: SendOptions & { reply_in_thread?: boolean } = {}) {
  const body = { msg_type: o.msg_type ?? 'text', content, ...(o.uuid === undefined ? {} : { uuid: o.uuid }), ...(o.reply_in_thread === undefined ? {} : { reply_in_thread: o.reply_in_thread }) };
  return t.call('POST', `${IM}/messages/${messageId}/reply`, { body, token: o.token });
}

/** `[HTTP status, code]` of an answer, for compact assertions on refusals. */
export const outcome = (res: { status: number; body: any }) => [res.status, res.body?.code];

/** A chat made through the admin API (the bot is in it unless told otherwise). */
export async function newChat(t: TestEmulator, name: string, members: string[], extra: { bot_member?: boolean; chat_mode?: string } = {}): Promise<string> {
  const res = await t.admin('POST', '/chats', { name, members, ...extra });
  if (res.status !== 200) throw new Error(`could not create chat: ${JSON.stringify(res.body)}`);
  return res.body.chat_id;
}

/** A user speaking in a chat through the admin API (send format content). */
export async function userSays(t: TestEmulator, chatId: string, openId: string, content: string, extra: { msg_type?: string; parent_id?: string; reply_in_thread?: boolean } = {}): Promise<string> {
  const res = await t.admin('POST', `/chats/${chatId}/messages`, { sender_open_id: openId, msg_type: extra.msg_type ?? 'text', content, ...extra });
  if (res.status !== 200) throw new Error(`admin message failed: ${JSON.stringify(res.body)}`);
  return res.body.message_id;
}

/**
 * Freezes the emulator's clock at the current whole second; `advance` moves it. Spies are
 * restored after each test (vitest `restoreMocks`).
 */
export function frozenClock(t: TestEmulator) {
  let now = Math.floor(Date.now() / 1000) * 1000;
  vi.spyOn(t.emu.rt, 'now').mockImplementation(() => now);
  return {
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}
