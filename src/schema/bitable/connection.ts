import type { ObjectRef } from '@pothos/core';
import { gatewayError } from '../errors.js';
import { builder } from '../builder.js';

/**
 * Relay connections over Feishu's forward-only lists (API.md, Conventions): one connection page
 * is one upstream page (`page_size = first`); `endCursor` is Feishu's `page_token`. A mid-page
 * edge's cursor names the page it came from and how many items of it to skip, so resuming
 * after it is still one upstream call (`page_size = skip + first`, the skipped ones dropped).
 */

export const DEFAULT_FIRST = 20;
const MID = 'mid:';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

export interface FeishuPage<T> {
  items: T[];
  has_more: boolean;
  page_token?: string | null;
  total?: number | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

/** `first` checked against its cap (BAD_USER_INPUT naming the cap) and defaulted. */
export function checkFirst(first: number | null | undefined, cap: number, what: string): number {
  const n = first ?? DEFAULT_FIRST;
  if (n > cap) throw gatewayError('BAD_USER_INPUT', `first must be at most ${cap} for ${what}, got ${n}`, { argumentPath: 'first' });
  if (n < 1) throw gatewayError('BAD_USER_INPUT', `first must be at least 1, got ${n}`, { argumentPath: 'first' });
  return n;
}

const encodeMid = (pageToken: string, skip: number) => MID + Buffer.from(JSON.stringify([pageToken, skip])).toString('base64url');

function decodeAfter(after: string | null | undefined): { pageToken?: string; skip: number } {
  if (!after) return { skip: 0 };
  if (!after.startsWith(MID)) return { pageToken: after, skip: 0 };
  try {
    const [pageToken, skip] = JSON.parse(Buffer.from(after.slice(MID.length), 'base64url').toString('utf8')) as unknown[];
    if (typeof pageToken === 'string' && typeof skip === 'number' && Number.isInteger(skip) && skip >= 0) return { pageToken: pageToken || undefined, skip };
  } catch {
    // falls through to the error below
  }
  throw gatewayError('BAD_USER_INPUT', 'after is not a cursor this API issued', { argumentPath: 'after' });
}

/** An edge whose cursor is encoded when read: a page of 500 records rarely asks for 500 cursors. */
class Edge<N> {
  #cursor: string | undefined;
  constructor(
    private readonly pageToken: string,
    private readonly skip: number,
    readonly node: N,
  ) {}
  get cursor(): string {
    return (this.#cursor ??= encodeMid(this.pageToken, this.skip));
  }
  set cursor(cursor: string) {
    this.#cursor = cursor;
  }
}

/** One connection page from one Feishu page. */
export async function feishuConnection<T, N>(
  args: ConnectionArgs,
  opts: { cap: number; what: string; fetch: (page: { pageSize: number; pageToken?: string }) => Promise<FeishuPage<T>>; node: (item: T) => N },
): Promise<Connection<N>> {
  const first = checkFirst(args.first, opts.cap, opts.what);
  const { pageToken, skip } = decodeAfter(args.after);
  const pageSize = Math.min(opts.cap, skip + first);
  const page = await opts.fetch({ pageSize, pageToken });
  const items = page.items.slice(skip, skip + first);
  const edges = items.map((item, i) => new Edge(pageToken ?? '', skip + i + 1, opts.node(item)));
  // The last edge of a page resumes where Feishu says the next page starts.
  const consumedPage = skip + items.length >= page.items.length;
  const hasNextPage = consumedPage ? Boolean(page.has_more && page.page_token) : true;
  if (edges.length && consumedPage && hasNextPage) edges[edges.length - 1].cursor = page.page_token as string;
  const endCursor = edges.length ? edges[edges.length - 1].cursor : (args.after ?? null);
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor },
    totalCount: page.total ?? null,
  };
}

/** `<Name>Connection { edges { cursor node } pageInfo totalCount }` and its edge type. */
export function connectionType<N>(name: string, nodeRef: ObjectRef<any, N>) {
  const Edge = builder.objectRef<{ cursor: string; node: N }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: nodeRef, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectRef<Connection<N>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
      totalCount: t.int({ nullable: true, description: 'How many items the whole list holds, when Feishu says.', resolve: (c) => c.totalCount }),
    }),
  });
}
