import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTable, type TestTable } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { setWebhook, startReceiver, subscribeBase, subscriptionPath, type Receiver } from '../helpers/events.js';

/** `drive.file.bitable_record_changed_v1`: one event per write call, an action per record (seed A09). */
describe('record change events', () => {
  let t: TestEmulator;
  let hook: Receiver;
  let b: TestTable;
  let ann: TestUser;
  const f: Record<string, string> = {};
  let seen = 0;

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    hook = await startReceiver();
    await setWebhook(t, { url: hook.url, verificationToken: 'vt-records' });
    ann = await newUser(t, 'Ann', { en_name: 'Ann E' });
    b = await newTable(t);
    f.text = (await b.listFields())[0].field_id!;
    f.n = (await b.field({ field_name: 'n', type: 2 })).field_id;
    f.s = (await b.field({ field_name: 's', type: 3, property: { options: [{ name: 'A' }, { name: 'B' }] } })).field_id;
    f.p = (await b.field({ field_name: 'p', type: 11 })).field_id;
    f.c = (await b.field({ field_name: 'c', type: 7 })).field_id;
    f.formula = (await b.field({ field_name: 'double', type: 20, property: { formula_expression: 'bitable::$table[x].$field[y]*2' } })).field_id;
    // Ann subscribes too, so she is in subscriber_id_list; the app's own subscription is not listed.
    await subscribeBase(t, b.appToken);
    await subscribeBase(t, b.appToken, ann.user_access_token);
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  /** The next event the webhook got (events arrive in call order here: each call waits for the last event). */
  async function next(): Promise<any> {
    await hook.waitForEvents(seen + 1);
    return hook.events[seen++].payload;
  }

  const records = (body: any) => body.data.records.map((r: any) => r.record_id);
  const cell = (field_id: string, value: unknown) => ({ field_id, field_value: JSON.stringify(value) });

  it('creates: record_added with every non-empty stored cell in the record data structure, in a full v2 envelope', async () => {
    const res = await b.create({ 多行文本: 'hello', n: 7, s: 'A', p: [{ id: ann.open_id }], c: true });
    const id = res.data.record.record_id;
    const e = await next();
    expect(e.schema).toBe('2.0');
    expect(e.header).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event_type: 'drive.file.bitable_record_changed_v1',
      create_time: expect.stringMatching(/^\d{13}$/),
      token: 'vt-records',
      app_id: t.emu.rt.appId,
      tenant_key: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const table = t.emu.rt.state.apps[b.appToken].tables[b.tableId];
    expect(e.event).toEqual({
      file_type: 'bitable',
      file_token: b.appToken,
      table_id: b.tableId,
      revision: table.revision,
      operator_id: { open_id: t.emu.rt.bot.open_id, union_id: '', user_id: '' },
      action_list: [
        {
          record_id: id,
          action: 'record_added',
          after_value: [
            cell(f.text, [{ type: 'text', text: 'hello' }]),
            cell(f.n, 7),
            cell(f.s, 'A'),
            {
              ...cell(f.p, [{ id: ann.open_id, name: 'Ann', en_name: 'Ann E', email: '', avatar_url: '' }]),
              field_identity_value: { users: [{ user_id: { open_id: ann.open_id, union_id: ann.union_id, user_id: ann.user_id }, name: 'Ann', en_name: 'Ann E', avatar_url: '' }] },
            },
            cell(f.c, true),
          ],
        },
      ],
      subscriber_id_list: [{ open_id: ann.open_id, union_id: ann.union_id, user_id: ann.user_id }],
      update_time: expect.any(Number),
    });
    expect(e.event.action_list[0].after_value[1].field_value).toBe('7'); // numbers as their JSON text, as in A09
    expect(Math.abs(e.event.update_time - Date.now() / 1000)).toBeLessThan(5);
  });

  it('updates: record_edited with only the changed cells, before and after; a cleared cell is ""; the operator is the user', async () => {
    const id = (await b.create({ 多行文本: 'before', n: 1, s: 'A' })).data.record.record_id;
    await next();
    const res = await t.call('PUT', `${b.path}/records/${id}`, { body: { fields: { 多行文本: 'after', n: 1, s: null } }, token: ann.user_access_token });
    expect(res.body.code).toBe(0);
    const e = await next();
    expect(e.event.operator_id).toEqual({ open_id: ann.open_id, union_id: ann.union_id, user_id: ann.user_id });
    expect(e.event.action_list).toEqual([
      {
        record_id: id,
        action: 'record_edited',
        before_value: [cell(f.text, [{ type: 'text', text: 'before' }]), cell(f.s, 'A')],
        after_value: [cell(f.text, [{ type: 'text', text: 'after' }]), { field_id: f.s, field_value: '' }],
      },
    ]);
  });

  it('deletes: record_deleted with the cells the record had', async () => {
    const id = (await b.create({ 多行文本: 'doomed', n: 3 })).data.record.record_id;
    await next();
    expect((await t.call('DELETE', `${b.path}/records/${id}`)).body.code).toBe(0);
    const e = await next();
    expect(e.event.action_list).toEqual([{ record_id: id, action: 'record_deleted', before_value: [cell(f.text, [{ type: 'text', text: 'doomed' }]), cell(f.n, 3)] }]);
  });

  it('batches: one event per call holding an action per record', async () => {
    const created = await t.call('POST', `${b.path}/records/batch_create`, { body: { records: Array.from({ length: 10 }, (_, i) => ({ fields: { 多行文本: `r${i}`, n: i } })) } });
    const ids: string[] = records(created.body);
    const added = await next();
    expect(added.event.action_list.map((a: any) => [a.record_id, a.action])).toEqual(ids.map((id) => [id, 'record_added']));

    await t.call('POST', `${b.path}/records/batch_update`, { body: { records: ids.slice(0, 3).map((record_id) => ({ record_id, fields: { n: 100 } })) } });
    const edited = await next();
    expect(edited.event.action_list).toEqual(ids.slice(0, 3).map((id, i) => ({ record_id: id, action: 'record_edited', before_value: [cell(f.n, i)], after_value: [cell(f.n, 100)] })));

    await t.call('POST', `${b.path}/records/batch_delete`, { body: { records: ids } });
    const deleted = await next();
    expect(deleted.event.action_list.map((a: any) => [a.record_id, a.action])).toEqual(ids.map((id) => [id, 'record_deleted']));
    expect(hook.events).toHaveLength(seen); // nothing else arrived
  });

  it('emits nothing for a refused call, an idempotent replay, a write that changes nothing, or computed cells', async () => {
    const id = (await b.create({ 多行文本: 'x', n: 5 })).data.record.record_id;
    await next();
    // All or nothing: an unknown id refuses the whole batch, and nothing is emitted.
    expect((await t.call('POST', `${b.path}/records/batch_update`, { body: { records: [{ record_id: id, fields: { n: 6 } }, { record_id: 'recNoSuch', fields: { n: 6 } }] } })).body.code).toBe(1254043);
    expect((await t.call('POST', `${b.path}/records`, { body: { fields: { n: 'not a number' } } })).body.code).not.toBe(0);
    const token = randomUUID();
    await b.create({ 多行文本: 'once' }, { client_token: token });
    expect((await next()).event.action_list[0].action).toBe('record_added');
    await b.create({ 多行文本: 'once' }, { client_token: token }); // replay: the original answer, no write
    await t.call('PUT', `${b.path}/records/${id}`, { body: { fields: { n: 5 } } }); // same value
    // The marker: the next event is this one, so none of the above emitted anything.
    await t.call('PUT', `${b.path}/records/${id}`, { body: { fields: { n: 8 } } });
    const marker = await next();
    expect(marker.event.action_list).toEqual([{ record_id: id, action: 'record_edited', before_value: [cell(f.n, 5)], after_value: [cell(f.n, 8)] }]);
    expect(JSON.stringify(marker)).not.toContain(f.formula);
  });

  it('emits nothing for bases nobody subscribed to, or after delete_subscribe', async () => {
    const other = await newTable(t);
    await other.create({ 多行文本: 'unheard' });
    await subscribeBase(t, other.appToken);
    await t.call('DELETE', subscriptionPath(other.appToken, 'delete_subscribe'), { query: { file_type: 'bitable' } });
    await other.create({ 多行文本: 'unheard either' });
    await b.create({ 多行文本: 'marker' });
    const e = await next();
    expect(e.event.file_token).toBe(b.appToken);
    expect(hook.events).toHaveLength(seen);
  });
});
