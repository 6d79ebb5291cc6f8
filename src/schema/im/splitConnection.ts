import { gatewayError } from '../errors.js';
import { checkFirst, type Connection, type ConnectionArgs } from '../bitable/connection.js';

/**
 * Relay connections over the feed-group lists, which answer each page as two lists: the live
 * entries and the soft-deleted ones (`groups` / `deleted_groups`, `items` / `deleted_items`),
 * `page_size` capping both together. Their order inside the page is lost, so connection.ts's
 * way of resuming mid-page (a bigger page, the seen entries dropped) could skip or repeat
 * entries. Here a mid-page cursor names the page (token and size) and how many of its entries
 * were seen; resuming reads that same page again and goes on after them (at most `first` of
 * what is left). The last edge of a page resumes at Feishu's `page_token`, as everywhere.
 */

export interface SplitPage<T> {
  live: T[];
  deleted: T[];
  has_more: boolean;
  page_token?: string | null;
}

const MID = 'split:';

interface Position {
  pageToken?: string;
  pageSize: number;
  skip: number;
}

const encode = (p: Required<Omit<Position, 'pageToken'>> & { pageToken: string }) => MID + Buffer.from(JSON.stringify([p.pageToken, p.pageSize, p.skip])).toString('base64url');

function decode(after: string | null | undefined, first: number, cap: number): Position {
  if (!after) return { pageSize: first, skip: 0 };
  if (!after.startsWith(MID)) return { pageToken: after, pageSize: first, skip: 0 };
  try {
    const [pageToken, pageSize, skip] = JSON.parse(Buffer.from(after.slice(MID.length), 'base64url').toString('utf8')) as unknown[];
    const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
    if (typeof pageToken === 'string' && whole(pageSize) && whole(skip) && pageSize >= 1 && pageSize <= cap && skip >= 0) return { pageToken: pageToken || undefined, pageSize, skip };
  } catch {
    // falls through to the error below
  }
  throw gatewayError('BAD_USER_INPUT', 'after is not a cursor this API issued', { argumentPath: 'after' });
}

/** One connection page from one Feishu page; `node` gets each entry with whether it is deleted. */
export async function splitConnection<T, N>(
  args: ConnectionArgs,
  opts: { cap: number; what: string; fetch: (page: { pageSize: number; pageToken?: string }) => Promise<SplitPage<T>>; node: (entry: T, deleted: boolean) => N },
): Promise<Connection<N>> {
  const first = checkFirst(args.first, opts.cap, opts.what);
  const { pageToken, pageSize, skip } = decode(args.after, first, opts.cap);
  const page = await opts.fetch({ pageSize, pageToken });
  // Live entries first, then deleted ones: the same page always gives the same order.
  const entries = [...page.live.map((e) => [e, false] as const), ...page.deleted.map((e) => [e, true] as const)];
  const seen = entries.slice(skip, skip + first);
  const edges = seen.map(([e, deleted], i) => ({ cursor: encode({ pageToken: pageToken ?? '', pageSize, skip: skip + i + 1 }), node: opts.node(e, deleted) }));
  const consumedPage = skip + seen.length >= entries.length;
  const next = page.has_more && page.page_token ? page.page_token : null;
  const hasNextPage = consumedPage ? next !== null : true;
  if (consumedPage && next && edges.length) edges[edges.length - 1].cursor = next;
  // An empty page that says more follow (a time window can leave one empty) still moves on.
  const endCursor = edges.length ? edges[edges.length - 1].cursor : (next ?? args.after ?? null);
  return { edges, pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor }, totalCount: null };
}
