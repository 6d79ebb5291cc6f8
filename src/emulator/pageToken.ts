/**
 * Offset pagination for the APIs outside Bitable (feed groups, task attachments): `page_size`
 * within a documented range and an opaque `page_token`. Each API refuses bad values with its own
 * parameter error, so the caller hands in how to fail.
 */

export interface PageRange {
  /** page_size when the caller sends none. */
  def: number;
  max: number;
}

type Fail = (msg: string) => Error;

/** `page_size` from the query: an integer in 1..max, or the default when absent or empty. */
export function pageSize(raw: string | null, range: PageRange, fail: Fail): number {
  if (raw === null || raw === '') return range.def;
  const size = Number(raw);
  if (!/^[0-9]+$/.test(raw) || size < 1 || size > range.max) throw fail(`page_size must be an integer from 1 to ${range.max}, got ${raw}`);
  return size;
}

/** One page of `items` after the position `token` names (empty or absent: the first page). */
export function pageOf<T>(items: T[], size: number, token: string | null, fail: Fail): { items: T[]; page_token: string; has_more: boolean } {
  let offset = 0;
  if (token) {
    const m = /^op([0-9]+)$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
    if (!m) throw fail(`page_token is not valid: ${token}`);
    offset = Number(m[1]);
  }
  const has_more = offset + size < items.length;
  return { items: items.slice(offset, offset + size), page_token: has_more ? Buffer.from(`op${offset + size}`).toString('base64url') : '', has_more };
}
