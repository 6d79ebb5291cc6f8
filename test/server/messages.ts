import { expect } from 'vitest';
import type { Chat, Message, User } from '../../src/emulator/state.js';
import { comparableCall, feishuCalls, isToken, mutation, ok, PLANNED, type DemoStack, type LoggedCall } from './bitable.js';

export { feishuCalls, mutation, ok };

/**
 * Helpers of the message suites: the demo's chats, users and messages read from the emulator's
 * state (the same process), GraphQL as a user, and the write calls of a log.
 */

export const ALICE_TOKEN = 'u-demo-alice';
export const MESSAGES = '/open-apis/im/v1/messages';

/** POSTs as a demo user (Bearer user_access_token). */
export async function gqlAs(s: DemoStack, token: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any }> {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any };
}


export const chatNamed = (s: DemoStack, name: string): Chat => {
  const chat = Object.values(s.emu.rt.state.chats).find((c) => c.name === name);
  if (!chat) throw new Error(`no demo chat ${name}`);
  return chat;
};

export const userNamed = (s: DemoStack, name: string): User => {
  const user = Object.values(s.emu.rt.state.users).find((u) => u.name === name);
  if (!user) throw new Error(`no demo user ${name}`);
  return user;
};

export const messagesOf = (s: DemoStack, chatId: string): Message[] => Object.values(s.emu.rt.state.messages).filter((m) => m.chat_id === chatId);

/** Writes in a log (IM POST reads such as chats/batch_query aside), comparable with plannedCalls. */
export const writes = (log: LoggedCall[]) =>
  log.filter((c) => c.method !== 'GET' && !isToken(c) && !/\/(batch_query|search|batch_get)$/.test(c.path)).map((c) => comparableCall(c));


/**
 * `name(input)` dry, then for real: the dry run writes nothing, and the real run's writes are
 * exactly the planned calls. Returns the real payload.
 */
export async function dryThenReal(s: DemoStack, name: string, input: Record<string, unknown>, selection: string) {
  await s.clearLog();
  const dry = await ok(s, mutation(name, PLANNED), { input: { ...input, dryRun: true } });
  const planned = dry[name].plannedCalls as { method: string; path: string; query: Record<string, string>; body: unknown }[];
  expect(planned).toHaveLength(1);
  expect(await feishuCalls(s)).toEqual([]);
  await s.clearLog();
  const real = await ok(s, mutation(name, `plannedCalls { method } ${selection}`), { input });
  expect(real[name].plannedCalls).toBeNull();
  expect(writes(await s.log())).toEqual(planned.map((c) => comparableCall(c)));
  return { planned, payload: real[name] };
}

/** A refusal: `code` (and `argumentPath`); returns the error. */
export async function refusal(s: DemoStack, name: string, input: Record<string, unknown>, code: string, argumentPath?: string) {
  const r = await s.gql(mutation(name, 'plannedCalls { method }'), { input });
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  const [error] = r.errors;
  expect(error.extensions.code, error.message).toBe(code);
  if (argumentPath !== undefined) expect(error.extensions.argumentPath, error.message).toBe(argumentPath);
  return error;
}

/** A message a demo user says through the emulator's admin API (send format content). */
export async function userSays(s: DemoStack, chatId: string, openId: string, content: Record<string, unknown>, extra: { msg_type?: string; parent_id?: string; reply_in_thread?: boolean } = {}): Promise<string> {
  const res = await fetch(`${s.emu.url}/__emulator/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender_open_id: openId, msg_type: extra.msg_type ?? 'text', content: JSON.stringify(content), ...extra }),
  });
  const body = (await res.json()) as { message_id?: string };
  if (!res.ok || !body.message_id) throw new Error(`admin message failed: ${JSON.stringify(body)}`);
  return body.message_id;
}

/** Injects one emulator fault (EMULATOR.md admin API); `phase: 'after'` applies the request, then fails its answer. */
export async function fault(s: DemoStack, spec: { method: string; path: string; status: number; code: number; phase?: 'before' | 'after' }) {
  const res = await fetch(`${s.emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, ...spec }) });
  expect(res.ok).toBe(true);
}
