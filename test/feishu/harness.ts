import type { RuntimeConfigPatch } from '../../src/emulator/config.js';
import type { LoggedRequest } from '../../src/emulator/requestLog.js';
import { createFeishuClient, type FeishuCallInfo, type FeishuClient, type FeishuClientOptions } from '../../src/feishu/index.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

/** Demo ids (README "Demo data"). */
export const DEMO = {
  app: 'bascnPLIgpJjLoKFh1q26hd49nx',
  launches: 'tblqffVb3ku8HZAp',
  tasks: 'tblDgFxLG45ZB0Hz',
  team: 'tblQlbNAeajHNCRW',
  assets: 'tblKXhaBoRxNLfLL',
  formView: 'vewYrts3Ji',
  openTasksView: 'vewiZ34xTR',
  marketingRole: 'rolr6UW0gE',
  alice: 'ou_f8e268529dbed0b638051597db41bf02',
  bob: 'ou_a757c4d3c96c43850bfba8f8de68fa60',
} as const;

export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

export interface Rig {
  t: TestEmulator;
  client: FeishuClient;
  /** Every onCall report of the client, oldest first. */
  calls: FeishuCallInfo[];
  /** Every log line the client wrote, as [level, msg, fields]. */
  logs: unknown[];
  /** The emulator's request log (`GET /__emulator/requests`). */
  requests(): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  /** `POST /__emulator/faults`, failing the test setup on anything but 200. */
  fault(spec: Record<string, unknown>): Promise<void>;
  /** Another client on the same emulator. */
  newClient(opts?: Partial<FeishuClientOptions>): FeishuClient;
  close(): Promise<void>;
}

/** Fast retries unless a test says otherwise; no throttle unless a test turns it on. */
const FAST: Partial<FeishuClientOptions> = { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, throttle: 'off' };

/** A demo emulator on a free port and a gateway client pointed at it. */
export async function rig(opts: { client?: Partial<FeishuClientOptions>; config?: RuntimeConfigPatch } = {}): Promise<Rig> {
  const t = await startTestEmulator({ seed: 'demo', config: opts.config });
  const calls: FeishuCallInfo[] = [];
  const logs: unknown[] = [];
  const clients: FeishuClient[] = [];
  const newClient = (extra: Partial<FeishuClientOptions> = {}) => {
    const c = createFeishuClient({
      baseUrl: t.url,
      appId: t.emu.rt.appId,
      appSecret: t.emu.rt.appSecret,
      ...FAST,
      onCall: (c) => calls.push(c),
      logger: { debug: (msg, fields) => logs.push(['debug', msg, fields]), warn: (msg, fields) => logs.push(['warn', msg, fields]) },
      ...extra,
    });
    clients.push(c);
    return c;
  };
  const client = newClient(opts.client);
  return {
    t,
    client,
    calls,
    logs,
    async requests() {
      return (await t.admin('GET', '/requests')).body as LoggedRequest[];
    },
    async clearRequests() {
      await t.admin('DELETE', '/requests');
    },
    async fault(spec) {
      const res = await t.admin('POST', '/faults', spec);
      if (res.status !== 200) throw new Error(`fault refused: ${JSON.stringify(res.body)}`);
    },
    newClient,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await t.close();
    },
  };
}

/** The rejection of `p`, failing when it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
