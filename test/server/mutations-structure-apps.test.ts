import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, startDemoStack, type DemoStack } from './bitable.js';
import { dryThenReal, expectError, expectFeishuError, expectRefused, injectFault, longName, ok } from './structureMutations.js';

/**
 * Base and dashboard mutations over real HTTP on the demo base: createApp, copyApp, updateApp,
 * copyDashboard. Each: a dry run that writes nothing and plans exactly what the real run sends,
 * the result read back, input refused before any call, and a Feishu error's code.
 */

const APPS = '/open-apis/bitable/v1/apps';
const NO_BASE = 'bascnNoSuchBase00000000000';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
  // Back-to-back writes: no hold after each (a retried conflict would add a call to the log a dry run is compared with).
  await s.emulatorConfig({ writeLockMs: 0 });
});
afterAll(() => s.close());

const dashboards = async (appToken = BASE): Promise<{ blockId: string; name: string }[]> => {
  const d = await ok(s, `{ app(appToken: "${appToken}") { dashboards { edges { node { blockId name } } } } }`);
  return d.app.dashboards.edges.map((e: any) => e.node);
};

describe('createApp', () => {
  it('plans one POST, then creates a base with its default table', async () => {
    const { planned, payload } = await dryThenReal(
      s,
      'createApp',
      { name: 'Roadmap 2026', timeZone: 'Europe/Berlin' },
      'app { appToken name timeZone isAdvanced } url defaultTable { tableId name }',
    );
    expect(planned).toEqual([{ endpoint: 'bitable.createApp', method: 'POST', path: APPS, query: {}, body: { name: 'Roadmap 2026', time_zone: 'Europe/Berlin' } }]);
    expect(payload.app).toMatchObject({ name: 'Roadmap 2026', timeZone: 'Europe/Berlin', isAdvanced: false });
    expect(payload.url).toContain(payload.app.appToken);

    const d = await ok(s, `{ app(appToken: "${payload.app.appToken}") { name timeZone tables { edges { node { tableId name } } } } }`);
    expect(d.app).toMatchObject({ name: 'Roadmap 2026', timeZone: 'Europe/Berlin' });
    expect(d.app.tables.edges.map((e: any) => e.node)).toEqual([payload.defaultTable]);
  });

  it('refuses a blank or too long name and an unknown time zone before any call', async () => {
    await expectRefused(s, 'createApp', { name: ' ' }, 'input.name');
    await expectRefused(s, 'createApp', { name: longName(256) }, 'input.name');
    await expectRefused(s, 'createApp', { name: 'Ok', timeZone: 'Mars/Olympus' }, 'input.timeZone');
    await expectRefused(s, 'createApp', { folderToken: '' }, 'input.folderToken');
  });

  it('surfaces a Feishu refusal with its code', async () => {
    await injectFault(s, { method: 'POST', path: `${APPS}$`, status: 400, code: 1254036, msg: 'Bitable is copying, please try again later.' });
    await s.clearLog();
    // 1254036 is transient, but a create without a client_token is never repeated.
    const e = await expectError(s, 'createApp', { name: 'Never made' }, 'UPSTREAM_UNAVAILABLE');
    expect(e.extensions.feishu).toMatchObject({ code: 1254036 });
    expect((await s.log()).filter((c) => c.method === 'POST' && c.path === APPS)).toHaveLength(1);
  });
});

describe('copyApp', () => {
  it('plans one POST, then copies the base (structure only when asked)', async () => {
    const { planned, payload } = await dryThenReal(
      s,
      'copyApp',
      { appToken: BASE, name: 'Launch tracker (template)', withoutContent: true, timeZone: 'Asia/Tokyo' },
      'app { appToken name timeZone } url',
    );
    expect(planned).toEqual([
      { endpoint: 'bitable.copyApp', method: 'POST', path: `${APPS}/${BASE}/copy`, query: {}, body: { name: 'Launch tracker (template)', without_content: true, time_zone: 'Asia/Tokyo' } },
    ]);
    const copy = payload.app.appToken;
    expect(copy).not.toBe(BASE);
    expect(payload.app).toMatchObject({ name: 'Launch tracker (template)', timeZone: 'Asia/Tokyo' });

    const d = await ok(s, `{ app(appToken: "${copy}") { name table(tableId: "${LAUNCHES}") { name records(first: 5) { edges { node { recordId } } } } } }`);
    expect(d.app.name).toBe('Launch tracker (template)');
    expect(d.app.table).toEqual({ name: 'Launches', records: { edges: [] } });
  });

  it('refuses an empty appToken, a blank name and an unknown time zone before any call', async () => {
    await expectRefused(s, 'copyApp', { appToken: '' }, 'input.appToken');
    await expectRefused(s, 'copyApp', { appToken: BASE, name: '' }, 'input.name');
    await expectRefused(s, 'copyApp', { appToken: BASE, timeZone: 'UTC+8' }, 'input.timeZone');
  });

  it('surfaces an unknown base as NOT_FOUND', async () => {
    await expectFeishuError(s, 'copyApp', { appToken: NO_BASE }, 'NOT_FOUND', 1254040);
  });
});

describe('updateApp', () => {
  it('plans one PUT, then renames the base and switches advanced permissions on', async () => {
    const made = await ok(s, 'mutation { createApp(input: { name: "Scratch" }) { app { appToken } } }');
    const appToken = made.createApp.app.appToken;
    const { planned, payload } = await dryThenReal(s, 'updateApp', { appToken, name: 'Scratch (advanced)', isAdvanced: true }, 'app { appToken name isAdvanced revision }');
    expect(planned).toEqual([{ endpoint: 'bitable.updateApp', method: 'PUT', path: `${APPS}/${appToken}`, query: {}, body: { name: 'Scratch (advanced)', is_advanced: true } }]);
    expect(payload.app).toMatchObject({ appToken, name: 'Scratch (advanced)', isAdvanced: true });
    const d = await ok(s, `{ app(appToken: "${appToken}") { name isAdvanced } }`);
    expect(d.app).toEqual({ name: 'Scratch (advanced)', isAdvanced: true });
  });

  it('refuses an update of nothing and an invalid name before any call', async () => {
    await expectRefused(s, 'updateApp', { appToken: BASE }, 'input');
    await expectRefused(s, 'updateApp', { appToken: BASE, name: 'Launches: 2026' }, 'input.name');
    await expectRefused(s, 'updateApp', { appToken: BASE, name: longName(101) }, 'input.name');
    await expectRefused(s, 'updateApp', { appToken: BASE, name: '  ' }, 'input.name');
  });

  it('surfaces an unknown base as NOT_FOUND', async () => {
    await expectFeishuError(s, 'updateApp', { appToken: NO_BASE, isAdvanced: false }, 'NOT_FOUND', 1254040);
  });
});

describe('copyDashboard', () => {
  it('plans one POST, then copies the dashboard, answering from Feishu\'s reply without a re-read', async () => {
    const overview = (await dashboards()).find((d) => d.name === 'Launch overview')!;
    const { planned, payload, log } = await dryThenReal(
      s,
      'copyDashboard',
      { appToken: BASE, blockId: overview.blockId, name: 'Launch overview (Q3)' },
      'app { appToken } dashboard { blockId name }',
    );
    expect(planned).toEqual([
      { endpoint: 'bitable.copyDashboard', method: 'POST', path: `${APPS}/${BASE}/dashboards/${overview.blockId}/copy`, query: {}, body: { name: 'Launch overview (Q3)' } },
    ]);
    expect(payload.dashboard.name).toBe('Launch overview (Q3)');
    expect(log.filter((c) => c.method === 'GET')).toEqual([]);
    expect(await dashboards()).toContainEqual(payload.dashboard);
  });

  it('refuses a blank, too long or bracketed name before any call', async () => {
    const [first] = await dashboards();
    await expectRefused(s, 'copyDashboard', { appToken: BASE, blockId: first.blockId, name: ' ' }, 'input.name');
    await expectRefused(s, 'copyDashboard', { appToken: BASE, blockId: first.blockId, name: longName(101) }, 'input.name');
    await expectRefused(s, 'copyDashboard', { appToken: BASE, blockId: first.blockId, name: 'Overview [old]' }, 'input.name');
    await expectRefused(s, 'copyDashboard', { appToken: BASE, blockId: '', name: 'Ok' }, 'input.blockId');
  });

  it('surfaces an unknown dashboard as NOT_FOUND and a taken name as BAD_USER_INPUT', async () => {
    await expectFeishuError(s, 'copyDashboard', { appToken: BASE, blockId: 'blkNoSuchBlock00', name: 'Ok' }, 'NOT_FOUND', 1254050);
    const [first] = await dashboards();
    await expectFeishuError(s, 'copyDashboard', { appToken: BASE, blockId: first.blockId, name: 'Team workload' }, 'BAD_USER_INPUT', 1254039);
  });
});
