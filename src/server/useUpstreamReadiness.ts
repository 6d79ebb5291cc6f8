import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Redact } from '../feishu/index.js';

export interface UpstreamReadinessOptions {
  /** Resolves when Feishu (or the emulator) answers with the app's credentials accepted. */
  checkUpstream(): Promise<void>;
  redact: Redact;
  endpoint?: string;
}

/** `/ready`: 200 `{status: "ready"}` when the upstream check passes, else 503 with the reason. */
export function useUpstreamReadiness({ checkUpstream, redact, endpoint = '/ready' }: UpstreamReadinessOptions): Plugin {
  return useReadinessCheck({
    endpoint,
    check: async ({ fetchAPI }) => {
      const json = (status: number, body: unknown) =>
        new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
      try {
        await checkUpstream();
        return json(200, { status: 'ready' });
      } catch (err) {
        return json(503, { status: 'unavailable', reason: redact(err instanceof Error ? err.message : String(err)) });
      }
    },
  });
}
