import type { PageLike } from './envelope.js';

export interface PaginateOptions {
  /** Resume from this token (a connection's `after` cursor). */
  pageToken?: string;
  /** Stop after this many pages (a safety net for callers that only want a bounded read). */
  maxPages?: number;
}

/**
 * Every page of a Feishu list, fetched one after the other as the consumer asks for them.
 * Stops when `has_more` is false, when the next `page_token` is empty, or when a token comes back
 * that was already used (feishu-wire.md §9: a repeated token would loop forever).
 */
export async function* paginate<P extends PageLike>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  opts: PaginateOptions = {},
): AsyncGenerator<P, void, undefined> {
  const used = new Set<string>();
  let token = opts.pageToken || undefined;
  if (token) used.add(token);
  for (let n = 1; ; n++) {
    const page = await fetchPage(token);
    yield page;
    const next = page.page_token;
    if (!page.has_more || !next || used.has(next) || (opts.maxPages !== undefined && n >= opts.maxPages)) return;
    used.add(next);
    token = next;
  }
}

/** The items of every page, flattened: `for await (const record of items(paginate(...), (p) => p.items))`. */
export async function* items<P, T>(pages: AsyncIterable<P>, pick: (page: P) => readonly T[]): AsyncGenerator<T, void, undefined> {
  for await (const p of pages) yield* pick(p);
}
