import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptEvent, eventSignature } from '../../src/wire/eventCrypto.js';
import { newTable } from '../helpers/bitableTable.js';
import { larkSdk, newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { eventually, setWebhook, subscribeBase } from '../helpers/events.js';
import { newChat, textContent, userSays } from '../helpers/im.js';

/**
 * The official SDK as the peer: its EventDispatcher, behind its own `adaptDefault` http adapter
 * (auto-challenge on), receives the emulator's encrypted and signed webhook requests. Handlers
 * only run when the SDK decrypted the body and the signature matched: proof the emulator
 * encrypts and signs as Feishu does.
 */
describe('events through the official SDK EventDispatcher', () => {
  const ENCRYPT_KEY = 'sdk peer encrypt key';
  const VERIFICATION_TOKEN = 'sdk-peer-token';
  let t: TestEmulator;
  let server: Server;
  let url: string;
  const received: Record<string, any[]> = {};
  let dispatcher: any;

  beforeAll(async () => {
    const lark = larkSdk();
    const on = (type: string) => (data: unknown) => {
      (received[type] ??= []).push(data);
      return undefined;
    };
    dispatcher = new lark.EventDispatcher({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, loggerLevel: lark.LoggerLevel.error }).register({
      'drive.file.bitable_record_changed_v1': on('record'),
      'drive.file.bitable_field_changed_v1': on('field'),
      'im.message.receive_v1': on('message'),
    } as any);
    server = createServer(lark.adaptDefault('/webhook', dispatcher, { autoChallenge: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('passes url_verification and hands record, field and message events to the registered handlers', async () => {
    // The SDK answers the encrypted challenge itself (autoChallenge): the webhook is accepted.
    expect(await setWebhook(t, { url, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN })).toMatchObject({ verified: true, encrypted: true });

    const b = await newTable(t);
    await subscribeBase(t, b.appToken);
    const recordId = (await b.create({ 多行文本: 'via the SDK' })).data.record.record_id;
    const field = await b.field({ field_name: 'n', type: 2 });
    const ann = await newUser(t, 'Ann');
    const chatId = await newChat(t, 'Team', [ann.open_id]);
    const messageId = await userSays(t, chatId, ann.open_id, textContent('hello SDK'));

    await eventually(() => expect([received.record?.length, received.field?.length, received.message?.length]).toEqual([1, 1, 1]));
    // The SDK flattens v2 events: header and event fields side by side.
    expect(received.record[0]).toMatchObject({
      schema: '2.0',
      event_type: 'drive.file.bitable_record_changed_v1',
      token: VERIFICATION_TOKEN,
      app_id: t.emu.rt.appId,
      file_token: b.appToken,
      table_id: b.tableId,
      action_list: [{ record_id: recordId, action: 'record_added' }],
    });
    expect(received.record[0].event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(received.field[0]).toMatchObject({ event_type: 'drive.file.bitable_field_changed_v1', action_list: [{ action: 'field_added', field_id: field.field_id, after_value: { name: 'n', type: 2 } }] });
    expect(received.message[0]).toMatchObject({
      event_type: 'im.message.receive_v1',
      sender: { sender_id: { open_id: ann.open_id }, sender_type: 'user' },
      message: { message_id: messageId, chat_id: chatId, message_type: 'text', content: JSON.stringify({ text: 'hello SDK' }) },
    });
    await eventually(async () => expect((await t.admin('GET', '/deliveries')).body.every((d: any) => d.acked)).toBe(true));
  });

  it('the same dispatcher ignores a body whose signature does not match (so the check above was real)', async () => {
    const before = received.message?.length ?? 0;
    const plain = JSON.stringify({ schema: '2.0', header: { event_id: 'e'.repeat(32), event_type: 'im.message.receive_v1' }, event: { message: { message_id: 'om_forged' } } });
    const body = JSON.stringify({ encrypt: encryptEvent(plain, ENCRYPT_KEY) });
    const request = (signature: string) => Object.assign(Object.create({ headers: { 'x-lark-request-timestamp': '1700000000', 'x-lark-request-nonce': 'n1', 'x-lark-signature': signature } }), JSON.parse(body));
    expect(await dispatcher.invoke(request('0'.repeat(64)))).toBeUndefined();
    expect(received.message?.length ?? 0).toBe(before);
    await dispatcher.invoke(request(eventSignature('1700000000', 'n1', ENCRYPT_KEY, body)));
    expect(received.message.at(-1).message.message_id).toBe('om_forged');
  });
});
