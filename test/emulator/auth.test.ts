import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../src/emulator/auth.js';
import { ApiError } from '../../src/emulator/errors.js';
import { newBase } from '../helpers/bitableTable.js';
import { newUser, sdkClient, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const MIN = 60_000;
type Kind = 'tenant' | 'app';

describe('auth', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  const creds = () => ({ app_id: t.emu.rt.appId, app_secret: t.emu.rt.appSecret });

  async function askToken(kind: Kind, body: unknown = creds()) {
    const res = await t.call('POST', `/open-apis/auth/v3/${kind}_access_token/internal`, { body, token: null });
    return { ...res, token: res.body[`${kind}_access_token`] as string | undefined };
  }

  /** The emulator's clock, frozen and moved by hand: token lifetimes without waiting. */
  function freezeClock() {
    let now = Date.now();
    vi.spyOn(t.emu.rt, 'now').mockImplementation(() => now);
    return { advance: (ms: number) => void (now += ms) };
  }

  const getApp = (appToken: string, token: string | null) => t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`, { token });

  const createApp = async () => (await newBase(t, 'Auth')).appToken;

  it('gives the SDK and raw callers the same tenant token, and a distinct app token', async () => {
    const created = await t.sdk.bitable.app.create({ data: { name: 'Via SDK' } });
    expect(created.code).toBe(0);
    const issued = Object.keys(t.emu.rt.state.tokens.tenant);
    expect(issued).toHaveLength(1);

    const raw = await askToken('tenant');
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ code: 0, msg: 'ok', tenant_access_token: issued[0] });
    expect(raw.body.expire).toBeGreaterThan(7100);
    expect(raw.body.expire).toBeLessThanOrEqual(7200);
    expect(raw.body.data).toBeUndefined(); // token answers are top-level, not under data

    const viaSdk: any = await t.sdk.auth.tenantAccessToken.internal({ data: creds() });
    expect(viaSdk.tenant_access_token).toBe(issued[0]);

    const app: any = await t.sdk.auth.appAccessToken.internal({ data: creds() });
    expect(app).toMatchObject({ code: 0, expire: 7200 });
    expect(app.app_access_token).toMatch(/^t-/);
    expect(app.app_access_token).not.toBe(issued[0]);
  });

  it('rounds a reused token\'s expire up, so a short-lived token never claims 0 seconds', async () => {
    await t.admin('PUT', '/config', { tokenTtlSeconds: 2 });
    try {
      const clock = freezeClock();
      const first = await askToken('tenant');
      clock.advance(1400); // 0.6 s left: still inside the first three quarters, reused
      const again = await askToken('tenant');
      expect(again.token).toBe(first.token);
      expect(again.body.expire).toBe(1);
    } finally {
      await t.admin('PUT', '/config', { tokenTtlSeconds: 7200 });
    }
  });

  it.each<Kind>(['tenant', 'app'])('%s token: same token while 30 min remain, a new one after, the old one valid until it expires', async (kind) => {
    const clock = freezeClock();
    const first = await askToken(kind);
    expect(first.body.expire).toBe(7200);

    clock.advance(90 * MIN); // exactly 30 min left: still the same token
    const same = await askToken(kind);
    expect(same.token).toBe(first.token);
    expect(same.body.expire).toBe(30 * 60);

    clock.advance(1); // inside the last quarter
    const fresh = await askToken(kind);
    expect(fresh.token).not.toBe(first.token);
    expect(fresh.body.expire).toBe(7200);
    expect((await askToken(kind)).token).toBe(fresh.token);

    const grants = t.emu.rt.state.tokens[kind];
    expect(Object.keys(grants).sort()).toEqual([first.token, fresh.token].sort());
    clock.advance(30 * MIN - 1); // the old token's last millisecond has passed
    const afterExpiry = await askToken(kind);
    expect(afterExpiry.token).toBe(fresh.token);
    expect(Object.keys(grants)).toEqual([fresh.token]);
  });

  it('accepts an old tenant token until it expires, then answers 99991663', async () => {
    const appToken = await createApp();
    const clock = freezeClock();
    const old = (await askToken('tenant')).token!;
    clock.advance(100 * MIN);
    const fresh = (await askToken('tenant')).token!;
    expect(fresh).not.toBe(old);

    expect((await getApp(appToken, old)).body.code).toBe(0);
    clock.advance(20 * MIN);
    const expired = await getApp(appToken, old);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe(99991663);
    expect((await getApp(appToken, fresh)).body.code).toBe(0);
  });

  it('honours tokenTtlSeconds from PUT /__emulator/config', async () => {
    expect((await t.admin('PUT', '/config', { tokenTtlSeconds: 40 })).status).toBe(200);
    const clock = freezeClock();
    const first = await askToken('tenant');
    expect(first.body.expire).toBe(40);
    clock.advance(30_000); // 10 s left: a quarter of 40 s, still the same
    expect((await askToken('tenant')).token).toBe(first.token);
    clock.advance(1_000);
    const fresh = await askToken('tenant');
    expect(fresh.token).not.toBe(first.token);
    expect(fresh.body.expire).toBe(40);
  });

  describe('token errors', () => {
    let appToken: string;
    beforeEach(async () => {
      appToken = await createApp();
    });

    const rawGet = (authorization: string | undefined) =>
      fetch(`${t.url}/open-apis/bitable/v1/apps/${appToken}`, { headers: authorization === undefined ? {} : { authorization } });

    it.each([
      ['no Authorization header', 99991661, undefined],
      ['an empty bearer', 99991661, 'Bearer '],
      ['a bare "Bearer"', 99991661, 'Bearer'],
      ['a token of neither kind', 99991671, 'Bearer abc123'],
      ['a token without the Bearer scheme', 99991671, 'x-123'],
      ['an unknown tenant token', 99991663, 'Bearer t-g0000000000000000000000000000000000000000'],
      ['an unknown user token', 99991668, 'Bearer u-nosuchtoken'],
    ])('%s answers %i', async (_what, code, authorization) => {
      const res = await rawGet(authorization);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-tt-logid')).toBeTruthy();
      const body: any = await res.json();
      expect(body.code).toBe(code);
      expect(body.msg).toBeTruthy();
    });

    it('answers an app_access_token used as a bearer with 99991663', async () => {
      const app = await askToken('app');
      expect((await getApp(appToken, app.token!)).body.code).toBe(99991663);
    });
  });

  describe('wrong credentials', () => {
    it.each<Kind>(['tenant', 'app'])('%s token: HTTP 200 with code 10014 / 10003 and no token', async (kind) => {
      const cases: Array<[unknown, number, string]> = [
        [{ ...creds(), app_secret: 'wrong' }, 10014, 'app secret invalid'],
        [{ ...creds(), app_id: 'cli_0000000000000000' }, 10014, 'app id not exists'],
        [{ app_id: t.emu.rt.appId }, 10003, 'invalid param'],
        [{}, 10003, 'invalid param'],
      ];
      for (const [body, code, msg] of cases) {
        const res = await askToken(kind, body);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ code, msg });
        expect(res.token).toBeUndefined();
      }
      expect(Object.keys(t.emu.rt.state.tokens[kind])).toHaveLength(0);
    });

    it('makes the official SDK fail with the code and message', async () => {
      const sdk = sdkClient(t.url, t.emu.rt.appId, 'wrong', silent);
      await expect(sdk.bitable.app.create({ data: { name: 'x' } })).rejects.toThrow('failed to get tenant_access_token, code: 10014, msg: app secret invalid');
    });
  });

  describe('user tokens', () => {
    it('POST /__emulator/users issues a token that works on Bitable; POST /users/:open_id/token a fresh one', async () => {
      const appToken = await createApp();
      const user = await t.admin('POST', '/users', { name: 'Ada', email: 'ada@example.com' });
      expect(user.status).toBe(200);
      expect(user.body).toMatchObject({ name: 'Ada', open_id: expect.stringMatching(/^ou_[0-9a-f]{32}$/), union_id: expect.stringMatching(/^on_/), user_access_token: expect.stringMatching(/^u-/) });
      expect((await getApp(appToken, user.body.user_access_token)).body.code).toBe(0);

      const again = await t.admin('POST', `/users/${user.body.open_id}/token`);
      expect(again.status).toBe(200);
      expect(again.body.user_access_token).toMatch(/^u-/);
      expect(again.body.user_access_token).not.toBe(user.body.user_access_token);
      expect((await getApp(appToken, again.body.user_access_token)).body.code).toBe(0);
      expect((await getApp(appToken, user.body.user_access_token)).body.code).toBe(0);

      const unknown = await t.admin('POST', '/users/ou_nobody/token');
      expect(unknown.status).toBe(400);
    });

    it('answers an expired user token with 99991677', async () => {
      const appToken = await createApp();
      const clock = freezeClock();
      const body = await newUser(t, 'Bo');
      clock.advance(2 * 60 * MIN - 1);
      expect((await getApp(appToken, body.user_access_token)).body.code).toBe(0);
      clock.advance(1);
      const res = await getApp(appToken, body.user_access_token);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(99991677);
    });
  });

  it('keeps user-only and tenant-only routes to their kind of token', async () => {
    const tenant = (await askToken('tenant')).token!;
    const user = await newUser(t, 'Cy');
    const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ApiError).code;
      }
      return 0;
    };
    expect(codeOf(() => authenticate(t.emu.rt, req(tenant), 'user'))).toBe(99991663);
    expect(codeOf(() => authenticate(t.emu.rt, req(user.user_access_token), 'tenant'))).toBe(99991668);
    expect(authenticate(t.emu.rt, req(user.user_access_token), 'user')).toMatchObject({ kind: 'user', user: { open_id: user.open_id } });
    expect(authenticate(t.emu.rt, req(tenant), 'tenant-or-user')).toEqual({ kind: 'tenant' });
  });
});

const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
