import type { IncomingMessage } from 'node:http';
import type { Runtime } from './runtime.js';
import type { User } from './state.js';

/** Who is calling: the app (tenant token) or a user (user_access_token). */
export type Identity = { kind: 'tenant' } | { kind: 'user'; user: User } | { kind: 'none' };

/** Which tokens a route accepts. */
export type AuthMode = 'none' | 'tenant-or-user' | 'tenant' | 'user';

export interface RouteContext {
  req: IncomingMessage;
  rt: Runtime;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when the body is empty or not JSON). */
  body: any;
  rawBody: Buffer;
  identity: Identity;
  /** The matched route template, e.g. `/open-apis/bitable/v1/apps/:app_token`. */
  template: string;
}

/** A handler returns `data` for the `{code:0,msg,data}` envelope, or a Raw answer. */
export class Raw {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface Route {
  method: string;
  path: string;
  auth: AuthMode;
  /** For writes that Feishu serialises per table: the lock key (`app_token/table_id`). */
  lock?: (params: Record<string, string>) => string;
  handle: (ctx: RouteContext) => unknown;
}

interface Compiled extends Route {
  segments: string[];
  paramCount: number;
}

/** Matches `:param` templates; among matches, the route with fewer params (more literal) wins. */
export class Router {
  private routes: Compiled[] = [];

  add(...routes: Route[]): void {
    for (const r of routes) {
      const segments = r.path.split('/').filter(Boolean);
      this.routes.push({ ...r, segments, paramCount: segments.filter((s) => s.startsWith(':')).length });
    }
    this.routes.sort((a, b) => a.paramCount - b.paramCount);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const r of this.routes) {
      if (r.method !== method || r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = r.segments[i];
        if (!seg.startsWith(':')) ok = seg === parts[i];
        else {
          const value = safeDecode(parts[i]);
          if (value === undefined) ok = false;
          else params[seg.slice(1)] = value;
        }
      }
      if (ok) return { route: r, params };
    }
    return undefined;
  }

  /** True when some route has this path under another method. */
  hasPath(path: string): boolean {
    return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].some((m) => this.match(m, path));
  }
}

/** A malformed escape (`%E0%A4%A`) matches no route instead of failing the request with a 500. */
function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Small constructors keep route tables readable: `get(path, auth, handle, {lock})`. */
const verb =
  (method: string) =>
  (path: string, auth: AuthMode, handle: Route['handle'], extra: Partial<Route> = {}): Route => ({ method, path, auth, handle, ...extra });
export const get = verb('GET');
export const post = verb('POST');
export const put = verb('PUT');
export const patch = verb('PATCH');
export const del = verb('DELETE');
