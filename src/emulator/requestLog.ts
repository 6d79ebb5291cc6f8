export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  code: number | null;
  at: number;
  durationMs: number;
  /** The JSON body; for multipart the text fields, and each file as `{filename, size}`; absent when none. */
  body?: unknown;
}

/** Every /open-apis and /callback call, oldest first (admin `GET /requests`). */
export class RequestLog {
  entries: LoggedRequest[] = [];

  /** Entries are added when the answer ends, so a slow request is slotted back in by arrival. */
  add(e: LoggedRequest): void {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].at > e.at) i--;
    this.entries.splice(i, 0, e);
    if (this.entries.length > 100_000) this.entries.splice(0, this.entries.length - 100_000);
  }

  clear(): void {
    this.entries = [];
  }
}

/** Repeated keys become arrays, as Feishu's repeated-query parameters (`user_ids=a&user_ids=b`). */
export function queryObject(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** A multipart body as the log shows it: no bytes, only what identifies the upload. */
export function loggedParts(parts: { name: string; filename?: string; data: Buffer }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    const value = p.filename === undefined ? p.data.toString('utf8') : { filename: p.filename, size: p.data.length };
    out[p.name] = p.name in out ? [out[p.name], value].flat() : value;
  }
  return out;
}
