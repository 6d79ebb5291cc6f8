// Apart from emulator.ts, so suites that run the CLI as a child process need not load the SDK.

/** `POST /open-apis/auth/v3/tenant_access_token/internal` without a client: the parsed answer. */
export async function requestTenantToken(url: string, app_id: string, app_secret: string): Promise<{ code: number; msg: string; tenant_access_token?: string }> {
  const res = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id, app_secret }),
  });
  return (await res.json()) as { code: number; msg: string; tenant_access_token?: string };
}
