import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEmulatorArgs } from '../../src/emulator/cli.js';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET } from '../../src/emulator/config.js';
import { startEmulator } from '../../src/emulator/server.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { requestTenantToken } from '../helpers/tenantToken.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('parseEmulatorArgs', () => {
  it('has the documented defaults', () => {
    vi.stubEnv('EMULATOR_APP_ID', '');
    vi.stubEnv('EMULATOR_APP_SECRET', '');
    vi.stubEnv('EMULATOR_PUBLIC_URL', '');
    expect(parseEmulatorArgs([])).toEqual({
      port: 3100,
      host: '127.0.0.1',
      seed: 'demo',
      latencyMs: 0,
      rateLimits: 'off',
      dataFile: undefined,
      appId: undefined,
      appSecret: undefined,
      publicUrl: undefined,
    });
  });

  it('reads every flag and the environment', () => {
    vi.stubEnv('EMULATOR_APP_ID', 'cli_0011223344556677');
    vi.stubEnv('EMULATOR_APP_SECRET', 'secret-from-env');
    vi.stubEnv('EMULATOR_PUBLIC_URL', 'http://emulator.test:9000');
    const args = ['--port', '0', '--host', '0.0.0.0', '--seed', 'empty', '--latency-ms', '25', '--rate-limits', 'documented', '--data', '/tmp/x/state.json'];
    expect(parseEmulatorArgs(args)).toEqual({
      port: 0,
      host: '0.0.0.0',
      seed: 'empty',
      latencyMs: 25,
      rateLimits: 'documented',
      dataFile: '/tmp/x/state.json',
      appId: 'cli_0011223344556677',
      appSecret: 'secret-from-env',
      publicUrl: 'http://emulator.test:9000',
    });
  });

  it.each([
    [['--port', 'abc'], /--port.*"abc"/],
    [['--port', '70000'], /--port.*"70000"/],
    [['--port', ''], /--port/],
    [['--port', '0x10'], /--port.*"0x10"/],
    [['--latency-ms=-1'], /--latency-ms.*"-1"/],
    [['--latency-ms', '1.5'], /--latency-ms.*"1\.5"/],
    [['--seed', 'nope'], /--seed must be demo or empty, got nope/],
    [['--rate-limits', 'x'], /--rate-limits must be off or documented, got x/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('refuses %j', (args, message) => {
    expect(() => parseEmulatorArgs(args)).toThrow(message);
  });
});

describe('app credentials', () => {
  it('defaults to an app id the official SDK accepts', async () => {
    expect(DEFAULT_APP_ID).toMatch(/^cli_[0-9a-f]{16}$/);
    const emu = await startEmulator({ port: 0, seed: 'empty', appId: '', appSecret: '' }); // empty counts as unset
    expect([emu.rt.appId, emu.rt.appSecret]).toEqual([DEFAULT_APP_ID, DEFAULT_APP_SECRET]);
    await emu.close();
  });
});

describe('the real CLI', () => {
  const runs: CliRun[] = [];
  afterEach(() => runs.splice(0).forEach(killIfRunning));
  const run = (args: string[], env?: Record<string, string>) => {
    const r = runCli(args, env);
    runs.push(r);
    return r;
  };

  // Every flag's message is checked above; here, that a refusal really ends the process non-zero.
  it('exits non-zero on a bad flag or command, naming the problem', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['emulator', '--port', 'abc'], /error: --port must be a port number.*"abc"/],
      [['frobnicate'], /error: unknown command "frobnicate"/],
    ];
    const results = await Promise.all(cases.map(async ([args]) => {
      const r = run(args);
      return { code: await r.exited, output: r.output() };
    }));
    results.forEach(({ code, output }, i) => {
      expect(code, cases[i][0].join(' ')).not.toBe(0);
      expect(output).toMatch(cases[i][1]);
      expect(output).not.toMatch(/listening on/);
    });
  });

  it('takes the credentials from EMULATOR_APP_ID / EMULATOR_APP_SECRET', async () => {
    const r = run(['emulator', '--port', '0', '--seed', 'empty'], { EMULATOR_APP_ID: 'cli_00112233aabbccdd', EMULATOR_APP_SECRET: 'from-the-env' });
    const url = await r.listening;
    expect(r.output()).toContain('cli_00112233aabbccdd');
    const ask = async (appId: string, appSecret: string) => (await requestTenantToken(url, appId, appSecret)).code;
    expect(await ask('cli_00112233aabbccdd', 'from-the-env')).toBe(0);
    expect(await ask(DEFAULT_APP_ID, DEFAULT_APP_SECRET)).toBe(10014);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  });
});
