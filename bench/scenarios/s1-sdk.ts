import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import type { EmulatorClient } from '../lib/emulator.js';
import type { BenchBase } from '../lib/base.js';

/**
 * S1's baseline: the same read written by hand with the official SDK, the way a careful user
 * would, knowing the schema: round 1 = app, table list, the three field lists and the record page
 * in parallel; round 2 = every batch call (records/batch_get per 100 ids of each linked table,
 * contact users/batch per 50 users, batch_get_tmp_download_url per 5 files) in parallel. Nothing
 * can start earlier: round 2's ids are in round 1's page.
 */

const require = createRequire(import.meta.url);
const lark = (): typeof Lark => require('@larksuiteoapi/node-sdk');

export function sdkClient(emu: EmulatorClient): Lark.Client {
  const { Client, DefaultCache, LoggerLevel } = lark();
  // Its own token cache: the SDK's default one is shared by every client of an app id.
  return new Client({ appId: emu.appId, appSecret: emu.appSecret, domain: emu.url, cache: new DefaultCache(), loggerLevel: LoggerLevel.error });
}

export interface SdkRead {
  /** What the minimum is computed from: distinct ids per linked table, users, files. */
  linked: Map<string, Set<string>>;
  users: Set<string>;
  files: Set<string>;
  /** The assembled result, for a sanity check against the gateway's. */
  records: { recordId: string; links: number; users: number; urls: number }[];
}

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

function must<T extends { code?: number; msg?: string }>(res: T, what: string): T {
  if (res.code !== 0) throw new Error(`SDK ${what}: ${res.code} ${res.msg}`);
  return res;
}

export async function sdkNestedRead(client: Lark.Client, base: BenchBase, first: number): Promise<SdkRead> {
  const app_token = base.appToken;
  const fieldsOf = (table_id: string) => client.bitable.appTableField.list({ path: { app_token, table_id }, params: { page_size: 100 } }).then((r) => must(r, 'fields').data?.items ?? []);
  const [, , orderFields, , , page] = await Promise.all([
    client.bitable.app.get({ path: { app_token } }).then((r) => must(r, 'app')),
    client.bitable.appTable.list({ path: { app_token }, params: { page_size: 100 } }).then((r) => must(r, 'tables')),
    fieldsOf(base.orders),
    fieldsOf(base.products),
    fieldsOf(base.customers),
    client.bitable.appTableRecord.search({ path: { app_token, table_id: base.orders }, params: { page_size: first }, data: {} }).then((r) => must(r, 'search')),
  ]);

  const rows = page.data?.items ?? [];
  const links = orderFields.filter((f) => f.type === 18).map((f) => ({ name: f.field_name, table: (f.property as any)?.table_id as string }));
  const people = orderFields.filter((f) => f.type === 11).map((f) => f.field_name);
  const attachments = orderFields.filter((f) => f.type === 17).map((f) => f.field_name);
  const cell = (r: (typeof rows)[number], name: string) => (r.fields as Record<string, any>)[name];

  const linked = new Map<string, Set<string>>();
  const users = new Set<string>();
  const files = new Set<string>();
  for (const r of rows) {
    for (const l of links) for (const id of cell(r, l.name)?.link_record_ids ?? []) (linked.get(l.table) ?? linked.set(l.table, new Set()).get(l.table)!).add(id);
    for (const p of people) for (const u of cell(r, p) ?? []) users.add(u.id);
    for (const a of attachments) for (const f of cell(r, a) ?? []) files.add(f.file_token);
  }

  const [linkedRecords, unionIds, urls] = await Promise.all([
    Promise.all(
      [...linked].flatMap(([table_id, ids]) =>
        chunks([...ids], 100).map((record_ids) => client.bitable.appTableRecord.batchGet({ path: { app_token, table_id }, data: { record_ids } }).then((r) => must(r, 'batch_get').data?.records ?? [])),
      ),
    ).then((xs) => new Map(xs.flat().map((r) => [r.record_id!, r]))),
    Promise.all(chunks([...users], 50).map((user_ids) => client.contact.user.batch({ params: { user_ids, user_id_type: 'open_id' } }).then((r) => must(r, 'users/batch').data?.items ?? []))).then(
      (xs) => new Map(xs.flat().map((u) => [u.open_id!, u.union_id])),
    ),
    Promise.all(chunks([...files], 5).map((file_tokens) => client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens } }).then((r) => must(r, 'tmp urls').data?.tmp_download_urls ?? []))).then(
      (xs) => new Map(xs.flat().map((u) => [u.file_token, u.tmp_download_url])),
    ),
  ]);

  // Assemble what the GraphQL query returns, so both sides do the same work.
  const records = rows.map((r) => ({
    recordId: r.record_id!,
    links: links.flatMap((l) => (cell(r, l.name)?.link_record_ids ?? []).map((id: string) => linkedRecords.get(id)).filter(Boolean)).length,
    users: people.flatMap((p) => (cell(r, p) ?? []).filter((u: any) => unionIds.get(u.id))).length,
    urls: attachments.flatMap((a) => (cell(r, a) ?? []).filter((f: any) => urls.get(f.file_token))).length,
  }));
  return { linked, users, files, records };
}
