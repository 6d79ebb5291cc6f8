import { afterEach, describe, expect, it } from 'vitest';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';

const waitFor = async (run: CliRun, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(run.output());
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`the CLI exited with ${run.child.exitCode}:\n${run.output()}`);
    if (Date.now() > until) throw new Error(`no ${pattern} in:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('npm start (no command, no FEISHU_APP_ID): the demo', () => {
  let run: CliRun | undefined;
  afterEach(() => killIfRunning(run));

  it('starts the emulator and the gateway, prints the URL, key, user token and a query that works', async () => {
    run = runCli(['--port', '0'], { PORT: '0', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', GATEWAY_API_KEYS: '', GATEWAY_API_KEY_HASHES: '', NODE_ENV: '' });
    await waitFor(run, /^Try:\n\s+curl .*\n.*'\s*$/m);
    const out = run.output();
    const url = /Gateway listening on (http:\/\/\S+\/graphql)/.exec(out)![1];
    const key = /Demo API key\s+(\S+)/.exec(out)![1];
    expect(out).toMatch(/Feishu emulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(new RegExp(`GraphiQL\\s+${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    expect(out).toContain('Authorization: Bearer u-demo-alice');
    const body = /-d '(\{.*\})'/.exec(out)![1];

    const post = async (headers: Record<string, string>) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).json();
    const asApp = await post({ 'x-api-key': key });
    expect(asApp.errors).toBeUndefined();
    expect(asApp.data.viewer).toEqual({ kind: 'APP' });
    expect(asApp.data.app.table.records.edges).toHaveLength(5); // the printed query reads the demo base
    const asUser = await post({ authorization: 'Bearer u-demo-alice' });
    expect(asUser.errors).toBeUndefined();
    expect(asUser.data.viewer).toEqual({ kind: 'USER' });
    expect(await post({})).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

    const page = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(key); // pre-filled in GraphiQL
    expect((await fetch(new URL('/ready', url))).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
