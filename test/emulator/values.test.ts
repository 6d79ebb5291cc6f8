import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateFormula, filterCell, type Plain } from '../../src/emulator/bitable/values.js';
import { newTable, type TestTable } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';

/**
 * Every field type of seed A03: the write shape it accepts (and the per-type code for a bad
 * value), and the read shape each endpoint family answers (seed A29-A35 examples).
 */
describe('bitable cell values', () => {
  let t: TestEmulator;
  let tasks: TestTable;
  let projects: TestTable;
  let alice: TestUser;
  let bob: TestUser;
  let chatId: string;
  let projectA: string;
  let projectB: string;
  const fileToken = 'boxcnEmulatorTestFile000001';

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    alice = await newUser(t, '黄泡泡', { en_name: 'Paopao Huang', email: 'paopao@example.com' });
    bob = await newUser(t, 'Bob');
    chatId = (await t.admin('POST', '/chats', { name: 'Launch room' })).body.chat_id;
    // The drive work fills `media` on upload; a test may put an entry in directly.
    t.emu.rt.state.media[fileToken] = { file_token: fileToken, name: '2.gif', size: 10250625, mime_type: 'image/gif', parent_type: 'bitable_file', parent_node: '', created_at: Date.now() };

    tasks = await newTable(t, 'Values base');
    projects = await tasks.table('Projects');
    projectA = (await projects.create({ 多行文本: '第一行' })).data.record.record_id;
    projectB = (await projects.create({ 多行文本: '第二行' })).data.record.record_id;
    const fields: [string, number, unknown?][] = [
      ['人力耗时', 2, { formatter: '0' }],
      ['状态', 3, { options: [{ name: '开发中' }] }],
      ['相关部门', 4, { options: [{ name: '研发' }] }],
      ['截止日期', 5],
      ['是否完成', 7],
      ['任务执行人', 11],
      ['唯一负责人', 11, { multiple: false }],
      ['电话', 13],
      ['文档地址', 15],
      ['任务附件', 17],
      ['单向关联', 18, { table_id: projects.tableId }],
      ['双向关联', 21, { table_id: projects.tableId, back_field_name: '任务' }],
      ['地点', 22],
      ['群', 23],
      ['公式', 20, { formula_expression: '[人力耗时] * 2 + 1' }],
      ['创建时间', 1001],
      ['修改时间', 1002],
      ['创建人', 1003],
      ['修改人', 1004],
      ['编号', 1005],
    ];
    for (const [field_name, type, property] of fields) await tasks.field({ field_name, type, property });
    const lookupLink = (await tasks.listFields()).find((f) => f.field_name === '单向关联')!;
    const projectPrimary = (await projects.listFields())[0];
    await tasks.field({ field_name: '项目名', type: 19, property: { link_field_id: lookupLink.field_id, target_field_id: projectPrimary.field_id } } as never);
  });
  afterAll(() => t.close());

  const write = () => ({
    多行文本: '我是最大的功能开发🥕',
    人力耗时: 64,
    状态: '开发中',
    相关部门: ['研发', '产品'],
    截止日期: 1612108800000,
    是否完成: true,
    任务执行人: [{ id: alice.open_id }],
    电话: '+8613800000000',
    文档地址: { text: '文档备份', link: 'https://example.com/drive/home/' },
    任务附件: [{ file_token: fileToken }],
    单向关联: [projectA],
    双向关联: [projectA, projectB],
    地点: '116.397755,39.903179',
    群: [{ id: chatId }],
  });

  describe('write shapes and the create echo', () => {
    it('echoes what was written, in the write shapes of seed A31', async () => {
      const res = await tasks.create(write());
      expect(res.code).toBe(0);
      const f = res.data.record.fields;
      const { 地点: _location, ...echoed } = write(); // 地点 comes back as a location object, as on read
      expect(f).toMatchObject(echoed);
      expect(f.任务执行人[0]).toEqual({ id: alice.open_id });
      expect(res.data.record.record_id).toMatch(/^rec[A-Za-z0-9]{11}$/);
    });

    it('adds a select option the field lacks, continuing the colours', async () => {
      expect((await tasks.create({ 相关部门: ['研发', '产品'] })).code).toBe(0); // 产品 is not an option of the field as made
      const dept = (await tasks.listFields()).find((f) => f.field_name === '相关部门')!;
      expect(dept.property!.options!.map((o) => [o.name, o.color])).toEqual([['研发', 0], ['产品', 1]]);
    });

    it('answers each type a bad value with its seed code', async () => {
      const cases: [string, unknown, number][] = [
        ['多行文本', 12, 1254060],
        ['人力耗时', '64', 1254061],
        ['状态', 3, 1254062],
        ['相关部门', '研发', 1254063],
        ['截止日期', '2021-01-01', 1254064],
        ['是否完成', 'yes', 1254065],
        ['任务执行人', [{ id: 'ou_nobody' }], 1254066],
        ['任务执行人', 'ou_x', 1254066],
        ['唯一负责人', [{ id: alice.open_id }, { id: bob.open_id }], 1254066],
        ['电话', '138-0000', 1254072],
        ['文档地址', 'https://example.com', 1254068],
        ['任务附件', [{ file_token: 'boxcnNotUploaded' }], 1254069],
        ['单向关联', ['recNoSuchRecord'], 1254067],
        ['双向关联', 'recX', 1254067],
        ['地点', 'somewhere', 1254015],
        ['群', [{ id: 'oc_nosuchchat' }], 1254015],
      ];
      for (const [name, value, code] of cases) {
        const res = await tasks.create({ [name]: value });
        expect([name, res.code]).toEqual([name, code]);
      }
    });

    it('refuses writes to computed fields and to names the table lacks', async () => {
      for (const name of ['公式', '项目名', '创建时间', '修改时间', '创建人', '修改人', '编号']) {
        const res = await tasks.create({ [name]: name === '创建人' || name === '修改人' ? [{ id: alice.open_id }] : 1 });
        expect([name, res.code]).toEqual([name, 1254015]);
      }
      expect((await tasks.create({ 没有这个字段: 'x' })).code).toBe(1254045);
    });

    it('changes nothing when one value of a write is refused', async () => {
      const before = (await t.call('GET', `${tasks.path}/records`)).body.data.total;
      const res = await t.call('POST', `${tasks.path}/records/batch_create`, { body: { records: [{ fields: { 状态: '全新选项' } }, { fields: { 人力耗时: 'bad' } }] } });
      expect(res.body.code).toBe(1254061);
      expect((await t.call('GET', `${tasks.path}/records`)).body.data.total).toBe(before);
      expect((await tasks.listFields()).find((f) => f.field_name === '状态')!.property!.options!.map((o) => o.name)).toEqual(['开发中']);
    });

    it('reads and writes persons by the requested user_id_type', async () => {
      const res = await tasks.create({ 任务执行人: [{ id: alice.user_id }] }, { user_id_type: 'user_id' });
      expect(res.code).toBe(0);
      expect(res.data.record.fields.任务执行人).toEqual([{ id: alice.user_id }]);
      const got = await t.sdk.bitable.appTableRecord.get({ path: { ...tasks.sdkPath, record_id: res.data.record.record_id }, params: { user_id_type: 'union_id' } });
      expect(got.data!.record!.fields.任务执行人).toEqual([{ id: alice.union_id, name: '黄泡泡', en_name: 'Paopao Huang', email: 'paopao@example.com', avatar_url: '' }]);
    });
  });

  describe('read shapes per endpoint', () => {
    let recordId: string;
    beforeAll(async () => {
      recordId = (await tasks.create(write())).data.record.record_id;
    });

    const attachment = () => ({
      file_token: fileToken,
      name: '2.gif',
      size: 10250625,
      type: 'image/gif',
      url: `${t.url}/open-apis/drive/v1/medias/${fileToken}/download`,
      tmp_url: `${t.url}/open-apis/drive/v1/medias/batch_get_tmp_download_url?file_tokens=${fileToken}`,
    });
    const person = () => ({ id: alice.open_id, name: '黄泡泡', en_name: 'Paopao Huang', email: 'paopao@example.com', avatar_url: '' });
    const location = { location: '116.397755,39.903179', pname: '', cityname: '', adname: '', address: '', name: '', full_address: '' };

    it('get (seed A29): text a string, numbers as numbers, links with record_ids/table_id/text', async () => {
      const got = await t.sdk.bitable.appTableRecord.get({ path: { ...tasks.sdkPath, record_id: recordId } });
      const f = got.data!.record!.fields as Record<string, unknown>;
      expect(f).toMatchObject({
        ...write(), // text, numbers, selects, dates, checkbox, phone and URL read as written; the rest:
        任务执行人: [person()],
        任务附件: [attachment()],
        单向关联: [{ record_ids: [projectA], table_id: projects.tableId, text: '第一行', type: 'text' }],
        双向关联: [{ record_ids: [projectA, projectB], table_id: projects.tableId, text: '第一行,第二行', type: 'text' }],
        地点: location,
        群: [{ id: chatId, name: 'Launch room', avatar_url: '' }],
        公式: { type: 2, value: [129] },
        项目名: { type: 1, value: [{ type: 'text', text: '第一行' }] },
        编号: expect.stringMatching(/^\d+$/),
      });
      expect(typeof f.创建时间).toBe('number');
      expect(f.修改时间).toBe(f.创建时间);
      expect(f.创建人).toEqual([{ id: t.emu.rt.bot.open_id, name: 'Emulator App', en_name: 'Emulator App', email: '', avatar_url: '' }]);
      expect(got.data!.record!.record_id).toBe(recordId);
      expect(got.data!.record!.created_by).toBeUndefined();
    });

    it('get with text_field_as_array=true gives text as segments', async () => {
      const got = await t.call('GET', `${tasks.path}/records/${recordId}`, { query: { text_field_as_array: 'true' } });
      expect(got.body.data.record.fields.多行文本).toEqual([{ type: 'text', text: '我是最大的功能开发🥕' }]);
    });

    it('list (seed A30, A03 "列出时为string"): numbers as strings, the rest as get', async () => {
      const list = await t.call('GET', `${tasks.path}/records`, { query: { page_size: '500' } });
      const item = list.body.data.items.find((r: any) => r.record_id === recordId);
      expect(item.fields.人力耗时).toBe('64');
      expect(item.fields.多行文本).toBe('我是最大的功能开发🥕');
      expect(item.fields.单向关联).toEqual([{ record_ids: [projectA], table_id: projects.tableId, text: '第一行', type: 'text' }]);
      expect(item.fields.任务附件).toEqual([attachment()]);
    });

    it('search and batch_get: text as segments, links as {link_record_ids}', async () => {
      const searched = await t.sdk.bitable.appTableRecord.search({ path: tasks.sdkPath, params: { page_size: 500 }, data: {} });
      const item = searched.data!.items!.find((r) => r.record_id === recordId)!;
      const batch = await t.sdk.bitable.appTableRecord.batchGet({ path: tasks.sdkPath, data: { record_ids: [recordId] } });
      for (const f of [item.fields, batch.data!.records![0].fields] as Record<string, unknown>[]) {
        expect(f).toMatchObject({
          多行文本: [{ type: 'text', text: '我是最大的功能开发🥕' }],
          人力耗时: 64,
          单向关联: { link_record_ids: [projectA] },
          双向关联: { link_record_ids: [projectA, projectB] },
          任务执行人: [person()],
          任务附件: [attachment()],
          地点: location,
          公式: { type: 2, value: [129] },
        });
      }
    });

    it('leaves empty cells out and clears a cell written as null', async () => {
      const id = (await tasks.create({ 多行文本: 'only text', 人力耗时: 1 })).data.record.record_id;
      const cleared = await t.call('PUT', `${tasks.path}/records/${id}`, { body: { fields: { 人力耗时: null } } });
      expect(cleared.body.code).toBe(0);
      const got = await t.call('GET', `${tasks.path}/records/${id}`);
      expect(got.body.data.record.fields.人力耗时).toBeUndefined();
      expect(got.body.data.record.fields.多行文本).toBe('only text');
      expect(got.body.data.record.fields.公式).toEqual({ type: 2, value: [1] });
    });
  });

  describe('filter cells', () => {
    it('give the query languages text, numbers, dates, parts and ids of every kind of cell', async () => {
      const id = (await tasks.create(write())).data.record.record_id;
      const app = t.emu.rt.state.apps[tasks.appToken];
      const table = app.tables[tasks.tableId];
      const record = table.records[id];
      const cell = (name: string) => filterCell({ rt: t.emu.rt, app }, table, Object.values(table.fields).find((f) => f.field_name === name)!, record);
      expect(cell('多行文本')).toMatchObject({ type: 1, empty: false, text: '我是最大的功能开发🥕' });
      expect(cell('人力耗时')).toMatchObject({ type: 2, empty: false, number: 64, text: '64' });
      expect(cell('相关部门')).toMatchObject({ empty: false, values: ['研发', '产品'], text: '研发,产品' });
      expect(cell('状态')).toMatchObject({ text: '开发中', values: ['开发中'] });
      expect(cell('截止日期')).toMatchObject({ date: 1612108800000, text: '2021/02/01' });
      expect(cell('是否完成')).toMatchObject({ number: 1, empty: false });
      expect(cell('任务执行人')).toMatchObject({ values: ['黄泡泡'], ids: [alice.open_id] });
      expect(cell('双向关联')).toMatchObject({ values: ['第一行', '第二行'], ids: [projectA, projectB] });
      expect(cell('群')).toMatchObject({ values: ['Launch room'], ids: [chatId] });
      expect(cell('公式')).toMatchObject({ number: 129 });
      expect(cell('创建人')).toMatchObject({ ids: [t.emu.rt.bot.open_id] });
      expect(cell('创建时间').date).toBe(record.created_time);
      expect(cell('唯一负责人')).toMatchObject({ empty: true, text: '' });
    });
  });

  describe('duplex links', () => {
    const twin = async (projectId: string) => (await t.call('GET', `${projects.path}/records/${projectId}`)).body.data.record.fields.任务;

    it('shows a write of one side in the twin cells of the other table, both ways', async () => {
      const id = (await tasks.create({ 多行文本: 'duplex', 双向关联: [projectA] })).data.record.record_id;
      expect((await twin(projectA))[0].record_ids).toContain(id);
      await t.call('PUT', `${tasks.path}/records/${id}`, { body: { fields: { 双向关联: [projectB] } } });
      expect((await twin(projectA))?.[0]?.record_ids ?? []).not.toContain(id);
      expect((await twin(projectB))[0].record_ids).toContain(id);

      // Writing the twin side updates this side.
      const twinIds = (await twin(projectB))[0].record_ids.filter((x: string) => x !== id);
      await t.call('PUT', `${projects.path}/records/${projectB}`, { body: { fields: { 任务: twinIds } } });
      const mine = (await t.call('GET', `${tasks.path}/records/${id}`)).body.data.record.fields.双向关联;
      expect(mine).toBeUndefined();

      await t.call('PUT', `${tasks.path}/records/${id}`, { body: { fields: { 双向关联: [projectA] } } });
      await t.call('DELETE', `${tasks.path}/records/${id}`);
      expect(((await twin(projectA))?.[0]?.record_ids ?? [])).not.toContain(id);
    });
  });

  describe('formula fields', () => {
    it('computes the documented subset from the record', async () => {
      const b = await newTable(t, 'Formula base');
      await b.field({ field_name: 'a', type: 2 });
      await b.field({ field_name: 'b', type: 2 });
      await b.field({ field_name: 'f_sum', type: 20, property: { formula_expression: 'SUM([a], [b], 1)' } });
      await b.field({ field_name: 'f_text', type: 20, property: { formula_expression: 'CONCATENATE([多行文本], "-", [a])' } });
      await b.field({ field_name: 'f_if', type: 20, property: { formula_expression: 'IF([a] > [b], "a wins", "b wins")' } });
      await b.field({ field_name: 'f_div', type: 20, property: { formula_expression: '([a] - [b]) / [b]' } });
      const fields = await b.listFields();
      const aId = fields.find((f) => f.field_name === 'a')!.field_id;
      await b.field({ field_name: 'f_ref', type: 20, property: { formula_expression: `bitable::$table[${b.tableId}].$field[${aId}] * 10` } });
      const id = (await b.create({ 多行文本: 'x', a: 6, b: 4 })).data.record.record_id;
      const f = (await t.call('GET', `${b.path}/records/${id}`)).body.data.record.fields;
      expect(f.f_sum).toEqual({ type: 2, value: [11] });
      expect(f.f_text).toEqual({ type: 1, value: [{ type: 'text', text: 'x-6' }] });
      expect(f.f_if).toEqual({ type: 1, value: [{ type: 'text', text: 'a wins' }] });
      expect(f.f_div).toEqual({ type: 2, value: [0.5] });
      expect(f.f_ref).toEqual({ type: 2, value: [60] });
      const ref = (await t.call('GET', `${b.path}/records/${id}`, { query: { display_formula_ref: 'true' } })).body.data.record.fields;
      expect(ref.f_sum).toBe(11);
      expect(ref.f_text).toBe('x-6');
    });

    it('keeps the value a fixture stored when the expression is outside the subset', async () => {
      const b = await newTable(t, 'Fixture base');
      const field = await b.field({ field_name: 'f', type: 20, property: { formula_expression: 'DATEDIF([a], TODAY(), "D")' } });
      const id = (await b.create({ 多行文本: 'x' })).data.record.record_id;
      expect((await t.call('GET', `${b.path}/records/${id}`)).body.data.record.fields.f).toBeUndefined();
      t.emu.rt.state.apps[b.appToken].tables[b.tableId].records[id].fields[field.field_id] = { type: 2, value: [42] };
      expect((await t.call('GET', `${b.path}/records/${id}`)).body.data.record.fields.f).toEqual({ type: 2, value: [42] });
    });

    it('evaluates expressions without a table', () => {
      const cells: Record<string, Plain> = { n: 3, s: 'hi', empty: null, many: [1, 2, 3] };
      const valueOf = ({ ref }: { ref: string }) => cells[ref];
      expect(evaluateFormula('[n] * (2 + 1) - 4 / 2', valueOf)).toEqual({ value: 7 });
      expect(evaluateFormula('-[n] + 1', valueOf)).toEqual({ value: -2 });
      expect(evaluateFormula('[empty] + 1', valueOf)).toEqual({ value: 1 });
      expect(evaluateFormula('SUM([many], 4)', valueOf)).toEqual({ value: 10 });
      expect(evaluateFormula('CONCATENATE([s], " ", [n], TRUE)', valueOf)).toEqual({ value: 'hi 3true' });
      expect(evaluateFormula('IF([n] >= 3, "big", "small")', valueOf)).toEqual({ value: 'big' });
      expect(evaluateFormula('IF([s] = "hi", 1)', valueOf)).toEqual({ value: 1 });
      expect(evaluateFormula('IF([s] <> "hi", 1)', valueOf)).toEqual({ value: null });
      expect(evaluateFormula('[n] / 0', valueOf)).toEqual({ value: null });
      expect(evaluateFormula('0.1 + 0.2', valueOf)).toEqual({ value: 0.1 + 0.2 });
      expect(evaluateFormula('LEN([s])', valueOf)).toBeUndefined();
      expect(evaluateFormula('[missing] + 1', valueOf)).toBeUndefined();
      expect(evaluateFormula('[n] +', valueOf)).toBeUndefined();
      expect(evaluateFormula('', valueOf)).toBeUndefined();
    });
  });
});
