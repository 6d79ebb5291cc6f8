import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTable, type TestTable } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator } from '../helpers/emulator.js';

describe('bitable records', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());

  /** A table with a number field `n` and `count` records named r0, r1, ... with n = 0, 1, ... */
  async function numbered(count: number): Promise<{ b: TestTable; ids: string[] }> {
    const b = await newTable(t);
    await b.field({ field_name: 'n', type: 2 });
    if (count === 0) return { b, ids: [] };
    const res = await t.sdk.bitable.appTableRecord.batchCreate({ path: b.sdkPath, data: { records: Array.from({ length: count }, (_, i) => ({ fields: { 多行文本: `r${i}`, n: i } })) } });
    expect(res.code).toBe(0);
    return { b, ids: res.data!.records!.map((r) => r.record_id!) };
  }

  describe('one record at a time', () => {
    it('creates, gets, updates partially and deletes through the SDK', async () => {
      const b = await newTable(t);
      await b.field({ field_name: 'n', type: 2 });
      const created = await t.sdk.bitable.appTableRecord.create({ path: b.sdkPath, data: { fields: { 多行文本: 'first', n: 1 } } });
      expect(created.code).toBe(0);
      const id = created.data!.record!.record_id!;
      expect(created.data!.record!.fields).toEqual({ 多行文本: 'first', n: 1 });

      const updated = await t.sdk.bitable.appTableRecord.update({ path: { ...b.sdkPath, record_id: id }, data: { fields: { n: 2 } } });
      expect(updated.data!.record!.fields).toEqual({ 多行文本: 'first', n: 2 });

      const got = await t.sdk.bitable.appTableRecord.get({ path: { ...b.sdkPath, record_id: id }, params: { automatic_fields: true, with_shared_url: true } });
      expect(got.data!.record).toMatchObject({ record_id: id, fields: { 多行文本: 'first', n: 2 }, created_by: { id: t.emu.rt.bot.open_id, name: 'Emulator App' } });
      expect(got.data!.record!.last_modified_time).toBeGreaterThanOrEqual(got.data!.record!.created_time!);
      expect(got.data!.record!.record_url).toContain(id);
      expect(got.data!.record!.shared_url).toContain(id);

      const deleted = await t.sdk.bitable.appTableRecord.delete({ path: { ...b.sdkPath, record_id: id } });
      expect(deleted.data).toEqual({ deleted: true, record_id: id });
      expect((await t.call('GET', `${b.path}/records/${id}`)).body.code).toBe(1254043);
      expect((await t.call('DELETE', `${b.path}/records/${id}`)).body.code).toBe(1254043);
      expect((await t.call('PUT', `${b.path}/records/${id}`, { body: { fields: {} } })).body.code).toBe(1254043);
    });

    it('answers unknown bases and tables with 1254040 / 1254041', async () => {
      const b = await newTable(t);
      expect((await t.call('GET', `/open-apis/bitable/v1/apps/bascnNoSuch/tables/${b.tableId}/records`)).body.code).toBe(1254040);
      expect((await t.call('POST', `/open-apis/bitable/v1/apps/${b.appToken}/tables/tblNoSuch/records`, { body: { fields: {} } })).body.code).toBe(1254041);
    });

    it('records who wrote: the bot for the tenant token, the user for a user token', async () => {
      const b = await newTable(t);
      const user = await newUser(t, 'Writer');
      const asUser = await t.call('POST', `${b.path}/records`, { body: { fields: { 多行文本: 'mine' } }, token: user.user_access_token });
      expect(asUser.body.code).toBe(0);
      const id = asUser.body.data.record.record_id;
      await t.call('PUT', `${b.path}/records/${id}`, { body: { fields: { 多行文本: 'edited by app' } } });
      const got = await t.call('GET', `${b.path}/records/${id}`, { query: { automatic_fields: 'true' } });
      expect(got.body.data.record.created_by.id).toBe(user.open_id);
      expect(got.body.data.record.last_modified_by.id).toBe(t.emu.rt.bot.open_id);
    });

    it('bumps the table and base revisions on record writes', async () => {
      const b = await newTable(t);
      const revisions = async () => {
        const app = (await t.sdk.bitable.app.get({ path: { app_token: b.appToken } })).data!.app!.revision!;
        const table = (await b.entry()).revision!;
        return [app, table];
      };
      const [app0, table0] = await revisions();
      await b.create({ 多行文本: 'x' });
      const [app1, table1] = await revisions();
      expect(app1).toBeGreaterThan(app0);
      expect(table1).toBeGreaterThan(table0);
    });

    it('fills a date field with auto_fill with the creation time', async () => {
      const b = await newTable(t);
      await b.field({ field_name: 'when', type: 5, property: { auto_fill: true } });
      const before = Date.now();
      const res = await b.create({ 多行文本: 'x' });
      expect(res.data.record.fields.when).toBeGreaterThanOrEqual(before);
      const given = await b.create({ 多行文本: 'y', when: 1612108800000 });
      expect(given.data.record.fields.when).toBe(1612108800000);
    });
  });

  describe('list', () => {
    it('pages 20 by default with total, and the SDK iterator walks every record in order', async () => {
      const { b, ids } = await numbered(45);
      const first = await t.sdk.bitable.appTableRecord.list({ path: b.sdkPath });
      expect(first.data).toMatchObject({ has_more: true, total: 45 });
      expect(first.data!.items).toHaveLength(20);
      const seen: string[] = [];
      for await (const page of await t.sdk.bitable.appTableRecord.listWithIterator({ path: b.sdkPath, params: { page_size: 10 } })) {
        for (const r of page?.items ?? []) seen.push(r.record_id!);
      }
      expect(seen).toEqual(ids);
    });

    it('refuses page_size 0 (1254011) and over 500', async () => {
      const b = await newTable(t);
      expect((await t.call('GET', `${b.path}/records`, { query: { page_size: '0' } })).body.code).toBe(1254011);
      expect((await t.call('GET', `${b.path}/records`, { query: { page_size: '501' } })).status).toBe(400);
      expect((await t.call('GET', `${b.path}/records`, { query: { page_size: '500' } })).body.code).toBe(0);
    });

    it('applies field_names, sort and automatic_fields', async () => {
      const { b } = await numbered(5);
      const res = await t.call('GET', `${b.path}/records`, { query: { field_names: '["n"]', sort: '["n DESC"]', automatic_fields: 'true' } });
      expect(res.body.data.items.map((r: any) => r.fields)).toEqual([{ n: '4' }, { n: '3' }, { n: '2' }, { n: '1' }, { n: '0' }]);
      expect(res.body.data.items[0]).toHaveProperty('created_time');
      expect(res.body.data.items[0].created_by.id).toBe(t.emu.rt.bot.open_id);
      const byText = await t.call('GET', `${b.path}/records`, { query: { sort: '["多行文本 ASC"]', field_names: '["多行文本"]' } });
      expect(byText.body.data.items.map((r: any) => r.fields.多行文本)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
      expect((await t.call('GET', `${b.path}/records`, { query: { field_names: '["nope"]' } })).body.code).toBe(1254045);
      expect((await t.call('GET', `${b.path}/records`, { query: { field_names: 'n' } })).body.code).toBe(1254024);
      expect((await t.call('GET', `${b.path}/records`, { query: { sort: 'n DESC' } })).body.code).toBe(1254016);
      expect((await t.call('GET', `${b.path}/records`, { query: { view_id: 'vewNoSuch' } })).body.code).toBe(1254042);
    });

    it('filters with a formula and refuses a filter over 2,000 and a sort over 1,000 characters', async () => {
      const { b } = await numbered(6);
      const res = await t.call('GET', `${b.path}/records`, { query: { filter: 'CurrentValue.[n] >= 4' } });
      expect(res.body.data.items.map((r: any) => r.fields.多行文本)).toEqual(['r4', 'r5']);
      expect(res.body.data.total).toBe(2);
      const longFilter = `CurrentValue.[多行文本] = "${'x'.repeat(2000)}"`;
      expect((await t.call('GET', `${b.path}/records`, { query: { filter: longFilter } })).body.code).toBe(1254107);
      const longSort = JSON.stringify(Array.from({ length: 120 }, () => 'n DESC'));
      expect(longSort.length).toBeGreaterThan(1000);
      expect((await t.call('GET', `${b.path}/records`, { query: { sort: longSort } })).body.code).toBe(1254108);
    });
  });

  describe('search', () => {
    it('pages, projects, sorts and returns automatic fields; page_token only while has_more', async () => {
      const { b, ids } = await numbered(30);
      const page = await t.sdk.bitable.appTableRecord.search({ path: b.sdkPath, params: { page_size: 25 }, data: { field_names: ['n'], sort: [{ field_name: 'n', desc: true }], automatic_fields: true } });
      expect(page.data).toMatchObject({ has_more: true, total: 30 });
      expect(page.data!.items![0].fields).toEqual({ n: 29 });
      expect(page.data!.items![0].created_by!.id).toBe(t.emu.rt.bot.open_id);
      const raw = await t.call('POST', `${b.path}/records/search`, { query: { page_size: '25', page_token: (page.data as any).page_token }, body: { sort: [{ field_name: 'n', desc: true }] } });
      expect(raw.body.data.has_more).toBe(false);
      expect(raw.body.data).not.toHaveProperty('page_token');
      expect(raw.body.data.items.map((r: any) => r.fields.n)).toEqual([4, 3, 2, 1, 0]);

      const seen: string[] = [];
      for await (const p of await t.sdk.bitable.appTableRecord.searchWithIterator({ path: b.sdkPath, params: { page_size: 7 }, data: {} })) {
        for (const r of p?.items ?? []) seen.push(r.record_id!);
      }
      expect(seen).toEqual(ids);
    });

    it('filters with the JSON filter and validates its shape', async () => {
      const { b } = await numbered(6);
      const hit = await t.call('POST', `${b.path}/records/search`, { body: { filter: { conjunction: 'and', conditions: [{ field_name: 'n', operator: 'isGreater', value: ['3'] }] } } });
      expect(hit.body.data.items.map((r: any) => r.fields.n)).toEqual([4, 5]);
      const noConjunction = await t.call('POST', `${b.path}/records/search`, { body: { filter: { conditions: [] } } });
      expect(noConjunction.body.code).toBe(1254018);
      const tooMany = Array.from({ length: 51 }, () => ({ field_name: 'n', operator: 'isNotEmpty', value: [] }));
      const overLimit = await t.call('POST', `${b.path}/records/search`, { body: { filter: { conjunction: 'and', conditions: tooMany } } });
      expect([overLimit.status, overLimit.body.code]).toEqual([400, 99992402]);
      const nested = { conjunction: 'and', children: [{ conjunction: 'or', conditions: [], children: [{ conjunction: 'and', conditions: [] }] }] };
      expect((await t.call('POST', `${b.path}/records/search`, { body: { filter: nested } })).body.code).toBe(1254018);
      expect((await t.call('POST', `${b.path}/records/search`, { body: { field_names: ['nope'] } })).body.code).toBe(1254045);
      expect((await t.call('POST', `${b.path}/records/search`, { body: { sort: [{ field_name: 'nope' }] } })).body.code).toBe(1254045);
      expect((await t.call('POST', `${b.path}/records/search`, { body: { view_id: 'vewNoSuch' } })).body.code).toBe(1254042);
      expect((await t.call('POST', `${b.path}/records/search`, { query: { page_size: '501' }, body: {} })).status).toBe(400);
    });
  });

  describe('batches', () => {
    it('batch_update changes several records and batch_delete removes them', async () => {
      const { b, ids } = await numbered(3);
      const updated = await t.sdk.bitable.appTableRecord.batchUpdate({ path: b.sdkPath, data: { records: [{ record_id: ids[0], fields: { n: 10 } }, { record_id: ids[2], fields: { 多行文本: null as unknown as string } }] } });
      expect(updated.data!.records!.map((r) => r.fields)).toEqual([{ 多行文本: 'r0', n: 10 }, { n: 2 }]);
      const deleted = await t.sdk.bitable.appTableRecord.batchDelete({ path: b.sdkPath, data: { records: [ids[0], ids[1]] } });
      expect(deleted.data!.records).toEqual([{ deleted: true, record_id: ids[0] }, { deleted: true, record_id: ids[1] }]);
      expect((await t.call('GET', `${b.path}/records`)).body.data.total).toBe(1);
    });

    it('refuses a batch naming an unknown record without changing anything', async () => {
      const { b, ids } = await numbered(2);
      const upd = await t.call('POST', `${b.path}/records/batch_update`, { body: { records: [{ record_id: ids[0], fields: { n: 99 } }, { record_id: 'recNoSuch', fields: { n: 1 } }] } });
      expect(upd.body.code).toBe(1254043);
      const del = await t.call('POST', `${b.path}/records/batch_delete`, { body: { records: [ids[0], 'recNoSuch'] } });
      expect(del.body.code).toBe(1254043);
      const list = await t.call('GET', `${b.path}/records`);
      expect(list.body.data.items.map((r: any) => r.fields.n)).toEqual(['0', '1']);
    });

    it('answers more than 500 records a call with 1254104, for create, update and delete', async () => {
      const { b, ids } = await numbered(1);
      const ok = await t.call('POST', `${b.path}/records/batch_create`, { body: { records: Array.from({ length: 500 }, () => ({ fields: {} })) } });
      expect(ok.body.code).toBe(0);
      const create = await t.call('POST', `${b.path}/records/batch_create`, { body: { records: Array.from({ length: 501 }, () => ({ fields: {} })) } });
      expect([create.status, create.body.code]).toEqual([200, 1254104]);
      const update = await t.call('POST', `${b.path}/records/batch_update`, { body: { records: Array.from({ length: 501 }, () => ({ record_id: ids[0], fields: {} })) } });
      expect(update.body.code).toBe(1254104);
      const del = await t.call('POST', `${b.path}/records/batch_delete`, { body: { records: Array.from({ length: 501 }, () => ids[0]) } });
      expect(del.body.code).toBe(1254104);
    });

    it('batch_get answers found records, absent ids, automatic fields and shared urls; 1-100 ids', async () => {
      const { b, ids } = await numbered(3);
      const res = await t.sdk.bitable.appTableRecord.batchGet({ path: b.sdkPath, data: { record_ids: [ids[2], 'recGoneAway', ids[0]], automatic_fields: true, with_shared_url: true } });
      expect(res.data!.records!.map((r) => r.record_id)).toEqual([ids[2], ids[0]]);
      expect(res.data!.records![0].fields).toEqual({ 多行文本: [{ type: 'text', text: 'r2' }], n: 2 });
      expect(res.data!.records![0].created_time).toEqual(expect.any(Number));
      expect(res.data!.records![0].shared_url).toContain(ids[2]);
      expect(res.data!.absent_record_ids).toEqual(['recGoneAway']);
      expect(res.data!.forbidden_record_ids).toEqual([]);
      expect((await t.call('POST', `${b.path}/records/batch_get`, { body: { record_ids: [] } })).status).toBe(400);
      expect((await t.call('POST', `${b.path}/records/batch_get`, { body: { record_ids: Array.from({ length: 101 }, () => ids[0]) } })).status).toBe(400);
      expect((await t.call('POST', `${b.path}/records/batch_get`, { body: { record_ids: Array.from({ length: 100 }, () => ids[0]) } })).body.code).toBe(0);
    });

    it('stops a table at 20,000 records with 1254103', async () => {
      const { b } = await numbered(1);
      // Filling 20,000 records over HTTP would take 40 calls; the state is filled directly instead.
      const table = t.emu.rt.state.apps[b.appToken].tables[b.tableId];
      const template = Object.values(table.records)[0];
      for (let i = Object.keys(table.records).length; i < 19_999; i++) table.records[`recFill${i}`] = { ...template, record_id: `recFill${i}`, fields: {} };
      const two = await t.call('POST', `${b.path}/records/batch_create`, { body: { records: [{ fields: {} }, { fields: {} }] } });
      expect(two.body.code).toBe(1254103);
      expect((await b.create({ 多行文本: 'the 20,000th' })).code).toBe(0);
      expect((await b.create({ 多行文本: 'one too many' })).code).toBe(1254103);
    });
  });

  describe('client_token', () => {
    it('replays batch_create with the same token and body, and refuses another body with 1255006', async () => {
      const { b } = await numbered(0);
      const token = randomUUID();
      const records = [{ fields: { 多行文本: 'a' } }, { fields: { 多行文本: 'b' } }];
      const first = await t.sdk.bitable.appTableRecord.batchCreate({ path: b.sdkPath, params: { client_token: token }, data: { records } });
      const again = await t.sdk.bitable.appTableRecord.batchCreate({ path: b.sdkPath, params: { client_token: token }, data: { records } });
      expect(again.data!.records!.map((r) => r.record_id)).toEqual(first.data!.records!.map((r) => r.record_id));
      expect((await t.call('GET', `${b.path}/records`)).body.data.total).toBe(2);

      const conflict = await t.call('POST', `${b.path}/records/batch_create`, { query: { client_token: token }, body: { records: [{ fields: { 多行文本: 'c' } }] } });
      expect([conflict.status, conflict.body.code]).toEqual([400, 1255006]);
      // The SDK surfaces the HTTP 400 as a thrown axios error carrying the body.
      await expect(t.sdk.bitable.appTableRecord.batchCreate({ path: b.sdkPath, params: { client_token: token }, data: { records: [{ fields: {} }] } })).rejects.toMatchObject({ response: { data: { code: 1255006 } } });
      expect((await t.call('GET', `${b.path}/records`)).body.data.total).toBe(2);
    });

    it('replays a single create, keeps tokens apart per table, and refuses a token that is not a UUID', async () => {
      const { b } = await numbered(0);
      const other = await b.table('Other');
      const token = randomUUID();
      const first = await b.create({ 多行文本: 'once' }, { client_token: token });
      const again = await b.create({ 多行文本: 'once' }, { client_token: token });
      expect(again.data.record.record_id).toBe(first.data.record.record_id);
      const elsewhere = await other.create({ 多行文本: 'once' }, { client_token: token });
      expect(elsewhere.code).toBe(0);
      expect(elsewhere.data.record.record_id).not.toBe(first.data.record.record_id);
      const bad = await t.call('POST', `${b.path}/records`, { query: { client_token: '12345' }, body: { fields: {} } });
      expect([bad.status, bad.body.code]).toEqual([400, 1254037]);
      const badBatch = await t.call('POST', `${b.path}/records/batch_create`, { query: { client_token: 'x' }, body: { records: [{ fields: {} }] } });
      expect(badBatch.body.code).toBe(1254037);
    });

    it('forgets a token after an hour', async () => {
      const { b } = await numbered(0);
      const token = randomUUID();
      const first = await b.create({ 多行文本: 'x' }, { client_token: token });
      for (const entry of Object.values(t.emu.rt.state.idempotency)) entry.at -= 60 * 60 * 1000;
      const later = await b.create({ 多行文本: 'x' }, { client_token: token });
      expect(later.data.record.record_id).not.toBe(first.data.record.record_id);
    });
  });

  describe('write conflicts', () => {
    it('answers overlapping writes to one table with 1254291 (HTTP 200)', async () => {
      const b = await newTable(t);
      await t.admin('PUT', '/config', { writeLockMs: 200 });
      try {
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.call('POST', `${b.path}/records`, { body: { fields: { 多行文本: `w${i}` } } })));
        const conflicts = answers.filter((a) => a.body.code === 1254291);
        expect(conflicts.length).toBeGreaterThan(0);
        for (const c of conflicts) expect(c.status).toBe(200);
        const written = answers.filter((a) => a.body.code === 0).length;
        expect(written + conflicts.length).toBe(20);
        // Reads never conflict.
        expect((await t.call('GET', `${b.path}/records`)).body.data.total).toBe(written);
      } finally {
        await t.admin('PUT', '/config', { writeLockMs: 0 });
      }
    });

    it('also holds field writes to the lock', async () => {
      const b = await newTable(t);
      await t.admin('PUT', '/config', { writeLockMs: 5_000 });
      try {
        expect((await b.create({ 多行文本: 'holds the table' })).code).toBe(0);
        const field = await t.call('POST', `${b.path}/fields`, { body: { field_name: 'late', type: 1 } });
        expect(field.body.code).toBe(1254291);
      } finally {
        await t.admin('PUT', '/config', { writeLockMs: 0 });
      }
    });
  });

  it('lets a read-only role member read records and fields but not write them (1254302)', async () => {
    const b = await newTable(t);
    const user = await newUser(t, 'Reader');
    await t.sdk.bitable.app.update({ path: { app_token: b.appToken }, data: { is_advanced: true } });
    t.emu.rt.state.apps[b.appToken].roles.rolReader = {
      role_id: 'rolReader',
      role_name: 'readers',
      table_roles: [{ table_id: b.tableId, table_perm: 1 }],
      block_roles: [],
      members: { [user.open_id]: { member_type: 'user', id: user.open_id, member_name: 'Reader', member_en_name: 'Reader' } },
    };
    const token = user.user_access_token;
    expect((await t.call('GET', `${b.path}/records`, { token })).body.code).toBe(0);
    expect((await t.call('GET', `${b.path}/fields`, { token })).body.code).toBe(0);
    const write = await t.call('POST', `${b.path}/records`, { token, body: { fields: { 多行文本: 'no' } } });
    expect([write.status, write.body.code]).toEqual([403, 1254302]);
    expect((await t.call('POST', `${b.path}/fields`, { token, body: { field_name: 'no', type: 1 } })).body.code).toBe(1254302);
    // The app itself is never restricted.
    expect((await b.create({ 多行文本: 'yes' })).code).toBe(0);
  });

  it('works with a user_access_token through the SDK', async () => {
    const b = await newTable(t);
    const user = await newUser(t, 'SDK user');
    const res = await t.sdk.bitable.appTableRecord.create({ path: b.sdkPath, data: { fields: { 多行文本: 'by user' } } }, withUserAccessToken(user.user_access_token));
    expect(res.code).toBe(0);
  });
});
