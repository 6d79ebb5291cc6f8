import { expect } from 'vitest';
import { API_KEY, startStack, type Stack } from './harness.js';

/** The demo base (README, Demo data). */
export const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
export const LAUNCHES = 'tblqffVb3ku8HZAp';
export const TASKS = 'tblDgFxLG45ZB0Hz';
export const TEAM = 'tblQlbNAeajHNCRW';
export const ASSETS = 'tblKXhaBoRxNLfLL';

export interface LoggedCall {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  at: number;
  durationMs: number;
  body?: unknown;
}

export interface DemoStack extends Stack {
  /** POSTs as the app (API key); answers `{data, errors}`. */
  gql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any }>;
  clearLog(): Promise<void>;
  log(): Promise<LoggedCall[]>;
  emulatorConfig(patch: Record<string, unknown>): Promise<void>;
}

export async function startDemoStack(env: Record<string, string> = {}): Promise<DemoStack> {
  const stack = await startStack(env, {}, { seed: 'demo' });
  const admin = (path: string, init?: RequestInit) => fetch(`${stack.emu.url}/__emulator${path}`, init);
  return {
    ...stack,
    gql: async (query, variables) => {
      const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as { data?: any; errors?: any };
    },
    clearLog: async () => void (await admin('/requests', { method: 'DELETE' })),
    log: async () => (await (await admin('/requests')).json()) as LoggedCall[],
    emulatorConfig: async (patch) => void (await admin('/config', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) })),
  };
}

/** Calls grouped into waves: a call joins the wave it overlaps in time, else starts the next one. */
export function waves(calls: LoggedCall[]): LoggedCall[][] {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const out: { end: number; calls: LoggedCall[] }[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.at < last.end) {
      last.calls.push(c);
      last.end = Math.max(last.end, c.at + c.durationMs);
    } else out.push({ end: c.at + c.durationMs, calls: [c] });
  }
  return out.map((w) => w.calls);
}

export const isToken = (c: LoggedCall) => c.path.includes('/auth/v3/');

/** Reads that are POSTs (they change nothing). */
const POST_READS = /\/records\/(search|batch_get)$/;

/**
 * The write calls in an emulator log, comparable with a dry run's `plannedCalls`: method, path,
 * query and body, `client_token` aside (random when no idempotencyKey is given).
 */
export function writesIn(log: LoggedCall[]) {
  return log.filter((c) => c.method !== 'GET' && !isToken(c) && !POST_READS.test(c.path)).map((c) => comparableCall(c));
}

export function comparableCall(c: { method: string; path: string; query?: Record<string, string | string[]>; body?: unknown }) {
  const { client_token: _token, ...query } = c.query ?? {};
  return { method: c.method, path: c.path, query, body: c.body ?? null };
}

/** A query's data, failing the test on any error. */
export const ok = async (s: DemoStack, query: string, variables?: Record<string, unknown>) => {
  const r = await s.gql(query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
};

/** Feishu calls in the log, tokens aside. */
export const feishuCalls = async (s: DemoStack) => (await s.log()).filter((c) => !isToken(c));

/** `mutation($input: <Name>Input!) { name(input: $input) { selection } }` (API.md's naming). */
export const mutation = (name: string, selection: string) => `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`;

/** A dry run's selection: every planned call in full. */
export const PLANNED = 'plannedCalls { endpoint method path query body }';

/**
 * `mutation` (a document taking `$input`, selecting `plannedCalls`) dry, then for real: the dry
 * run writes nothing, the real run's writes are exactly the planned calls and it plans nothing.
 * Answers both payloads and the real run's writes.
 */
export async function dryThenRealDocument(s: DemoStack, mutation: string, input: Record<string, unknown>) {
  await s.clearLog();
  const dry = await ok(s, mutation, { input: { ...input, dryRun: true } });
  expect(writesIn(await s.log())).toEqual([]);
  await s.clearLog();
  const real = await ok(s, mutation, { input });
  const writes = writesIn(await s.log());
  const name = Object.keys(dry)[0];
  expect(real[name].plannedCalls).toBeNull();
  expect(writes).toEqual(dry[name].plannedCalls.map(comparableCall));
  return { dry: dry[name], real: real[name], writes };
}
