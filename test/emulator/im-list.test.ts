import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { frozenClock, IM, newChat, outcome, reply, send, sent, textContent } from '../helpers/im.js';

const list = (t: TestEmulator, query: Record<string, string>, token?: string) => t.call('GET', `${IM}/messages`, { query: { container_id_type: 'chat', ...query }, token });
const texts = (items: any[]) => items.map((m) => JSON.parse(m.body.content).text);

describe('IM message list', () => {
  let t: TestEmulator;
  let ada: TestUser;
  let chat: string;
  /** Seconds of the seven messages m0..m6, one second apart. */
  let second: number[];

  beforeAll(async () => {
    t = await startTestEmulator();
    ada = await newUser(t, 'Ada');
    chat = await newChat(t, 'History', [ada.open_id]);
  });
  afterAll(() => t.close());

  it('pages through a chat in both orders with opaque page tokens (page_size 1..50)', async () => {
    const clock = frozenClock(t);
    second = [];
    for (let i = 0; i < 7; i++) {
      second.push(clock.now / 1000);
      await sent(t, chat, textContent(`m${i}`));
      clock.advance(1000);
    }
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const res = await list(t, { container_id: chat, page_size: '3', ...(token ? { page_token: token } : {}) });
      expect(res.body.code).toBe(0);
      pages.push(texts(res.body.data.items));
      token = res.body.data.page_token;
      expect(res.body.data.has_more).toBe(token !== undefined);
    } while (token);
    expect(pages).toEqual([['m0', 'm1', 'm2'], ['m3', 'm4', 'm5'], ['m6']]);

    const desc = await list(t, { container_id: chat, page_size: '4', sort_type: 'ByCreateTimeDesc' });
    expect(texts(desc.body.data.items)).toEqual(['m6', 'm5', 'm4', 'm3']);
    // The first request's order holds for the whole walk, whatever sort_type later pages ask for.
    const next = await list(t, { container_id: chat, page_size: '4', sort_type: 'ByCreateTimeAsc', page_token: desc.body.data.page_token });
    expect(texts(next.body.data.items)).toEqual(['m2', 'm1', 'm0']);
    expect(next.body.data).toMatchObject({ has_more: false });
    expect(next.body.data.page_token).toBeUndefined();

    const byDefault = await list(t, { container_id: chat });
    expect(byDefault.body.data.items).toHaveLength(7); // default page size 20
  });

  it('walks every page with the official SDK iterator', async () => {
    const seen: string[] = [];
    for await (const page of await t.sdk.im.message.listWithIterator({ params: { container_id_type: 'chat', container_id: chat, page_size: 2 } })) {
      seen.push(...texts(page?.items ?? []));
    }
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('neither repeats nor skips a message when new ones arrive between pages', async () => {
    const clock = frozenClock(t);
    clock.advance(60_000);
    const first = await list(t, { container_id: chat, page_size: '3', sort_type: 'ByCreateTimeDesc' });
    expect(texts(first.body.data.items)).toEqual(['m6', 'm5', 'm4']);
    const late = await sent(t, chat, textContent('late'));
    const rest = await list(t, { container_id: chat, page_size: '50', page_token: first.body.data.page_token });
    expect(texts(rest.body.data.items)).toEqual(['m3', 'm2', 'm1', 'm0']);
    await t.call('DELETE', `${IM}/messages/${late.message_id}`);
  });

  it('filters by start_time and end_time in seconds, both ends included', async () => {
    const window = await list(t, { container_id: chat, start_time: String(second[2]), end_time: String(second[4]) });
    expect(texts(window.body.data.items)).toEqual(['m2', 'm3', 'm4']);
    expect(texts((await list(t, { container_id: chat, start_time: String(second[5]), end_time: String(second[6]) })).body.data.items)).toEqual(['m5', 'm6']);
    expect(texts((await list(t, { container_id: chat, end_time: String(second[0]) })).body.data.items)).toEqual(['m0']);
    expect((await list(t, { container_id: chat, start_time: String(second[6] + 1), end_time: String(second[6] + 30) })).body.data).toEqual({ has_more: false, items: [] });
  });

  it('refuses bad parameters with 230001, page_size 51 included', async () => {
    const refused: Record<string, string>[] = [
      { container_id: chat, page_size: '51' },
      { container_id: chat, page_size: '0' },
      { container_id: chat, page_size: 'ten' },
      { container_id: chat, page_token: 'bm90LWEtdG9rZW4' },
      { container_id: chat, page_token: Buffer.from('ByCreateTimeAsc:om_00000000000000000000000000000000').toString('base64url') },
      { container_id: chat, sort_type: 'ByName' },
      { container_id: chat, start_time: '1700000000000.5' },
      { container_id: chat, end_time: 'yesterday' },
      { container_id: '' },
      { container_id: 'oc_00000000000000000000000000000000' },
      { container_id: chat, container_id_type: 'group' },
      { container_id: 'omt_000000000000', container_id_type: 'thread' },
    ];
    for (const query of refused) {
      expect(outcome(await list(t, query)), JSON.stringify(query)).toEqual([400, 230001]);
    }
    expect((await list(t, { container_id: chat, page_size: '50' })).body.code).toBe(0);
    expect((await list(t, { container_id: chat, page_size: '1' })).body.data.items).toHaveLength(1);
  });

  it('lists a thread as its root and replies, for members only', async () => {
    const root = await sent(t, chat, textContent('thread root'));
    const r1 = await reply(t, root.message_id, textContent('t1'), { reply_in_thread: true });
    await reply(t, r1.body.data.message_id, textContent('t2'));
    const threadId = r1.body.data.thread_id;
    const thread = await list(t, { container_id_type: 'thread', container_id: threadId, start_time: '1' }); // time ranges do not apply to threads
    expect(texts(thread.body.data.items)).toEqual(['thread root', 't1', 't2']);
    const outsider = await newUser(t, 'Outsider');
    expect(outcome(await list(t, { container_id_type: 'thread', container_id: threadId }, outsider.user_access_token))).toEqual([400, 230002]);
    expect((await list(t, { container_id_type: 'thread', container_id: threadId }, ada.user_access_token)).body.code).toBe(0);
  });
});

describe('IM demo history (--seed demo)', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ seed: 'demo' });
  });
  afterAll(() => t.close());

  async function history(emu: TestEmulator, chatId: string): Promise<any[]> {
    const items: any[] = [];
    for await (const page of await emu.sdk.im.message.listWithIterator({ params: { container_id_type: 'chat', container_id: chatId, page_size: 50 } })) items.push(...(page?.items ?? []));
    return items;
  }

  it('gives each of the six chats 10 to 40 messages with replies, a thread, mentions and several types', async () => {
    const names = ['Launch War Room', 'Marketing Squad', 'Aurora Launch', 'Beacon Launch', 'Comet Launch', 'Exec Updates'];
    const chats = Object.values(t.emu.rt.state.chats).filter((c) => names.includes(c.name));
    expect(chats).toHaveLength(6);
    for (const chat of chats) {
      const stored = Object.values(t.emu.rt.state.messages).filter((m) => m.chat_id === chat.chat_id);
      expect(stored.length, chat.name).toBeGreaterThanOrEqual(10);
      expect(stored.length, chat.name).toBeLessThanOrEqual(40);
      const items = await history(t, chat.chat_id);
      expect(items.length, chat.name).toBe(stored.filter((m) => !m.thread_id || !m.root_id).length); // thread replies are read per thread
      expect(items.map((m) => Number(m.create_time))).toEqual(items.map((m) => Number(m.create_time)).sort((a, b) => a - b));
      expect(items.some((m) => m.parent_id), `${chat.name} replies`).toBe(true);
      expect(items.some((m) => m.mentions?.length), `${chat.name} mentions`).toBe(true);
      expect(new Set(items.map((m) => m.msg_type)).size, `${chat.name} types`).toBeGreaterThanOrEqual(4);
      expect(items.some((m) => m.sender.sender_type === 'app') && items.some((m) => m.sender.sender_type === 'user')).toBe(true);
      const threadRoot = items.find((m) => m.thread_id);
      const thread = await t.sdk.im.message.list({ params: { container_id_type: 'thread', container_id: threadRoot.thread_id } });
      expect(thread.data!.items!.length, `${chat.name} thread`).toBeGreaterThanOrEqual(2);
      for (const m of stored) expect(chat.members.includes(m.sender_open_id) || m.sender_type === 'app').toBe(true);
    }
    const all = Object.values(t.emu.rt.state.messages);
    expect(all.filter((m) => m.updated)).toHaveLength(1);
    expect(all.filter((m) => m.deleted).map((m) => m.content)).toEqual(['This message was recalled']);
    expect(all.every((m) => m.create_time <= Date.now())).toBe(true);
  });

  it('has the same message ids on every start and reads them with demo user tokens', async () => {
    const second = await startTestEmulator({ seed: 'demo' });
    try {
      expect(Object.keys(second.emu.rt.state.messages)).toEqual(Object.keys(t.emu.rt.state.messages));
    } finally {
      await second.close();
    }
    const warRoom = Object.values(t.emu.rt.state.chats).find((c) => c.name === 'Launch War Room')!;
    const asAlice = await list(t, { container_id: warRoom.chat_id, page_size: '5' }, 'u-demo-alice');
    expect(asAlice.body.data.items).toHaveLength(5);
    const exec = Object.values(t.emu.rt.state.chats).find((c) => c.name === 'Exec Updates')!;
    expect(outcome(await list(t, { container_id: exec.chat_id }, 'u-demo-kate'))).toEqual([400, 230002]); // Kate is not in Exec Updates
  });
});

describe('IM messages with --data', () => {
  it('keeps messages, threads and uuids across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'im-data-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startTestEmulator({ dataFile });
      const user = await newUser(first, 'Pat');
      const chat = await newChat(first, 'Kept', [user.open_id]);
      const root = await sent(first, chat, textContent(`hi <at user_id="${user.open_id}">Pat</at>`), { uuid: 'keep-1' });
      const inThread = (await reply(first, root.message_id, textContent('threaded'), { reply_in_thread: true })).body.data;
      await first.close();

      const second = await startTestEmulator({ seed: 'demo', dataFile });
      try {
        const got = await second.call('GET', `${IM}/messages/${root.message_id}`);
        expect(got.body.data.items[0]).toMatchObject({ thread_id: inThread.thread_id, body: { content: '{"text":"hi @_user_1"}' }, mentions: [{ id: user.open_id }] });
        const thread = await list(second, { container_id_type: 'thread', container_id: inThread.thread_id });
        expect(texts(thread.body.data.items)).toEqual(['hi @_user_1', 'threaded']);
        const again = await send(second, 'chat_id', chat, textContent('again?'), { uuid: 'keep-1' });
        expect(again.body.data.message_id).toBe(root.message_id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
