import { expect } from 'vitest';
import { comparableCall, feishuCalls, mutation, ok, PLANNED, writesIn, type DemoStack } from './bitable.js';

export { feishuCalls, ok };

/**
 * Helpers of the structure-mutation tests (apps, tables, views, forms, dashboards): every
 * mutation is run dry, then for real, and the two are compared through the emulator's log.
 */


/**
 * Runs `name(input)` as a dry run (checking it wrote nothing), then for real with `selection`,
 * checking the real run's write calls are exactly the planned ones. Returns both, and the log of
 * the real run.
 */
export async function dryThenReal(s: DemoStack, name: string, input: Record<string, unknown>, selection: string) {
  const op = (sel: string) => mutation(name, sel);
  await s.clearLog();
  const dry = await ok(s, op(PLANNED), { input: { ...input, dryRun: true } });
  const planned = dry[name].plannedCalls as { endpoint: string; method: string; path: string; query: Record<string, string>; body: unknown }[];
  expect(planned.length).toBeGreaterThan(0);
  expect(await feishuCalls(s)).toEqual([]);

  await s.clearLog();
  const real = await ok(s, op(`plannedCalls { method } ${selection}`), { input });
  expect(real[name].plannedCalls).toBeNull();
  const log = await s.log();
  expect(writesIn(log)).toEqual(planned.map((c) => comparableCall(c)));
  return { planned, payload: real[name], log };
}

/** Runs `name(input)` and expects a refusal with `code` (and `argumentPath`); returns the error. */
export async function expectError(s: DemoStack, name: string, input: Record<string, unknown>, code: string, argumentPath?: string) {
  const r = await s.gql(mutation(name, 'plannedCalls { method }'), { input });
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  const [error] = r.errors;
  expect(error.extensions.code, error.message).toBe(code);
  if (argumentPath !== undefined) expect(error.extensions.argumentPath).toBe(argumentPath);
  return error;
}

/** A refusal before any call: BAD_USER_INPUT at `argumentPath`, and nothing in the emulator's log. */
export async function expectRefused(s: DemoStack, name: string, input: Record<string, unknown>, argumentPath: string) {
  await s.clearLog();
  const error = await expectError(s, name, input, 'BAD_USER_INPUT', argumentPath);
  expect(await feishuCalls(s)).toEqual([]);
  return error;
}

/** A Feishu refusal: `code` with `extensions.feishu.code`, after exactly the one write call. */
export async function expectFeishuError(s: DemoStack, name: string, input: Record<string, unknown>, code: string, feishuCode: number) {
  await s.clearLog();
  const error = await expectError(s, name, input, code);
  expect(error.extensions.feishu).toMatchObject({ code: feishuCode });
  expect(writesIn(await s.log())).toHaveLength(1);
  return error;
}

/** Injects one emulator fault (EMULATOR.md admin API) answering the next matching call. */
export async function injectFault(s: DemoStack, fault: { method: string; path: string; status?: number; code: number; msg?: string }) {
  const res = await fetch(`${s.emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, ...fault }) });
  expect(res.ok).toBe(true);
}

export const longName = (n: number) => 'x'.repeat(n);
