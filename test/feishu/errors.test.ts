import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { classify, FeishuError } from '../../src/feishu/index.js';
import { redact } from '../../src/feishu/redact.js';
import { DEMO, rejectionOf, rig, type Rig } from './harness.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('classify: the one mapping table', () => {
  it.each([
    [400, 99991661, 'auth'],
    [400, 99991663, 'auth'],
    [400, 99991664, 'auth'],
    [400, 99991668, 'auth'],
    [400, 99991671, 'auth'],
    [400, 99991677, 'auth'],
    [200, 10014, 'auth'],
    [403, 99991672, 'permission'],
    [400, 99991676, 'permission'],
    [400, 99991679, 'permission'],
    [403, 1254302, 'permission'],
    [400, 41050, 'permission'],
    [200, 1254040, 'not-found'],
    [200, 1254043, 'not-found'],
    [200, 1254045, 'not-found'],
    [404, 1254047, 'not-found'],
    [404, 1061003, 'not-found'],
    [200, 1254018, 'invalid'],
    [200, 1254107, 'invalid'],
    [200, 1254108, 'invalid'],
    [400, 99992402, 'invalid'],
    [400, 1254001, 'invalid'],
    [200, 1254104, 'invalid'],
    [429, 99991400, 'rate-limited'],
    [400, 99991400, 'rate-limited'],
    [200, 1254290, 'rate-limited'],
    [400, 230020, 'rate-limited'],
    [200, 1254291, 'conflict'],
    [400, 1255006, 'conflict'],
    [400, 1254607, 'transient'],
    [504, 1255040, 'transient'],
    [500, 1255001, 'transient'],
    [200, 1254002, 'transient'],
  ] as const)('HTTP %i code %i -> %s', (status, code, kind) => {
    expect(classify(status, code)).toBe(kind);
  });

  it('falls back to the HTTP status for codes it does not list', () => {
    expect(classify(502, null)).toBe('transient');
    expect(classify(503, 7)).toBe('transient');
    expect(classify(429, 7)).toBe('rate-limited');
    expect(classify(401, 7)).toBe('auth');
    expect(classify(403, 7)).toBe('permission');
    expect(classify(404, 404)).toBe('not-found');
    expect(classify(400, 7)).toBe('invalid');
    expect(classify(200, 7)).toBe('unknown');
  });
});

describe('redact', () => {
  it('masks token-shaped words and the given secrets, and leaves other text alone', () => {
    expect(redact('bad token t-g1044abcDEF_xyz here', [])).toBe('bad token [redacted-token] here');
    expect(redact('user u-demo-alice refused', [])).toBe('user [redacted-token] refused');
    expect(redact('secret is hunter22-secret!', ['hunter22-secret'])).toBe('secret is [redacted]!');
    expect(redact('Invalid token: must start with t- or u-', [])).toBe('Invalid token: must start with t- or u-');
  });
});

describe('Feishu failures as FeishuError', () => {
  it('an unknown base: not-found, code 1254040, with the answer\'s log id', async () => {
    r = await rig();
    const err = await rejectionOf(r.client.as({ kind: 'app' }).bitable.listTables({ appToken: 'bascnDoesNotExist000000000' }));
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'not-found', code: 1254040, httpStatus: 200, msg: 'BaseTokenNotFound', endpoint: 'bitable.listTables', method: 'GET' });
    expect(err.logId).toMatch(/^[0-9A-F]{20,}$/);
    expect(err.message).toContain(err.logId);
    expect(err.message).toContain('1254040');
  });

  it('a malformed formula filter: invalid, code 1254018, not retried', async () => {
    r = await rig();
    const err = await rejectionOf(r.client.as({ kind: 'app' }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, filter: 'AND(' }));
    expect(err).toMatchObject({ kind: 'invalid', code: 1254018 });
    expect((await r.requests()).filter((q) => q.path.endsWith('/records'))).toHaveLength(1);
  });

  it('a malformed search filter: invalid', async () => {
    r = await rig();
    const err = await rejectionOf(
      r.client.as({ kind: 'app' }).bitable.searchRecords({ appToken: DEMO.app, tableId: DEMO.tasks, filter: { conjunction: 'and', conditions: [{ field_name: 'Status', operator: 'sounds-like', value: ['x'] }] } }),
    );
    expect(err).toBeInstanceOf(FeishuError);
    expect(err.kind).toBe('invalid');
  });

  it('a role the user may not read: permission (user token passed through)', async () => {
    r = await rig();
    // Henry is a stakeholder: his role reads Launches, Tasks and Assets, not Team.
    const err = await rejectionOf(r.client.as({ kind: 'user', token: 'u-demo-henry' }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.team }));
    expect(err).toMatchObject({ kind: 'permission', code: 1254302 });
    const alice = await r.client.as({ kind: 'user', token: 'u-demo-alice' }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.team });
    expect(alice.items.length).toBe(14);
  });

  it('a batch over the endpoint limit is refused before any call', async () => {
    r = await rig();
    const app = r.client.as({ kind: 'app' });
    const ids = Array.from({ length: 101 }, (_, i) => `rec${i}`);
    const err = await rejectionOf(app.bitable.batchGetRecords({ appToken: DEMO.app, tableId: DEMO.tasks, recordIds: ids }));
    expect(err).toMatchObject({ kind: 'invalid', httpStatus: 0, code: null });
    await expect(app.contact.batchGetUsers({ userIds: Array.from({ length: 51 }, (_, i) => `ou_${i}`) })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(app.drive.batchGetTmpDownloadUrls({ fileTokens: ['a', 'b', 'c', 'd', 'e', 'f'] })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(app.contact.batchGetUsers({ userIds: [] })).rejects.toMatchObject({ kind: 'invalid' });
    expect(await r.requests()).toHaveLength(0);
  });
});

describe('no secret or token leaves the client', () => {
  /** Every way an error gets printed or shipped. */
  const renderings = (err: unknown) => [String(err), (err as Error).message, (err as Error).stack ?? '', JSON.stringify(err), inspect(err, { depth: 5 })];

  it('not in a refused user token\'s error, even when Feishu echoes the token', async () => {
    r = await rig();
    await r.fault({ path: '/tables$', status: 400, code: 99991668, msg: 'token u-demo-alice is not valid here', times: 1 });
    const err = await rejectionOf(r.client.as({ kind: 'user', token: 'u-demo-alice' }).bitable.listTables({ appToken: DEMO.app }));
    expect(err).toMatchObject({ kind: 'auth', code: 99991668 });
    for (const text of renderings(err)) expect(text).not.toContain('u-demo-alice');
    expect(err.msg).toMatch(/^token \[redacted[^\]]*\] is not valid here$/);
  });

  it('not in a tenant token error, nor in the log lines of the retries', async () => {
    r = await rig();
    const token = await r.client.tenantToken();
    const secret = r.t.emu.rt.appSecret;
    await r.fault({ path: '/tables$', status: 400, code: 99991663, msg: `expired: ${token} (secret ${secret})` });
    const err = await rejectionOf(r.client.as({ kind: 'app' }).bitable.listTables({ appToken: DEMO.app }));
    expect(err).toMatchObject({ kind: 'auth', code: 99991663 });
    for (const text of [...renderings(err), JSON.stringify(r.logs), JSON.stringify(r.calls)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret);
    }
    expect(r.logs.length).toBeGreaterThan(0); // the token retry was logged, without the token
  });

  it('not in the error of refused app credentials', async () => {
    r = await rig();
    const secret = 'my-wrong-but-secret-value';
    const bad = r.newClient({ appSecret: secret });
    await r.fault({ path: '/tenant_access_token/', status: 200, code: 10014, msg: `app secret ${secret} invalid` });
    const err = await rejectionOf(bad.as({ kind: 'app' }).bitable.getApp({ appToken: DEMO.app }));
    expect(err).toMatchObject({ kind: 'auth', code: 10014 });
    for (const text of renderings(err)) expect(text).not.toContain(secret);
  });

  it('not in a network error', async () => {
    r = await rig();
    await r.fault({ path: '/tables$', action: 'reset' });
    const err = await rejectionOf(r.client.as({ kind: 'user', token: 'u-demo-alice' }).bitable.listTables({ appToken: DEMO.app }));
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 0, code: null, attempts: 3 });
    for (const text of [...renderings(err), JSON.stringify(r.logs)]) expect(text).not.toContain('u-demo-alice');
  });
});
