import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTable } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('bitable fields', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());

  describe('list', () => {
    it('pages 20 by default and walks every field through the SDK iterator', async () => {
      const b = await newTable(t);
      for (let i = 0; i < 24; i++) await b.field({ field_name: `f${i}`, type: 1 });
      const first = await t.sdk.bitable.appTableField.list({ path: b.sdkPath });
      expect(first.data!.items).toHaveLength(20);
      expect(first.data!.has_more).toBe(true);
      expect(first.data!.total).toBe(25);
      const names: string[] = [];
      for await (const page of await t.sdk.bitable.appTableField.listWithIterator({ path: b.sdkPath, params: { page_size: 7 } })) {
        for (const f of page?.items ?? []) names.push(f.field_name);
      }
      expect(names).toEqual(['多行文本', ...Array.from({ length: 24 }, (_, i) => `f${i}`)]);
    });

    it('refuses a page_size over 100 and an unknown view, and accepts text_field_as_array', async () => {
      const b = await newTable(t);
      const big = await t.call('GET', `${b.path}/fields`, { query: { page_size: '101' } });
      expect(big.status).toBe(400);
      expect((await t.call('GET', `${b.path}/fields`, { query: { page_size: '100' } })).body.code).toBe(0);
      expect((await t.call('GET', `${b.path}/fields`, { query: { view_id: 'vewNoSuchView' } })).body.code).toBe(1254042);
      await b.field({ field_name: 'described', type: 1, description: 'why' } as never);
      const plain = await t.call('GET', `${b.path}/fields`);
      expect(plain.body.data.items[1].description).toBe('why');
      const rich = await t.call('GET', `${b.path}/fields`, { query: { text_field_as_array: 'true' } });
      expect(rich.body.data.items[1].description).toEqual([{ type: 'text', text: 'why' }]);
    });

    it('shows the primary field first with is_primary and ui_type', async () => {
      const b = await newTable(t);
      const list = await t.sdk.bitable.appTableField.list({ path: b.sdkPath });
      expect(list.data!.items![0]).toMatchObject({ field_name: '多行文本', type: 1, property: null, is_primary: true, ui_type: 'Text' });
    });
  });

  describe('create', () => {
    it('gives select options ids and colours counting on from the previous option (seed A05 example)', async () => {
      const b = await newTable(t);
      const res = await t.sdk.bitable.appTableField.create({
        path: b.sdkPath,
        data: { field_name: '单选', type: 3, property: { options: [{ name: 'a' }, { name: 'b' }, { name: 'c', color: 5 }, { name: 'd' }] } },
      });
      expect(res.code).toBe(0);
      const options = res.data!.field!.property!.options!;
      expect(options.map((o) => [o.name, o.color])).toEqual([['a', 0], ['b', 1], ['c', 5], ['d', 6]]);
      for (const o of options) expect(o.id).toMatch(/^opt[A-Za-z0-9]{7}$/);
      expect(new Set(options.map((o) => o.id)).size).toBe(4);
    });

    it('refuses bad select options: empty name 1254026, colour outside 0-54 1254083', async () => {
      const b = await newTable(t);
      const empty = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'm', type: 4, property: { options: [{ name: '' }] } } });
      expect(empty.body.code).toBe(1254026);
      const colour = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'm', type: 4, property: { options: [{ name: 'x', color: 55 }] } } });
      expect(colour.status).toBe(400);
      expect(colour.body.code).toBe(1254083);
    });

    it('fills documented property defaults and checks formatters', async () => {
      const b = await newTable(t);
      expect((await b.field({ field_name: 'n', type: 2 })).property).toEqual({ formatter: '0.0' });
      expect((await b.field({ field_name: 'n2', type: 2, property: { formatter: '¥0.00' } })).property).toEqual({ formatter: '¥0.00' });
      const badNumber = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'n3', type: 2, property: { formatter: '0.000000' } } });
      expect([badNumber.status, badNumber.body.code]).toEqual([400, 1254081]);
      expect((await b.field({ field_name: 'd', type: 5 })).property).toEqual({ date_formatter: 'yyyy/MM/dd', auto_fill: false });
      expect((await b.field({ field_name: 'd2', type: 5, property: { date_formatter: 'yyyy/MM/dd HH:mm', auto_fill: true } })).property).toEqual({ date_formatter: 'yyyy/MM/dd HH:mm', auto_fill: true });
      const badDate = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'd3', type: 5, property: { date_formatter: 'dd.MM.yyyy' } } });
      expect(badDate.body.code).toBe(1254084);
      expect((await b.field({ field_name: 'p', type: 11 })).property).toEqual({ multiple: true });
      expect((await b.field({ field_name: 'p2', type: 11, property: { multiple: false } })).property).toEqual({ multiple: false });
      const badPerson = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'p3', type: 11, property: { multiple: 'yes' } } });
      expect(badPerson.body.code).toBe(1254086);
      expect((await b.field({ field_name: 'f', type: 20, property: { formatter: '0.00%', formula_expression: '1+1' } })).property).toEqual({ formatter: '0.00%', formula_expression: '1+1' });
      expect((await b.field({ field_name: 'ct', type: 1001 })).property).toEqual({ date_formatter: 'yyyy/MM/dd' });
      expect((await b.field({ field_name: 'mt', type: 1002, property: { date_formatter: 'MM-dd' } })).property).toEqual({ date_formatter: 'MM-dd' });
      const badCreated = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'ct2', type: 1001, property: { date_formatter: 'nope' } } });
      expect(badCreated.body.code).toBe(1254093);
      expect((await b.field({ field_name: 'cu', type: 1003 })).property).toBeNull();
      expect((await b.field({ field_name: 'mu', type: 1004 })).property).toBeNull();
      expect((await b.field({ field_name: 'loc', type: 22 })).property).toEqual({ location: { input_type: 'not_limit' } });
      expect((await b.field({ field_name: 'chk', type: 7, property: { ignored: true } })).property).toBeNull();
    });

    it('accepts the Progress/Currency/Rating ui_types of a number field and refuses a ui_type of another type', async () => {
      const b = await newTable(t);
      const progress = await b.field({ field_name: 'done', type: 2, ui_type: 'Progress', property: { formatter: '0', min: 0, max: 1 } });
      expect(progress).toMatchObject({ ui_type: 'Progress', property: { formatter: '0', min: 0, max: 1 } });
      const wrong = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'x', type: 2, ui_type: 'Barcode' } });
      expect(wrong.body.code).toBe(1254015);
    });

    it('links a table of the same base, returning its name; table_id is required and must exist', async () => {
      const b = await newTable(t);
      const other = await b.table('Projects');
      const link = await b.field({ field_name: 'project', type: 18, property: { table_id: other.tableId } });
      expect(link.property).toEqual({ multiple: true, table_id: other.tableId, table_name: 'Projects' });
      const missing = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'l2', type: 18, property: {} } });
      expect([missing.status, missing.body.code]).toEqual([400, 1254089]);
      const elsewhere = await newTable(t, 'Another base');
      const foreign = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'l3', type: 18, property: { table_id: elsewhere.tableId } } });
      expect(foreign.body.code).toBe(1254089);
      const duplexMissing = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'l4', type: 21, property: {} } });
      expect(duplexMissing.body.code).toBe(1254092);
    });

    it('creates the back field of a duplex link with the default or the given name', async () => {
      const b = await newTable(t, 'Tasks base');
      const other = await b.table('Projects');
      const tasksName = (await b.entry()).name!;
      const duplex = await b.field({ field_name: 'project', type: 21, property: { table_id: other.tableId } });
      expect(duplex.property).toMatchObject({ table_id: other.tableId, table_name: 'Projects', multiple: true, back_field_name: `${tasksName}-project` });
      expect(duplex.property.back_field_id).toMatch(/^fld/);
      const named = await b.field({ field_name: 'owner project', type: 21, property: { table_id: other.tableId, back_field_name: 'Owner tasks' } });
      expect(named.property.back_field_name).toBe('Owner tasks');

      const otherFields = await other.listFields();
      const back = otherFields.find((f) => f.field_id === duplex.property.back_field_id)!;
      expect(back).toMatchObject({ field_name: `${tasksName}-project`, type: 21, property: { table_id: b.tableId, table_name: tasksName } });
      expect((back.property as any).back_field_id).toBe(duplex.field_id);
      expect(otherFields.some((f) => f.field_name === 'Owner tasks')).toBe(true);

      const taken = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'again', type: 21, property: { table_id: other.tableId, back_field_name: 'Owner tasks' } } });
      expect(taken.body.code).toBe(1254014);
    });

    it('wires a lookup to a link field and a field of the linked table, and refuses other wiring (1254090)', async () => {
      const b = await newTable(t);
      const other = await b.table('Linked');
      const link = await b.field({ field_name: 'link', type: 18, property: { table_id: other.tableId } });
      const target = (await other.listFields())[0];
      const lookup = await b.field({ field_name: 'looked', type: 19, property: { link_field_id: link.field_id, target_field_id: target.field_id } } as never);
      expect(lookup.property).toEqual({ link_field_id: link.field_id, target_field_id: target.field_id });
      const notLink = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'bad', type: 19, property: { link_field_id: lookup.field_id, target_field_id: target.field_id } } });
      expect([notLink.status, notLink.body.code]).toEqual([400, 1254090]);
      const noTarget = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'bad', type: 19, property: { link_field_id: link.field_id, target_field_id: 'fldNoSuch' } } });
      expect(noTarget.body.code).toBe(1254090);
      expect((await b.field({ field_name: 'fixture lookup', type: 19 })).property).toBeNull();
    });

    it('numbers existing records when an auto-number field is created, by the custom rules', async () => {
      const b = await newTable(t);
      for (const name of ['a', 'b', 'c']) expect((await b.create({ 多行文本: name })).code).toBe(0);
      const field = await b.field({
        field_name: 'No.',
        type: 1005,
        property: { auto_serial: { type: 'custom', reformat_existing_records: true, options: [{ type: 'fixed_text', value: 'T-' }, { type: 'created_time', value: 'yyyy' }, { type: 'system_number', value: '3' }] } },
      });
      expect(field.property).toEqual({ auto_serial: { type: 'custom', options: [{ type: 'fixed_text', value: 'T-' }, { type: 'created_time', value: 'yyyy' }, { type: 'system_number', value: '3' }] } });
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
      const list = await t.call('GET', `${b.path}/records`);
      expect(list.body.data.items.map((r: any) => r.fields['No.'])).toEqual([`T-${year}001`, `T-${year}002`, `T-${year}003`]);
      const next = await b.create({ 多行文本: 'd' });
      expect(next.data.record.fields['No.']).toBe(`T-${year}004`);

      const plain = await b.field({ field_name: 'Seq', type: 1005 });
      expect(plain.property).toEqual({ auto_serial: { type: 'auto_increment_number' } });
      const again = await t.call('GET', `${b.path}/records`);
      expect(again.body.data.items.map((r: any) => r.fields.Seq)).toEqual(['1', '2', '3', '4']);
    });

    it('refuses auto-number rules outside the documented limits', async () => {
      const b = await newTable(t);
      const digits = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'x', type: 1005, property: { auto_serial: { type: 'custom', options: [{ type: 'system_number', value: '10' }] } } } });
      expect(digits.body.code).toBe(1254001);
      const text = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'x', type: 1005, property: { auto_serial: { type: 'custom', options: [{ type: 'system_number', value: '2' }, { type: 'fixed_text', value: 'x'.repeat(21) }] } } } });
      expect(text.body.code).toBe(1254001);
    });

    it('refuses an unknown type, an empty name and a duplicate name', async () => {
      const b = await newTable(t);
      expect((await t.call('POST', `${b.path}/fields`, { body: { field_name: 'x', type: 6 } })).body.code).toBe(1254012);
      const empty = await t.call('POST', `${b.path}/fields`, { body: { field_name: ' ', type: 1 } });
      expect([empty.status, empty.body.code]).toEqual([400, 1254028]);
      expect((await t.call('POST', `${b.path}/fields`, { body: { field_name: '多行文本', type: 2 } })).body.code).toBe(1254014);
    });

    it('replays a create with the same client_token and refuses a different body with 1255006', async () => {
      const b = await newTable(t);
      const token = randomUUID();
      const first = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'once', type: 1 }, query: { client_token: token } });
      const again = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'once', type: 1 }, query: { client_token: token } });
      expect(again.body.data.field.field_id).toBe(first.body.data.field.field_id);
      const other = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'twice', type: 1 }, query: { client_token: token } });
      expect([other.status, other.body.code]).toEqual([400, 1255006]);
      const bad = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'x', type: 1 }, query: { client_token: 'not-a-uuid' } });
      expect([bad.status, bad.body.code]).toEqual([400, 1254037]);
    });
  });

  describe('update', () => {
    it('replaces select options entirely, keeping given ids (seed A05 update example)', async () => {
      const b = await newTable(t);
      const created = await b.field({ field_name: '单选', type: 3, property: { options: [{ name: 'a' }, { name: 'b' }, { name: 'c', color: 5 }, { name: 'd' }] } });
      const [a, bOpt] = created.property.options;
      expect((await b.create({ 单选: 'c' })).code).toBe(0);
      const res = await t.sdk.bitable.appTableField.update({
        path: { ...b.sdkPath, field_id: created.field_id },
        data: { field_name: '单选', type: 3, property: { options: [{ id: a.id, name: 'a++', color: 0 }, { id: bOpt.id, name: 'b', color: 1 }, { color: 6, name: 'z' }] } },
      });
      expect(res.code).toBe(0);
      const options = res.data!.field!.property!.options!;
      expect(options.map((o) => [o.id, o.name, o.color])).toEqual([[a.id, 'a++', 0], [bOpt.id, 'b', 1], [expect.stringMatching(/^opt/), 'z', 6]]);
      // The record held option c, which the update removed.
      const list = await t.call('GET', `${b.path}/records`);
      expect(list.body.data.items[0].fields.单选).toBeUndefined();
    });

    it('refuses an option id the field does not have', async () => {
      const b = await newTable(t);
      const created = await b.field({ field_name: 'm', type: 4, property: { options: [{ name: 'a' }] } });
      const res = await t.call('PUT', `${b.path}/fields/${created.field_id}`, { body: { field_name: 'm', type: 4, property: { options: [{ id: 'optNotThere', name: 'a' }] } } });
      expect([res.status, res.body.code]).toEqual([400, 1254083]);
    });

    it('is a full replacement: a property left out returns to its defaults, and names stay unique', async () => {
      const b = await newTable(t);
      const num = await b.field({ field_name: 'n', type: 2, property: { formatter: '0.00' } });
      const updated = await t.call('PUT', `${b.path}/fields/${num.field_id}`, { body: { field_name: 'amount', type: 2 } });
      expect(updated.body.data.field).toMatchObject({ field_id: num.field_id, field_name: 'amount', property: { formatter: '0.0' } });
      const clash = await t.call('PUT', `${b.path}/fields/${num.field_id}`, { body: { field_name: '多行文本', type: 2 } });
      expect(clash.body.code).toBe(1254014);
      expect((await t.call('PUT', `${b.path}/fields/fldNoSuch`, { body: { field_name: 'x', type: 1 } })).body.code).toBe(1254044);
    });

    it('carries cells over a type change through their text, and empties what cannot convert', async () => {
      const b = await newTable(t);
      const f = await b.field({ field_name: 'v', type: 1 });
      const ids: string[] = [];
      for (const v of ['12.5', 'abc']) ids.push((await b.create({ v })).data.record.record_id);
      const cell = async (id: string) => (await t.call('GET', `${b.path}/records/${id}`)).body.data.record.fields.v;
      const change = async (type: number) => expect((await t.call('PUT', `${b.path}/fields/${f.field_id}`, { body: { field_name: 'v', type } })).body.code).toBe(0);

      await change(2);
      expect([await cell(ids[0]), await cell(ids[1])]).toEqual([12.5, undefined]);
      await change(1);
      expect(await cell(ids[0])).toBe('12.5');
      await change(3);
      expect(await cell(ids[0])).toBe('12.5');
      const field = (await b.listFields()).find((x) => x.field_id === f.field_id)!;
      expect(field.property!.options!.map((o) => o.name)).toEqual(['12.5']);
      await change(11);
      expect(await cell(ids[0])).toBeUndefined();
    });

    it('reformats existing auto numbers only when asked', async () => {
      const b = await newTable(t);
      await b.create({ 多行文本: 'a' });
      const f = await b.field({ field_name: 'No', type: 1005 });
      const rules = (value: string, reformat: boolean) => ({ field_name: 'No', type: 1005, property: { auto_serial: { type: 'custom', reformat_existing_records: reformat, options: [{ type: 'fixed_text', value }, { type: 'system_number', value: '2' }] } } });
      await t.call('PUT', `${b.path}/fields/${f.field_id}`, { body: rules('A', false) });
      await b.create({ 多行文本: 'b' });
      const numbers = async () => (await t.call('GET', `${b.path}/records`)).body.data.items.map((r: any) => r.fields.No);
      expect(await numbers()).toEqual(['1', 'A02']);
      await t.call('PUT', `${b.path}/fields/${f.field_id}`, { body: rules('B', true) });
      expect(await numbers()).toEqual(['B01', 'B02']);
    });

    it('renames the twin of a duplex link through back_field_name', async () => {
      const b = await newTable(t);
      const other = await b.table('Other');
      const duplex = await b.field({ field_name: 'other', type: 21, property: { table_id: other.tableId } });
      const res = await t.call('PUT', `${b.path}/fields/${duplex.field_id}`, { body: { field_name: 'other', type: 21, property: { table_id: other.tableId, back_field_name: 'Renamed twin' } } });
      expect(res.body.data.field.property).toMatchObject({ back_field_id: duplex.property.back_field_id, back_field_name: 'Renamed twin' });
    });
  });

  describe('delete', () => {
    it('deletes a field and its cells, and refuses the primary field', async () => {
      const b = await newTable(t);
      const f = await b.field({ field_name: 'gone', type: 1 });
      expect((await b.create({ gone: 'x', 多行文本: 'y' })).code).toBe(0);
      const res = await t.sdk.bitable.appTableField.delete({ path: { ...b.sdkPath, field_id: f.field_id } });
      expect(res.data).toEqual({ field_id: f.field_id, deleted: true });
      const list = await t.call('GET', `${b.path}/records`);
      expect(list.body.data.items[0].fields).toEqual({ 多行文本: 'y' });
      const primary = (await b.listFields())[0];
      const refused = await t.call('DELETE', `${b.path}/fields/${primary.field_id}`);
      expect(refused.body.code).toBe(1254070);
      expect((await t.call('DELETE', `${b.path}/fields/fldNoSuch`)).body.code).toBe(1254044);
    });

    it('takes the twin of a duplex link along', async () => {
      const b = await newTable(t);
      const other = await b.table('Other');
      const duplex = await b.field({ field_name: 'other', type: 21, property: { table_id: other.tableId } });
      expect((await t.call('DELETE', `${b.path}/fields/${duplex.field_id}`)).body.code).toBe(0);
      const otherFields = await other.listFields();
      expect(otherFields.map((f) => f.field_id)).not.toContain(duplex.property.back_field_id);
    });
  });

  it('bumps the table revision on field writes', async () => {
    const b = await newTable(t);
    const before = (await b.entry()).revision!;
    await b.field({ field_name: 'r', type: 1 });
    const after = (await b.entry()).revision!;
    expect(after).toBeGreaterThan(before);
  });
});
