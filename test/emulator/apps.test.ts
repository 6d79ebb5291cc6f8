import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('bitable apps', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  it('creates, reads, updates and copies a base through the official SDK', async () => {
    const created = await t.sdk.bitable.app.create({ data: { name: 'Launch tracker', time_zone: 'Asia/Shanghai' } });
    expect(created.code).toBe(0);
    const appToken = created.data!.app!.app_token!;
    expect(appToken).toMatch(/^bascn/);
    expect(created.data!.app!.default_table_id).toMatch(/^tbl/);

    const got = await t.sdk.bitable.app.get({ path: { app_token: appToken } });
    expect(got.data!.app).toMatchObject({ app_token: appToken, name: 'Launch tracker', is_advanced: false });

    const updated = await t.sdk.bitable.app.update({ path: { app_token: appToken }, data: { name: 'Renamed', is_advanced: true } });
    expect(updated.data!.app).toMatchObject({ name: 'Renamed', is_advanced: true });

    const copy = await t.sdk.bitable.app.copy({ path: { app_token: appToken }, data: { name: 'Copy', without_content: true } });
    expect(copy.data!.app!.app_token).not.toBe(appToken);
    expect(copy.data!.app!.name).toBe('Copy');
  });

  it('answers an unknown base with 1254040', async () => {
    const res = await t.call('GET', '/open-apis/bitable/v1/apps/bascnNoSuchBase');
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(1254040);
    expect(res.headers.get('x-tt-logid')).toBeTruthy();
  });
});
