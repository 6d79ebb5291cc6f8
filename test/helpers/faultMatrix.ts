import { expect } from 'vitest';
import type { Emulator } from '../../src/emulator/server.js';
import { requestTenantToken } from './tenantToken.js';

/**
 * The fault matrix's cells: each fault kind the emulator's fault API can inject, what a client
 * should see for it on each kind of operation, and the operations with their proof from the
 * emulator's state. The test file pairs them; this module says what "right" means for a pair.
 */

export type Outcome = 'ok' | 'UPSTREAM_UNAVAILABLE' | 'RATE_LIMITED' | 'CONFLICT';

/** What the matrix needs to know about an operation to predict its outcome. */
export interface OpTraits {
  /** A repeat cannot duplicate (a read, an update, a create with client_token, a message with uuid). */
  idempotent: boolean;
  /** A Bitable write the gateway serializes per table, so 1254291 is waited out in the queue. */
  serialized: boolean;
}

export interface FaultKind {
  name: string;
  /** The fault body without method and path (the operation supplies those). */
  spec: Record<string, unknown>;
  outcome(op: OpTraits): Outcome;
  /** Whether the emulator applies the write before failing its answer. */
  applied: boolean;
  /** For RATE_LIMITED: the `retryAfter` the caller must see (when a reset header fixed it). */
  retryAfter?: number;
  /** The fault answers late: wait this long before reading state, so a late write has landed. */
  settleMs?: number;
  /** Forget every tenant token the emulator issued (an early expiry) instead of a fault. */
  expireTokens?: boolean;
}

/** The gateway's headers timeout in the matrix; a "slow" fault answers well after it. */
export const MATRIX_TIMEOUT_MS = 1_000;
const SLOW_MS = MATRIX_TIMEOUT_MS + 500;

const unlessIdempotent = (op: OpTraits): Outcome => (op.idempotent ? 'ok' : 'UPSTREAM_UNAVAILABLE');

export const FAULT_KINDS: FaultKind[] = [
  { name: 'HTTP 503 once', spec: { status: 503, times: 1 }, outcome: unlessIdempotent, applied: false },
  { name: 'HTTP 503 always', spec: { status: 503 }, outcome: () => 'UPSTREAM_UNAVAILABLE', applied: false },
  { name: 'HTTP 429, reset 1 s, once', spec: { status: 429, headers: { 'x-ogw-ratelimit-reset': '1' }, times: 1 }, outcome: () => 'ok', applied: false },
  { name: 'HTTP 429, reset 7 s, always', spec: { status: 429, headers: { 'x-ogw-ratelimit-reset': '7' } }, outcome: () => 'RATE_LIMITED', applied: false, retryAfter: 7 },
  { name: '1254290 once', spec: { status: 200, code: 1254290, msg: 'TooManyRequest', times: 1 }, outcome: () => 'ok', applied: false },
  { name: '1254290 always', spec: { status: 200, code: 1254290, msg: 'TooManyRequest' }, outcome: () => 'RATE_LIMITED', applied: false },
  { name: '1254291 once', spec: { status: 200, code: 1254291, msg: 'Write conflict', times: 1 }, outcome: (op) => (op.serialized ? 'ok' : 'CONFLICT'), applied: false },
  { name: '1254291 always', spec: { status: 200, code: 1254291, msg: 'Write conflict' }, outcome: () => 'CONFLICT', applied: false },
  { name: '1254607 once', spec: { status: 200, code: 1254607, msg: 'Data not ready', times: 1 }, outcome: unlessIdempotent, applied: false },
  { name: 'connection reset once', spec: { action: 'reset', times: 1 }, outcome: unlessIdempotent, applied: false },
  { name: 'hang once', spec: { action: 'hang', times: 1 }, outcome: unlessIdempotent, applied: false },
  { name: 'phase after: applied, then HTTP 500', spec: { phase: 'after', status: 500, times: 1 }, outcome: unlessIdempotent, applied: true },
  { name: 'phase after: applied, then reset', spec: { phase: 'after', action: 'reset', times: 1 }, outcome: unlessIdempotent, applied: true },
  { name: 'phase after: applied, then hang (the gateway times out)', spec: { phase: 'after', action: 'hang', times: 1 }, outcome: unlessIdempotent, applied: true },
  // The emulator reads the body after the delay, from a connection the gateway has closed: not applied.
  { name: 'answer slower than the gateway waits', spec: { delayMs: SLOW_MS, times: 1 }, outcome: unlessIdempotent, applied: false, settleMs: SLOW_MS + 200 },
  { name: 'tenant token expired early', spec: {}, outcome: () => 'ok', applied: false, expireTokens: true },
];

/** A raw Open API caller on the emulator as the app, its token refetched when the emulator forgot it. */
export function openApi(emu: Emulator) {
  let token: string | undefined;
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    if (!token || !emu.rt.state.tokens.tenant[token]) token = (await requestTenantToken(emu.url, emu.rt.appId, emu.rt.appSecret)).tenant_access_token!;
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (json.code !== 0) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json.data;
  };
}

/** What a GraphQL answer showed the client: `ok`, or the code of its (first) error or failed chunk. */
export function visibleOutcome(body: { data?: any; errors?: any[] }, failedChunk?: { error?: { code: string } }): string {
  if (body.errors?.length) return body.errors[0].extensions?.code ?? 'NO_CODE';
  if (failedChunk) return failedChunk.error?.code ?? 'NO_CODE';
  return 'ok';
}

/** Same members, any order, no repeats. */
export function expectSameSet(actual: string[], expected: string[]) {
  expect(new Set(actual).size, 'no duplicates').toBe(actual.length);
  expect([...actual].sort()).toEqual([...expected].sort());
}
