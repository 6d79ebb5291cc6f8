import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultRuntimeConfig } from '../../src/emulator/config.js';
import { DEMO_PEOPLE, demoState, demoUserToken } from '../../src/emulator/fixtures/demo.js';
import { Runtime } from '../../src/emulator/runtime.js';
import { emptyState } from '../../src/emulator/state.js';
import { download, readAll } from '../helpers/drive.js';
import { startTestEmulator, withUserAccessToken, type TestEmulator } from '../helpers/emulator.js';
import { DAY, OFFSET, shDay } from '../helpers/shanghaiDays.js';

/** The ids the README's "Demo data" section names: a change here is a change there. */
const APP_TOKEN = 'bascnPLIgpJjLoKFh1q26hd49nx';
const TABLES = { Launches: 'tblqffVb3ku8HZAp', Tasks: 'tblDgFxLG45ZB0Hz', Team: 'tblQlbNAeajHNCRW', Assets: 'tblKXhaBoRxNLfLL' };
const COUNTS = { Launches: 30, Tasks: 240, Team: 14, Assets: 72 };
const ALICE = 'ou_f8e268529dbed0b638051597db41bf02';
/** Alice's feed groups, the chats in them and her task (README "Demo data"). */
const FEED_GROUPS = { 'Launch focus': 'ofg_b60fedd1af491cb75764f3414ee9d993', 'Launch chats': 'ofg_943a80009eddec349633eaa22577696f' };
const CHATS = { marketing: 'oc_b469dbc07fa309c318e57bcd2699d47a', aurora: 'oc_0ca3f8be2627358ebaa1b00c8bca3cce', comet: 'oc_f94d021cb1991a042ca489cb5b9954aa', exec: 'oc_9a393529e279ea30a8b6da34dc0e38de' };
const DEMO_TASK = 'e736d619-aadb-454e-885d-7e68123988bb';
const DEMO_ATTACHMENTS = {
  'aurora-2.0-hero.png': '3f3fad94-ccf3-4c36-9c2a-c3a1e3b6280a',
  'aurora-2.0-brief.pdf': '42324a68-ea21-448a-8d4c-166b41a393ad',
  'launch-checklist.md': '70e01174-3a0e-4709-bedc-4ef64c443118',
};
const EVERY_TYPE = [1, 2, 3, 4, 5, 7, 11, 13, 15, 17, 18, 19, 20, 21, 22, 23, 1001, 1002, 1003, 1004, 1005];

type Item = { record_id: string; fields: Record<string, any> };
type TableName = keyof typeof TABLES;

/** Every record of a table through the SDK's search (link cells as `{link_record_ids}`). */
async function allRecords(t: TestEmulator, table: string, sdk = t.sdk): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of await sdk.bitable.appTableRecord.searchWithIterator({ path: { app_token: APP_TOKEN, table_id: table }, params: { page_size: 500 }, data: {} })) {
    items.push(...((page?.items ?? []) as Item[]));
  }
  return items;
}

async function fieldsOf(t: TestEmulator, table: string, sdk = t.sdk) {
  const res = await sdk.bitable.appTableField.list({ path: { app_token: APP_TOKEN, table_id: table }, params: { page_size: 100 } });
  expect(res.code).toBe(0);
  return res.data!.items!;
}

/** What two starts must agree on: every id of the base, its users, chats and files. */
async function fingerprint(t: TestEmulator, sdk = t.sdk) {
  const out: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(TABLES)) {
    out[`${name}.fields`] = (await fieldsOf(t, id, sdk)).map((f) => `${f.field_id}:${f.field_name}:${f.type}`);
    const views = await sdk.bitable.appTableView.list({ path: { app_token: APP_TOKEN, table_id: id }, params: { page_size: 100 } });
    out[`${name}.views`] = views.data!.items!.map((v) => `${v.view_id}:${v.view_name}`);
    out[`${name}.records`] = (await allRecords(t, id, sdk)).map((r) => r.record_id);
  }
  const roles = await sdk.bitable.appRole.list({ path: { app_token: APP_TOKEN } });
  out.roles = roles.data!.items!.map((r) => r.role_id);
  const state = t.emu.rt.state;
  out.users = Object.keys(state.users);
  out.tokens = Object.keys(state.tokens.user);
  out.chats = Object.keys(state.chats);
  out.media = Object.keys(state.media);
  out.feedGroups = Object.values(state.feedGroups ?? {}).map((g) => [g.group_id, ...Object.keys(g.items)]);
  out.tasks = Object.keys(state.tasks);
  out.attachments = Object.keys(state.taskAttachments ?? {});
  return out;
}

/** Checks a PNG the way a decoder would: signature, chunk CRCs, and pixel data of the declared size. */
function assertPng(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const width = chunks[0].data.readUInt32BE(0);
  const height = chunks[0].data.readUInt32BE(4);
  expect(inflateSync(chunks[1].data).length).toBe(height * (1 + 3 * width));
  return { width, height };
}

describe('demo data (--seed demo)', () => {
  let t: TestEmulator;
  const records = {} as Record<TableName, Item[]>;
  beforeAll(async () => {
    t = await startTestEmulator({ seed: 'demo' });
    for (const [name, id] of Object.entries(TABLES)) records[name as TableName] = await allRecords(t, id);
  });
  afterAll(() => t.close());

  it('serves the launch tracker base with its four tables at the documented ids', async () => {
    const app = await t.sdk.bitable.app.get({ path: { app_token: APP_TOKEN } });
    expect(app.data!.app).toMatchObject({ app_token: APP_TOKEN, name: 'Product Launch Tracker', is_advanced: true });
    const tables = await t.sdk.bitable.appTable.list({ path: { app_token: APP_TOKEN } });
    expect(Object.fromEntries(tables.data!.items!.map((x) => [x.name, x.table_id]))).toEqual(TABLES);
  });

  it('uses every field type, the number presentations and text as email across its tables', async () => {
    const all = (await Promise.all(Object.values(TABLES).map((id) => fieldsOf(t, id)))).flat();
    expect([...new Set(all.map((f) => f.type))].sort((a, b) => a - b)).toEqual(EVERY_TYPE);
    for (const ui of ['Currency', 'Progress', 'Rating', 'Email', 'DuplexLink', 'GroupChat']) expect(all.map((f) => f.ui_type)).toContain(ui);
    const launches = await fieldsOf(t, TABLES.Launches);
    const duplex = launches.find((f) => f.field_name === 'Tasks')!;
    expect(duplex).toMatchObject({ type: 21, property: { table_id: TABLES.Tasks, back_field_name: 'Launch' } });
  });

  it('holds a few hundred records: 30 launches, 240 tasks, 14 people, 72 assets', () => {
    expect(Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length]))).toEqual(COUNTS);
  });

  it('links only to records that exist, and both sides of the duplex link agree', () => {
    const ids = Object.fromEntries(Object.entries(records).map(([k, v]) => [k, new Set(v.map((r) => r.record_id))])) as Record<TableName, Set<string>>;
    const links: [TableName, string, TableName][] = [['Launches', 'Stakeholders', 'Team'], ['Launches', 'Tasks', 'Tasks'], ['Tasks', 'Launch', 'Launches'], ['Tasks', 'Reviewer', 'Team'], ['Assets', 'Launch', 'Launches']];
    for (const [from, field, to] of links) {
      const linked = records[from].flatMap((r) => r.fields[field]?.link_record_ids ?? []);
      expect(linked.length, `${from}.${field}`).toBeGreaterThan(0);
      for (const id of linked) expect(ids[to].has(id), `${from}.${field} -> ${id}`).toBe(true);
    }
    for (const task of records.Tasks) {
      const [launchId] = task.fields.Launch.link_record_ids;
      const launch = records.Launches.find((l) => l.record_id === launchId)!;
      expect(launch.fields.Tasks.link_record_ids).toContain(task.record_id);
    }
    expect(records.Tasks.every((r) => r.fields.Launch.link_record_ids.length === 1)).toBe(true);
  });

  it('computes its formulas and lookups from the linked records', () => {
    const byId = new Map(Object.values(records).flat().map((r) => [r.record_id, r]));
    for (const l of records.Launches) {
      expect(l.fields.Remaining).toEqual({ type: 2, value: [l.fields.Budget - l.fields.Spent] });
      expect(l.fields['Budget health'].value[0].text).toBe(l.fields.Spent > l.fields.Budget ? 'Over budget' : 'Within budget');
      const hours = l.fields.Tasks.link_record_ids.reduce((sum: number, id: string) => sum + byId.get(id)!.fields['Estimate (h)'], 0);
      expect(l.fields['Total planned hours'].value[0]).toBeCloseTo(hours, 6);
      expect(l.fields.Summary.value[0].text).toBe(`${l.fields.Launch[0].text} · ${l.fields.Product} · ${l.fields.Status}`);
    }
    for (const task of records.Tasks) {
      const launch = byId.get(task.fields.Launch.link_record_ids[0])!;
      expect(task.fields['Launch date']).toEqual({ type: 5, value: [launch.fields['Launch date']] });
      expect(task.fields.Product).toEqual({ type: 3, value: [launch.fields.Product] });
    }
    const overBudget = records.Launches.filter((l) => l.fields.Spent > l.fields.Budget);
    expect(overBudget.length).toBeGreaterThan(0);
    expect(overBudget.length).toBeLessThan(records.Launches.length);
  });

  it('spreads dates around today (Asia/Shanghai), so relative date filters find records', () => {
    const today = shDay(Date.now()) * DAY - OFFSET; // 00:00 in Shanghai
    const launchDays = records.Launches.map((l) => Math.round((l.fields['Launch date'] - today) / DAY));
    expect(launchDays).toEqual(expect.arrayContaining([-1, 0, 1]));
    expect(launchDays.filter((d) => d < -30).length).toBeGreaterThan(3);
    expect(launchDays.filter((d) => d > 30).length).toBeGreaterThan(3);
    const due = records.Tasks.map((r) => r.fields.Due - today);
    expect(due.filter((d) => d >= 0 && d < DAY).length).toBeGreaterThan(0);
    expect(due.filter((d) => d >= DAY && d < 2 * DAY).length).toBeGreaterThan(0);
    expect(due.filter((d) => d >= -DAY && d < 0).length).toBeGreaterThan(0);
    // Created and modified times are in the past, some of them today.
    const times = records.Tasks.flatMap((r) => [r.fields.Created, r.fields['Last modified']]);
    expect(times.every((x) => x <= Date.now())).toBe(true);
    expect(records.Tasks.some((r) => r.fields['Last modified'] >= today)).toBe(true);
  });

  it('fills person, group-chat and authorship cells with real users and chats (the bot in each chat)', () => {
    const state = t.emu.rt.state;
    const chatIds = [...records.Launches.flatMap((l) => l.fields['Launch chat']), ...records.Team.flatMap((p) => p.fields['Team chat'] ?? [])].map((c: { id: string }) => c.id);
    expect(chatIds.length).toBeGreaterThan(30);
    for (const id of chatIds) expect(state.chats[id]?.bot_member, id).toBe(true);
    const people = [...records.Tasks.flatMap((r) => [...r.fields.Assignee, ...r.fields['Created by'], ...r.fields['Modified by']]), ...records.Team.flatMap((r) => r.fields.Person ?? [])];
    for (const p of people) expect(state.users[p.id]?.name, p.id).toBe(p.name);
    expect(new Set(records.Tasks.map((r) => r.fields.Assignee[0].id)).size).toBeGreaterThan(5);
  });

  it('has attachments whose files download with real bytes: PNG images, PDFs and text', async () => {
    const cover = records.Launches[0].fields.Cover[0];
    const png = await download(t, cover.file_token);
    expect(png).toMatchObject({ status: 200, type: 'image/png' });
    expect(png.bytes.length).toBe(cover.size);
    expect(assertPng(png.bytes)).toEqual({ width: 96, height: 54 });

    const files = records.Assets.map((a) => a.fields.File[0]);
    const pdfFile = files.find((f) => f.name.endsWith('.pdf'))!;
    const pdf = await download(t, pdfFile.file_token);
    expect(pdf.type).toBe('application/pdf');
    const text = pdf.bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref'); // the cross-reference table is where the trailer says

    const md = await download(t, files.find((f) => f.name.endsWith('.md'))!.file_token);
    expect(md.type).toBe('text/markdown');
    expect(md.bytes.toString()).toMatch(/^# .+ is here/);

    // Through the SDK as well, with a demo user's token.
    const avatar = records.Team[0].fields.Avatar[0];
    const dl = await t.sdk.drive.media.download({ path: { file_token: avatar.file_token } }, withUserAccessToken(demoUserToken('alice')));
    expect(assertPng(await readAll(dl.getReadableStream()))).toEqual({ width: 48, height: 48 });
  });

  it('gives twelve users fixed u-demo-… tokens that work and do not expire', async () => {
    expect(DEMO_PEOPLE).toHaveLength(12);
    for (const p of DEMO_PEOPLE) {
      const res = await t.sdk.authen.userInfo.get({}, withUserAccessToken(`u-demo-${p.key}`));
      expect(res.data).toMatchObject({ name: p.name });
    }
    const alice = await t.call('GET', '/open-apis/authen/v1/user_info', { token: 'u-demo-alice' });
    expect(alice.body).toMatchObject({ code: 0, data: { name: 'Alice Chen', open_id: ALICE, email: 'alice.chen@example.com' } });
    expect(Object.values(t.emu.rt.state.tokens.user).every((g) => g.expiresAt >= Date.UTC(2099, 0, 1))).toBe(true);
  });

  it('has advanced permissions with two custom roles, each with members, enforced for their users', async () => {
    const roles = await t.sdk.bitable.appRole.list({ path: { app_token: APP_TOKEN } });
    const items = roles.data!.items!;
    expect(items.map((r) => r.role_name)).toEqual(['Marketing editors', 'Stakeholders (read-only)']);
    const members: Record<string, string[]> = {};
    for (const r of items) {
      const res = await t.sdk.bitable.appRoleMember.list({ path: { app_token: APP_TOKEN, role_id: r.role_id! } });
      members[r.role_name!] = res.data!.items!.map((m) => m.member_name!);
    }
    expect(members).toEqual({ 'Marketing editors': ['Eve Liu', 'Frank Yang', 'Grace Huang'], 'Stakeholders (read-only)': ['Henry Zhao', 'Ivy Wu', 'Jack Zhou', 'Leo Sun'] });
    expect(items[0].table_roles!.find((x) => x.table_name === 'Tasks')).toMatchObject({ table_perm: 2, rec_rule: { conditions: [{ field_name: 'Assignee', field_type: 11 }], other_perm: 1 } });

    const path = (table: string) => `/open-apis/bitable/v1/apps/${APP_TOKEN}/tables/${table}/records`;
    // Henry (read-only) reads launches but writes nothing and sees no Team table; Eve edits assets; Bob (no role) does anything.
    expect((await t.call('GET', path(TABLES.Launches), { token: 'u-demo-henry', query: { page_size: '1' } })).body.code).toBe(0);
    expect((await t.call('GET', path(TABLES.Team), { token: 'u-demo-henry' })).body.code).toBe(1254302);
    expect((await t.call('POST', path(TABLES.Tasks), { token: 'u-demo-henry', body: { fields: { Task: 'x' } } })).body.code).toBe(1254302);
    expect((await t.call('GET', path(TABLES.Team), { token: 'u-demo-bob', query: { page_size: '1' } })).body.code).toBe(0);
    expect((await t.call('GET', path(TABLES.Assets), { token: 'u-demo-eve', query: { page_size: '1' } })).body.code).toBe(0);
  });

  it('has two views per table, a shared form on Launches, and two dashboards', async () => {
    for (const id of Object.values(TABLES)) {
      const views = await t.sdk.bitable.appTableView.list({ path: { app_token: APP_TOKEN, table_id: id } });
      expect(views.data!.items!.filter((v) => v.view_type !== 'form').length).toBeGreaterThanOrEqual(2);
    }
    const views = (await t.sdk.bitable.appTableView.list({ path: { app_token: APP_TOKEN, table_id: TABLES.Launches } })).data!.items!;
    const formView = views.find((v) => v.view_type === 'form')!;
    const form = await t.sdk.bitable.appTableForm.get({ path: { app_token: APP_TOKEN, table_id: TABLES.Launches, form_id: formView.view_id! } });
    expect(form.data!.form).toMatchObject({ name: 'Launch request', shared: true, shared_limit: 'tenant_editable' });
    const questions = (await t.sdk.bitable.appTableFormField.list({ path: { app_token: APP_TOKEN, table_id: TABLES.Launches, form_id: formView.view_id! }, params: { page_size: 100 } })).data!.items!;
    expect(questions.filter((q) => q.required).map((q) => q.title).sort()).toEqual(['Launch name', 'Owner', 'Product', 'Proposed launch date']);
    expect(questions.find((q) => q.title === 'Remaining')!.visible).toBe(false);

    const open = (await t.sdk.bitable.appTableView.list({ path: { app_token: APP_TOKEN, table_id: TABLES.Tasks } })).data!.items!.find((v) => v.view_name === 'Open tasks')!;
    expect(open.property!.filter_info).toMatchObject({ conjunction: 'and', conditions: [{ operator: 'isNot', field_type: 3 }] });

    const dashboards = await t.sdk.bitable.appDashboard.list({ path: { app_token: APP_TOKEN } });
    expect(dashboards.data!.dashboards!.map((d) => d.name)).toEqual(['Launch overview', 'Team workload']);
  });

  it("gives Alice two feed groups: one she filled by hand, one its rules fill from the demo chats", async () => {
    const alice = withUserAccessToken('u-demo-alice');
    const listed = await t.sdk.request({ method: 'GET', url: '/open-apis/im/v1/groups', params: { page_size: 50, page_token: '' } }, alice);
    expect(Object.fromEntries(listed.data.groups.map((g: any) => [g.name, g.group_id]))).toEqual(FEED_GROUPS);
    expect(listed.data.groups.find((g: any) => g.type === 'rule').rules.rules).toHaveLength(2);
    expect(listed.data.deleted_groups).toEqual([]);

    const items = async (id: string) => {
      const res = await t.call('GET', `/open-apis/im/v1/groups/${id}/list_item`, { token: 'u-demo-alice' });
      return [res.body.data.items.map((i: any) => i.feed_id), res.body.data.deleted_items.map((i: any) => i.feed_id)];
    };
    expect(await items(FEED_GROUPS['Launch focus'])).toEqual([[CHATS.aurora, CHATS.exec, CHATS.comet], [CHATS.marketing]]);
    // Group chats named "…Launch…" that Alice is in, minus the war room: Aurora and Comet (not Beacon).
    expect(await items(FEED_GROUPS['Launch chats'])).toEqual([[CHATS.aurora, CHATS.comet], []]);
    // Feed groups are per user.
    expect((await t.call('GET', '/open-apis/im/v1/groups', { token: 'u-demo-bob', query: { page_token: '' } })).body.data.groups).toEqual([]);
  });

  it("has a task of Alice's with three attachments of real bytes", async () => {
    const alice = withUserAccessToken('u-demo-alice');
    const res = await t.sdk.task.v2.attachment.list({ params: { resource_type: 'task', resource_id: DEMO_TASK } }, alice);
    const items = res.data!.items!;
    expect(Object.fromEntries(items.map((a) => [a.name, a.guid]))).toEqual(DEMO_ATTACHMENTS);
    expect(items.every((a) => a.uploader!.id === ALICE && a.resource!.id === DEMO_TASK)).toBe(true);
    const bytes = async (i: number) => Buffer.from(await (await fetch(items[i].url!)).arrayBuffer());
    expect(assertPng(await bytes(0))).toEqual({ width: 160, height: 90 });
    expect((await bytes(1)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await bytes(2)).toString()).toContain('# Aurora 2.0 launch kit');
    expect(t.emu.rt.state.tasks[DEMO_TASK]).toMatchObject({ summary: 'Prepare the Aurora 2.0 launch kit', owner_open_id: ALICE });
  });

  it('has the same ids on every start, and POST /__emulator/reset {seed: "demo"} puts it back', async () => {
    const before = await fingerprint(t);
    const second = await startTestEmulator({ seed: 'demo' });
    try {
      expect(await fingerprint(second)).toEqual(before);
    } finally {
      await second.close();
    }

    const taskPath = `/open-apis/bitable/v1/apps/${APP_TOKEN}/tables/${TABLES.Tasks}/records`;
    const gone = records.Tasks[0].record_id;
    expect((await t.call('DELETE', `${taskPath}/${gone}`)).body.code).toBe(0);
    expect((await t.call('POST', `/open-apis/bitable/v1/apps/${APP_TOKEN}/tables/${TABLES.Assets}/records`, { body: { fields: { Asset: 'Extra' } } })).body.code).toBe(0); // another table: the delete holds Tasks' write lock
    expect((await t.call('PUT', `/open-apis/bitable/v1/apps/${APP_TOKEN}`, { body: { name: 'Renamed' } })).body.code).toBe(0);

    expect(await t.admin('POST', '/reset', { seed: 'demo' })).toEqual({ status: 200, body: { seed: 'demo' } });
    // A reset keeps the app's tenant tokens: the SDK's cached token still works.
    const sdk = t.sdk;
    expect(await fingerprint(t, sdk)).toEqual(before);
    expect((await sdk.bitable.app.get({ path: { app_token: APP_TOKEN } })).data!.app!.name).toBe('Product Launch Tracker');
    expect((await t.call('GET', `${taskPath}/${gone}`)).body.code).toBe(0);
    const cover = records.Launches[0].fields.Cover[0];
    expect((await download(t, cover.file_token)).bytes.length).toBe(cover.size); // the new state has its bytes too
    expect((await t.call('GET', '/open-apis/authen/v1/user_info', { token: 'u-demo-alice' })).body.data.open_id).toBe(ALICE);
  });

  it('keeps its attachments on disk with --data and loads them back after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-data-'));
    try {
      const first = await startTestEmulator({ seed: 'demo', dataFile: join(dir, 'state.json') });
      const cover = records.Launches[1].fields.Cover[0];
      expect((await download(first, cover.file_token)).bytes.length).toBe(cover.size);
      await first.close();
      const second = await startTestEmulator({ seed: 'empty', dataFile: join(dir, 'state.json') });
      try {
        expect(assertPng((await download(second, cover.file_token, { token: 'u-demo-kate' })).bytes)).toEqual({ width: 96, height: 54 });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demoState', () => {
  const runtime = (now: number) => {
    const rt = new Runtime(emptyState(), defaultRuntimeConfig(), 'cli_a1b2c3d4e5f60718', 'secret', 'http://127.0.0.1:1');
    vi.spyOn(rt, 'now').mockReturnValue(now);
    return rt;
  };
  const ids = (s: ReturnType<typeof demoState>) => JSON.stringify([Object.keys(s.users), Object.keys(s.chats), Object.keys(s.media), Object.keys(s.feedGroups ?? {}), Object.keys(s.tasks), Object.keys(s.taskAttachments ?? {}), ...Object.values(s.apps).map((a) => [a.app_token, Object.values(a.tables).map((x) => [x.table_id, Object.keys(x.fields), Object.keys(x.views), Object.keys(x.records)]), Object.keys(a.roles), Object.keys(a.dashboards)])]);

  it('gives the same ids whatever day it is built, and leaves the runtime it is given alone', () => {
    const rt = runtime(Date.UTC(2026, 0, 15, 3));
    const state = rt.state;
    const january = demoState(rt);
    const later = demoState(runtime(Date.UTC(2027, 6, 1, 20)));
    expect(ids(later)).toBe(ids(january));
    expect(Object.values(january.apps)[0].app_token).toBe(APP_TOKEN);
    expect(rt.state).toBe(state);
    expect(rt.state).toEqual(emptyState());
  });

  it('anchors dates to the clock it is given', () => {
    const now = Date.UTC(2026, 0, 15, 3);
    const app = Object.values(demoState(runtime(now)).apps)[0];
    const launches = Object.values(app.tables).find((x) => x.name === 'Launches')!;
    const dateField = Object.values(launches.fields).find((f) => f.field_name === 'Launch date')!.field_id;
    const dates = Object.values(launches.records).map((r) => r.fields[dateField] as number);
    expect(dates).toContain(Date.UTC(2026, 0, 14, 16)); // midnight of 2026-01-15 in Asia/Shanghai
    expect(Object.values(launches.records).every((r) => r.created_time <= r.last_modified_time && r.last_modified_time <= now)).toBe(true);
  });

  it('names in the README only ids and tokens the demo has', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /### Demo data\n([\s\S]*?)\n### /.exec(readme)![1];
    const state = demoState(runtime(Date.now()));
    const app = Object.values(state.apps)[0];
    const known = new Set([
      app.app_token, ...Object.keys(state.feedGroups ?? {}), ...Object.keys(state.users), ...Object.keys(state.chats), ...Object.keys(state.tokens.user), ...Object.keys(app.roles), ...Object.keys(app.dashboards),
      ...Object.values(app.tables).flatMap((x) => [x.table_id, ...Object.keys(x.views)]),
    ]);
    const named = section.match(/`(bascn|tbl|vew|ou_|oc_|ofg_|rol|blk|u-demo-)[A-Za-z0-9_-]+`/g)!.map((x) => x.slice(1, -1));
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((id) => !known.has(id))).toEqual([]);
    expect(section).toContain(APP_TOKEN);
    for (const id of [...Object.values(FEED_GROUPS), DEMO_TASK, ...Object.values(DEMO_ATTACHMENTS)]) expect(section).toContain(id);
    for (const [name, id] of Object.entries(TABLES)) expect(section).toContain(`| ${name} | \`${id}\` | ${COUNTS[name as TableName]} |`);
  });

  it('builds in well under 300 ms', () => {
    const rt = runtime(Date.now());
    const times = [0, 1, 2].map(() => {
      const start = performance.now();
      demoState(rt);
      return performance.now() - start;
    });
    expect(Math.min(...times)).toBeLessThan(300);
  });
});
