import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Lark from '@larksuiteoapi/node-sdk';
import { newTable } from '../helpers/bitableTable.js';
import { larkSdk, newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { deliveries, eventually, subscribeBase } from '../helpers/events.js';
import { newChat, textContent, userSays } from '../helpers/im.js';
import { connections } from '../helpers/longConnection.js';

/**
 * The official SDK's WSClient as the peer: it discovers the endpoint, dials, pings, parses the
 * pongs, reassembles fragments, ACKs, and reconnects after a drop, all against the emulator.
 * Its logger (at trace level) is captured: an emulator frame it could not handle shows up there.
 */
describe('events through the official SDK WSClient', () => {
  const FRAGMENT_BYTES = 1024;
  // Short ping and reconnect waits (seconds) so a drop heals at once; the SDK reads them from discovery and pongs.
  const config = { writeLockMs: 0, wsFragmentBytes: FRAGMENT_BYTES, wsClientConfig: { PingInterval: 1, ReconnectNonce: 0, ReconnectInterval: 1 } };
  let t: TestEmulator;
  let client: Lark.WSClient;
  const logs: { level: string; text: string }[] = [];
  const received: Record<string, any[]> = {};
  let reconnected = 0;
  const errors: Error[] = [];

  const logger = Object.fromEntries(
    ['error', 'warn', 'info', 'debug', 'trace'].map((level) => [level, (msg: unknown[]) => void logs.push({ level, text: [msg].flat().map(String).join(' ') })]),
  ) as unknown as Lark.Logger;

  beforeAll(async () => {
    const lark = larkSdk();
    t = await startTestEmulator({ config });
    const on = (type: string) => (data: unknown) => {
      (received[type] ??= []).push(data);
      return undefined;
    };
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
      'drive.file.bitable_record_changed_v1': on('record'),
      'im.message.receive_v1': on('message'),
    } as any);
    await new Promise<void>((resolve) => {
      client = new lark.WSClient({
        appId: t.emu.rt.appId,
        appSecret: t.emu.rt.appSecret,
        domain: t.url,
        logger,
        loggerLevel: lark.LoggerLevel.trace,
        onReady: resolve,
        onReconnected: () => void reconnected++,
        onError: (e) => void errors.push(e),
      });
      void client.start({ eventDispatcher: dispatcher });
    });
  });
  afterAll(async () => {
    // close() clears the SDK's ping and reconnect timers; without it the test process would not exit.
    client?.close({ force: true });
    await t?.close();
  });

  const problems = () => logs.filter((l) => l.level === 'error' || l.level === 'warn');

  it('connects through endpoint discovery, and applies the config each pong carries', async () => {
    expect(await connections(t)).toHaveLength(1);
    const log = (await t.admin('GET', '/requests')).body;
    expect(log.filter((e: any) => e.path === '/callback/ws/endpoint').map((e: any) => [e.status, e.code])).toEqual([[200, 0]]);
    await eventually(() => expect(logs.filter((l) => l.text.includes('update wsConfig with pong data')).length).toBeGreaterThanOrEqual(2));
    expect(problems()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('hands record and message events to the registered handlers, a fragmented one included', async () => {
    const b = await newTable(t);
    await subscribeBase(t, b.appToken);
    const recordId = (await b.create({ 多行文本: 'via the long connection' })).data.record.record_id;
    const ann = await newUser(t, 'Ann');
    const chatId = await newChat(t, 'Team', [ann.open_id]);
    const long = '长连接分片 '.repeat(1500);
    const messageId = await userSays(t, chatId, ann.open_id, textContent(long));

    await eventually(() => expect([received.record?.length, received.message?.length]).toEqual([1, 1]));
    expect(received.record[0]).toMatchObject({ schema: '2.0', event_type: 'drive.file.bitable_record_changed_v1', app_id: t.emu.rt.appId, file_token: b.appToken, table_id: b.tableId, action_list: [{ record_id: recordId, action: 'record_added' }] });
    expect(received.message[0]).toMatchObject({ event_type: 'im.message.receive_v1', message: { message_id: messageId, chat_id: chatId, content: JSON.stringify({ text: long }) } });

    const log = await eventually(async () => {
      const d = await deliveries(t);
      expect(d.map((x) => [x.event_type, x.channel, x.attempts, x.acked])).toEqual([
        ['drive.file.bitable_record_changed_v1', 'long-connection', 1, true],
        ['im.message.receive_v1', 'long-connection', 1, true],
      ]);
      return d;
    });
    // The message went out in many fragments: the SDK reassembled them and ACKed once.
    expect(Buffer.byteLength(JSON.stringify(log[1].envelope)) / FRAGMENT_BYTES).toBeGreaterThan(10);
    expect(problems()).toEqual([]);
  });

  it('a wrong AppSecret fails the SDK once (onError), instead of retrying forever', async () => {
    const lark = larkSdk();
    let onError: (e: Error) => void = () => {};
    const failed = new Promise<Error>((resolve) => (onError = resolve));
    const wrong = new lark.WSClient({ appId: t.emu.rt.appId, appSecret: 'wrong', domain: t.url, loggerLevel: lark.LoggerLevel.fatal, onError: (e) => onError(e) });
    void wrong.start({ eventDispatcher: new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }) });
    try {
      expect((await failed).message).toContain('code=514');
    } finally {
      wrong.close({ force: true });
    }
    expect(await connections(t)).toHaveLength(1); // only the good client's
  });

  it('reconnects after connections/drop with a freshly discovered URL and receives what was emitted meanwhile', async () => {
    const [before] = await connections(t);
    expect((await t.admin('POST', '/connections/drop')).body).toEqual({ dropped: 1 });
    const ann = await newUser(t, 'Bob');
    const chatId = await newChat(t, 'After the drop', [ann.open_id]);
    const messageId = await userSays(t, chatId, ann.open_id, textContent('are you back?'));

    await eventually(() => expect(received.message.map((m) => m.message.message_id)).toContain(messageId));
    expect(reconnected).toBe(1);
    const after = await connections(t);
    expect(after).toHaveLength(1);
    expect(after[0].device_id).not.toBe(before.device_id);
    const discoveries = (await t.admin('GET', '/requests')).body.filter((e: any) => e.path === '/callback/ws/endpoint' && e.code === 0);
    expect(discoveries).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

/**
 * Events queued before the SDK connects must not be pushed with the handshake: the SDK attaches
 * its message listener a few promise ticks after `open`, and frames that arrive with the 101
 * answer are lost (tried: all of them were). The emulator waits for the client's first ping.
 */
it('events queued before the SDK connects reach it once it is listening', async () => {
  const lark = larkSdk();
  const t = await startTestEmulator({ config: { redeliveryDelaysMs: [] } });
  const client = new lark.WSClient({ appId: t.emu.rt.appId, appSecret: t.emu.rt.appSecret, domain: t.url, loggerLevel: lark.LoggerLevel.fatal });
  try {
    const ann = await newUser(t, 'Ann');
    const chatId = await newChat(t, 'Team', [ann.open_id]);
    for (let i = 0; i < 5; i++) await userSays(t, chatId, ann.open_id, textContent(`queued ${i}`));
    const got: any[] = [];
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({ 'im.message.receive_v1': (e: any) => void got.push(e) } as any);
    await client.start({ eventDispatcher: dispatcher });
    await eventually(() => expect(got.map((e) => JSON.parse(e.message.content).text).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `queued ${i}`)));
    await eventually(async () => expect((await deliveries(t)).every((d) => d.acked && d.attempts === 1)).toBe(true));
  } finally {
    client.close({ force: true });
    await t.close();
  }
});
