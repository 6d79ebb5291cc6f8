import { setTimeout as wait } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { CircuitState } from '../../src/feishu/index.js';
import { bitableWrites, FeishuError } from '../../src/feishu/index.js';
import { DEMO, rejectionOf, rig, type Rig } from './harness.js';

/**
 * The host's circuit breaker (src/feishu/circuitBreaker.ts) through the emulator's faults: it
 * opens after N failed calls in a row, then fails fast with no HTTP attempt, lets one probe
 * through after the cool-down and closes on its answer. Answers that prove the host is up (4xx
 * business errors, rate limits) never open it.
 */

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const RECORDS = `/open-apis/bitable/v1/apps/${DEMO.app}/tables/${DEMO.tasks}/records`;
const listTasks = (rg: Rig) => rg.client.as({ kind: 'app' }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 5 });
const listTables = (rg: Rig) => rg.client.as({ kind: 'app' }).bitable.listTables({ appToken: DEMO.app });
const openApiCalls = async (rg: Rig) => (await rg.requests()).filter((q) => q.path.startsWith('/open-apis/bitable/'));

/** A rig whose breaker reports its states, warmed with a token so counts are of data calls only. */
async function breakerRig(circuit: { failureThreshold: number; coolDownMs: number }, extra: Parameters<typeof rig>[0] = {}) {
  const states: CircuitState[] = [];
  const rg = await rig({ ...extra, client: { ...extra.client, circuitBreaker: { ...circuit, onStateChange: (_host, state) => states.push(state) } } });
  await rg.client.tenantToken();
  return { rg, states };
}

const isCircuitOpen = (e: unknown) => e instanceof FeishuError && e.circuitOpen && e.kind === 'transient' && e.attempts === 0;

describe('circuit breaker: opening', () => {
  it('opens after the threshold of failed calls (each call counts once, whatever its retries), then fails fast with zero HTTP attempts', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 3, coolDownMs: 60_000 });
    r = rg;
    await rg.fault({ path: '/records$', status: 500 });
    for (let i = 0; i < 3; i++) expect(await rejectionOf(listTasks(rg))).toMatchObject({ kind: 'transient', httpStatus: 500, circuitOpen: false, attempts: 3 });
    expect(states).toEqual(['open']);
    expect(await openApiCalls(rg)).toHaveLength(9);

    // Open: this endpoint and any other on the host fail at once, without a request.
    const before = rg.calls.length;
    for (const call of [listTasks(rg), listTables(rg), listTasks(rg)]) {
      const err = await rejectionOf(call);
      expect(isCircuitOpen(err)).toBe(true);
      expect(err.msg).toMatch(/^circuit open for http:\/\/127\.0\.0\.1:\d+ after 3 failed calls in a row: failing fast without calling Feishu; the next probe goes out in \d+ s$/);
      expect(err.retryAfterMs).toBeGreaterThan(50_000);
    }
    expect(await openApiCalls(rg)).toHaveLength(9);
    expect(rg.calls.length).toBe(before);
    // No backoff was slept for them: no "retrying" lines beyond the 3 calls' 2 retries each.
    expect(rg.logs.filter((l) => (l as unknown[])[1] === 'feishu call failed; retrying')).toHaveLength(6);
  });

  it('timeouts (the emulator hangs, short client timeouts) open it too', async () => {
    // undici checks headersTimeout on a coarse (about 1 s) timer, so each hang costs about a second.
    const dispatcher = new Agent({ headersTimeout: 200, keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    const { rg } = await breakerRig({ failureThreshold: 2, coolDownMs: 60_000 }, { client: { dispatcher, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } } });
    r = rg;
    await rg.fault({ path: '/records$', action: 'hang' });
    for (let i = 0; i < 2; i++) expect(await rejectionOf(listTasks(rg))).toMatchObject({ network: 'UND_ERR_HEADERS_TIMEOUT', circuitOpen: false });
    expect(isCircuitOpen(await rejectionOf(listTasks(rg)))).toBe(true);
    expect((await rg.requests()).filter((q) => q.path === RECORDS)).toHaveLength(2);
    await dispatcher.close();
  }, 15_000);

  it('a success in between resets the count: a host failing some calls stays closed', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 2, coolDownMs: 60_000 });
    r = rg;
    for (let i = 0; i < 3; i++) {
      await rg.fault({ path: '/records$', status: 503, times: 3 }); // one call's three attempts
      expect(await rejectionOf(listTasks(rg))).toMatchObject({ httpStatus: 503 });
      expect((await listTables(rg)).items.length).toBeGreaterThan(0);
    }
    expect(states).toEqual([]);
  });

  it('stays closed on 4xx business errors and rate limits: they prove the host is up', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 2, coolDownMs: 60_000 }, { client: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 } } });
    r = rg;
    await rg.fault({ path: '/records$', status: 400, code: 1254041, msg: 'TableIdNotFound', times: 4 });
    for (let i = 0; i < 4; i++) expect(await rejectionOf(listTasks(rg))).toMatchObject({ kind: 'not-found' });
    await rg.fault({ path: '/records$', status: 200, code: 1254290, times: 6 });
    for (let i = 0; i < 3; i++) expect(await rejectionOf(listTasks(rg))).toMatchObject({ kind: 'rate-limited' });
    await rg.fault({ path: '/records$', status: 400, code: 1254001, msg: 'WrongRequestBody', times: 4 });
    for (let i = 0; i < 4; i++) expect(await rejectionOf(listTasks(rg))).toMatchObject({ kind: 'invalid' });
    expect((await listTasks(rg)).items).toHaveLength(5);
    expect(states).toEqual([]);
    expect((await rg.requests()).filter((q) => q.path === RECORDS)).toHaveLength(4 + 6 + 4 + 1);
  });

  it('writes count too: failed creates (not repeated: not idempotent) open it, and the next write is not sent', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 2, coolDownMs: 60_000 }, { config: { writeLockMs: 0 } });
    r = rg;
    const create = () => {
      const c = bitableWrites.createRecord({ appToken: DEMO.app, tableId: DEMO.team }, { Name: 'Circuit probe' });
      return rg.client.request(c.endpoint, c.input, { kind: 'app' });
    };
    await rg.fault({ method: 'POST', path: '/records$', status: 502, phase: 'before' });
    for (let i = 0; i < 2; i++) expect(await rejectionOf(create())).toMatchObject({ httpStatus: 502 });
    expect(states).toEqual(['open']);
    expect(isCircuitOpen(await rejectionOf(create()))).toBe(true);
    expect((await rg.requests()).filter((q) => q.method === 'POST' && q.path.endsWith('/records'))).toHaveLength(2);
  });
});

describe('circuit breaker: probing and closing', () => {
  it('after the cool-down ONE probe goes through while the others still fail fast; its success closes the circuit', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 1, coolDownMs: 300 }, { config: { latencyMs: 150 } });
    r = rg;
    await rg.fault({ path: '/records$', status: 500 });
    expect(await rejectionOf(listTasks(rg))).toMatchObject({ httpStatus: 500 });
    expect(states).toEqual(['open']);
    await rg.t.admin('DELETE', '/faults');
    await rg.clearRequests();
    await wait(400);

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => listTasks(rg)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(4);
    expect(refused.every(isCircuitOpen)).toBe(true);
    expect(refused[0].msg).toMatch(/half-open .* one probe call is testing/);
    expect(await openApiCalls(rg)).toHaveLength(1);
    expect(states).toEqual(['open', 'half-open', 'closed']);

    // Closed: everything goes through again.
    const again = await Promise.all([listTasks(rg), listTables(rg)]);
    expect(again[0].items).toHaveLength(5);
    expect(await openApiCalls(rg)).toHaveLength(3);
  });

  it('a failed probe opens it again for another cool-down, and the caller gets what Feishu answered', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 1, coolDownMs: 300 });
    r = rg;
    await rg.fault({ path: '/records$', status: 503 });
    await rejectionOf(listTasks(rg));
    await rg.clearRequests();
    await wait(400);
    // The probe fails: its retry is not attempted (the circuit is open again), the 503 is surfaced.
    expect(await rejectionOf(listTasks(rg))).toMatchObject({ httpStatus: 503, code: 1255001, circuitOpen: false, attempts: 1 });
    expect(await openApiCalls(rg)).toHaveLength(1);
    expect(states).toEqual(['open', 'half-open', 'open']);
    expect(isCircuitOpen(await rejectionOf(listTasks(rg)))).toBe(true);
    expect(await openApiCalls(rg)).toHaveLength(1);

    await rg.t.admin('DELETE', '/faults');
    await wait(400);
    expect((await listTasks(rg)).items).toHaveLength(5);
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('a probe whose caller gives up frees the slot for the next one', async () => {
    const { rg, states } = await breakerRig({ failureThreshold: 1, coolDownMs: 200 }, { config: { latencyMs: 300 } });
    r = rg;
    await rg.fault({ path: '/records$', status: 500, times: 3 });
    await rejectionOf(listTasks(rg));
    await wait(300);
    const ac = new AbortController();
    const probe = rg.client.as({ kind: 'app' }, { signal: ac.signal }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks });
    setTimeout(() => ac.abort(new Error('client went away')), 50);
    await expect(probe).rejects.toThrow('client went away');
    expect((await listTasks(rg)).items).toHaveLength(5);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('can be turned off: every call is sent', async () => {
    r = await rig({ client: { circuitBreaker: false, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } } });
    await r.client.tenantToken();
    await r.fault({ path: '/records$', status: 500 });
    for (let i = 0; i < 8; i++) expect(await rejectionOf(listTasks(r))).toMatchObject({ httpStatus: 500 });
    expect((await r.requests()).filter((q) => q.path === RECORDS)).toHaveLength(8);
  });
});
