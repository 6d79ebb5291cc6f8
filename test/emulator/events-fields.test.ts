import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTable, type TestTable } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { setWebhook, startReceiver, subscribeBase, type Receiver } from '../helpers/events.js';

/** `drive.file.bitable_field_changed_v1` (seed A08): field_added, field_edited, field_deleted. */
describe('field change events', () => {
  let t: TestEmulator;
  let hook: Receiver;
  let b: TestTable;
  let seen = 0;

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    hook = await startReceiver();
    await setWebhook(t, { url: hook.url });
    b = await newTable(t);
    await subscribeBase(t, b.appToken);
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  async function next(): Promise<any> {
    await hook.waitForEvents(seen + 1);
    return hook.events[seen++].payload;
  }

  it('adds, edits and deletes a field: one event per call with the field before and/or after', async () => {
    const created = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'Status', type: 3, property: { options: [{ name: 'Open' }] }, description: { text: 'where it is' } } });
    const field = created.body.data.field;
    const added = await next();
    expect(added.header.event_type).toBe('drive.file.bitable_field_changed_v1');
    expect(added.header.token).toBe('');
    const table = () => t.emu.rt.state.apps[b.appToken].tables[b.tableId];
    expect(added.event).toEqual({
      file_type: 'bitable',
      file_token: b.appToken,
      table_id: b.tableId,
      revision: table().revision,
      operator_id: { open_id: t.emu.rt.bot.open_id, union_id: '', user_id: '' },
      action_list: [{ action: 'field_added', field_id: field.field_id, after_value: { id: field.field_id, name: 'Status', type: 3, description: 'where it is', property: field.property } }],
      subscriber_id_list: [],
      update_time: expect.any(Number),
    });
    expect(field.property.options[0]).toMatchObject({ name: 'Open', id: expect.stringMatching(/^opt/) });

    const ann = await newUser(t, 'Ann');
    const updated = await t.call('PUT', `${b.path}/fields/${field.field_id}`, { body: { field_name: 'State', type: 3, property: { options: [{ name: 'Open' }, { name: 'Done' }] } }, token: ann.user_access_token });
    expect(updated.body.code).toBe(0);
    const edited = await next();
    expect(edited.event.operator_id.open_id).toBe(ann.open_id);
    expect(edited.event.action_list).toEqual([
      {
        action: 'field_edited',
        field_id: field.field_id,
        before_value: { id: field.field_id, name: 'Status', type: 3, description: 'where it is', property: field.property },
        after_value: { id: field.field_id, name: 'State', type: 3, description: '', property: updated.body.data.field.property },
      },
    ]);

    await t.call('DELETE', `${b.path}/fields/${field.field_id}`);
    const deleted = await next();
    expect(deleted.event.action_list).toEqual([{ action: 'field_deleted', field_id: field.field_id, before_value: edited.event.action_list[0].after_value }]);
    expect(deleted.event.revision).toBe(table().revision);
  });

  it('emits nothing when the field call is refused', async () => {
    const primary = (await b.listFields())[0].field_id!;
    expect((await t.call('DELETE', `${b.path}/fields/${primary}`)).body.code).toBe(1254070);
    expect((await t.call('POST', `${b.path}/fields`, { body: { field_name: 'Bad', type: 999 } })).body.code).toBe(1254012);
    await t.call('POST', `${b.path}/fields`, { body: { field_name: 'Marker', type: 1 } });
    expect((await next()).event.action_list[0]).toMatchObject({ action: 'field_added', after_value: { name: 'Marker' } });
    expect(hook.events).toHaveLength(seen);
  });
});
