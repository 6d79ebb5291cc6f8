import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeishuError } from '../../src/feishu/index.js';
import { DEMO, rejectionOf, rig, type Rig } from './harness.js';

let r: Rig;
beforeAll(async () => {
  r = await rig();
});
afterAll(() => r.close());
beforeEach(() => r.clearRequests());

describe('authen: user_info', () => {
  it('answers the user a user token belongs to, in one GET', async () => {
    const info = await r.client.as({ kind: 'user', token: 'u-demo-alice' }).contact.getUserInfo();
    expect(info).toMatchObject({ open_id: DEMO.alice, name: 'Alice Chen', email: 'alice.chen@example.com' });
    expect(info.union_id).toMatch(/^on_/);
    const calls = (await r.requests()).filter((q) => q.path === '/open-apis/authen/v1/user_info');
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('GET');
  });

  it('an unknown user token is an auth failure', async () => {
    const err = await rejectionOf(r.client.as({ kind: 'user', token: 'u-not-a-real-token' }).contact.getUserInfo());
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'auth', code: 99991668, endpoint: 'authen.getUserInfo' });
  });

  it('the app identity is refused: user_info takes user tokens only', async () => {
    const err = await rejectionOf(r.client.as({ kind: 'app' }).contact.getUserInfo());
    expect(err).toBeInstanceOf(FeishuError);
    expect(err.kind).toBe('auth');
  });
});
