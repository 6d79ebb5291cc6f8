import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET } from '../../src/emulator/config.js';
import { Persistence } from '../../src/emulator/persistence.js';
import { emptyState, type EmulatorState } from '../../src/emulator/state.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { requestTenantToken } from '../helpers/tenantToken.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-data-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

async function api(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

const tenantToken = async (url: string): Promise<string> => (await requestTenantToken(url, DEFAULT_APP_ID, DEFAULT_APP_SECRET)).tenant_access_token!;

const leftovers = () => readdirSync(dir).filter((f) => f !== 'state.json' && f !== 'state.json.media');

describe('--data across a restart of the real CLI', () => {
  const runs: CliRun[] = [];
  afterEach(() => runs.forEach(killIfRunning));
  const start = (file: string, seed: string) => {
    const run = runCli(['emulator', '--port', '0', '--seed', seed, '--data', file]);
    runs.push(run);
    return run;
  };

  it('saves within the debounce, flushes on SIGTERM, exits 0 and loads it all back', async () => {
    const file = join(dir, 'state.json');
    const first = start(file, 'empty');
    const url = await first.listening;
    const token = await tenantToken(url);

    const created = await api(url, 'POST', '/open-apis/bitable/v1/apps', token, { name: 'Kept' });
    expect(created.code).toBe(0);
    const appToken: string = created.data.app.app_token;
    const acknowledged = Date.now();
    await vi.waitFor(() => expect(existsSync(file) && readFileSync(file, 'utf8')).toContain(appToken), { timeout: 2_000, interval: 10 });
    expect(Date.now() - acknowledged).toBeLessThan(600); // debounced to 200 ms, no signal needed
    expect(leftovers()).toEqual([]);

    // Acknowledged just before the signal: only the SIGTERM flush can save this one.
    expect((await api(url, 'PUT', `/open-apis/bitable/v1/apps/${appToken}`, token, { name: 'Renamed at the last moment' })).code).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(leftovers()).toEqual([]);

    const second = start(file, 'demo'); // an existing file wins over the seed
    const url2 = await second.listening;
    const got = await api(url2, 'GET', `/open-apis/bitable/v1/apps/${appToken}`, token); // tokens survive too
    expect(got).toMatchObject({ code: 0, data: { app: { app_token: appToken, name: 'Renamed at the last moment' } } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

describe('Persistence', () => {
  const stateNamed = (name: string): EmulatorState => ({ ...emptyState(), apps: { [name]: { name } as never } });

  it('replaces the file atomically: a reader holding the old file never sees it change', () => {
    const file = join(dir, 'state.json');
    let current = stateNamed('v1');
    const p = new Persistence(file, () => current);
    p.flush();
    linkSync(file, join(dir, 'old-copy.json')); // same inode as v1: an in-place write would show through
    current = stateNamed('v2');
    p.flush();
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'old-copy.json'), 'utf8')).apps)).toEqual(['v1']);
    expect(Object.keys(p.load()!.apps)).toEqual(['v2']);
    expect(readdirSync(dir).sort()).toEqual(['old-copy.json', 'state.json', 'state.json.media']);
  });

  it('coalesces changes into one write 200 ms after the first', () => {
    vi.useFakeTimers();
    let reads = 0;
    const p = new Persistence(join(dir, 'state.json'), () => (reads++, emptyState()));
    for (let i = 0; i < 5; i++) p.schedule();
    vi.advanceTimersByTime(199);
    expect(reads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(reads).toBe(1);
    p.schedule();
    vi.advanceTimersByTime(200);
    expect(reads).toBe(2);
  });

  it('leaves no temp file behind when the rename fails', () => {
    const file = join(dir, 'state.json');
    mkdirSync(join(file, 'blocker'), { recursive: true }); // a non-empty directory where the file should go
    const p = new Persistence(file, emptyState);
    expect(() => p.flush()).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to load a file that is not an emulator state', () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"hello": "world"}');
    expect(() => new Persistence(file, emptyState).load()).toThrow(/not an emulator state file/);
  });
});
