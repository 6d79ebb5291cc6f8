import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import {
  BATCH_GET_RECORDS_MAX,
  BATCH_GET_USERS_MAX,
  TMP_DOWNLOAD_URLS_MAX,
  paginate,
  type BitableApp,
  type BitableField,
  type BitableForm,
  type BitableRole,
  type BitableRecord,
  type BitableTable,
  type BitableView,
  type ContactUser,
  type Dashboard,
  type FormQuestion,
} from '../../feishu/index.js';
import { batchLoader } from '../batchLoader.js';
import { gatewayError } from '../errors.js';
import type { Context } from '../context.js';
import { chunk } from './writeChunks.js';

/**
 * The per-request loaders of the Bitable graph (ARCHITECTURE.md, Batching). Each lives on the
 * request's context, so nothing is shared between identities. Batch loaders use their
 * endpoint's maximum batch size (1 with `GATEWAY_BATCHING=off`) and leave when the request has
 * no Feishu call in flight, so loads caused by data of the same depth share one call
 * (batchLoader.ts, which also reports each batch's size to the metrics).
 */

// JSON, not a separator: ids come from callers and may hold any character (`rec/../x`), and a
// key that splits differently from how it was joined would load another object's id.
export const key = (...parts: string[]): string => JSON.stringify(parts);
export const split = (k: string): string[] => JSON.parse(k) as string[];

/** A loader of one object per key, for endpoints without a batch form. */
const single = <V>(fn: (k: string) => Promise<V>) => new DataLoader<string, V>(async (keys) => Promise.all(keys.map((k) => fn(k).catch((e: unknown) => toError(e)))), { batch: false });

const toError = (e: unknown): Error => (e instanceof Error ? e : Object.assign(new Error('load failed'), e as object));

export const notFound = (what: string) => gatewayError('NOT_FOUND', what);

export const bitableLoaders = createContextCache((ctx: Context) => {
  const bitable = ctx.feishu.bitable;

  /** Every page of a list, concatenated: metadata is read once per table per request. */
  const all = async <T>(fetch: (pageToken?: string) => Promise<{ items: T[]; has_more: boolean; page_token?: string | null }>): Promise<T[]> => {
    const out: T[] = [];
    for await (const page of paginate(fetch)) out.push(...page.items);
    return out;
  };

  /** Field lists already here, by `appToken/tableId`: read without a promise (cells.ts). */
  const fieldsKnown = new Map<string, BitableField[]>();
  const fieldsStarted = new Set<string>();

  const fields = single<BitableField[]>(async (k) => {
    const [appToken, tableId] = split(k);
    const list = await all((pageToken) => bitable.listFields({ appToken, tableId, pageSize: 100, pageToken }));
    fieldsKnown.set(k, list);
    return list;
  });

  return {
    /** `appToken` -> the base's metadata. */
    app: single<BitableApp>((appToken) => bitable.getApp({ appToken })),
    /** `appToken` -> every table of the base (no single-table endpoint exists). */
    tables: single<BitableTable[]>((appToken) => all((pageToken) => bitable.listTables({ appToken, pageSize: 100, pageToken }))),
    /** `appToken/tableId` -> every field of the table. */
    fields,
    /** The table's fields if they have loaded (undefined while they have not, or failed). */
    fieldsNow: (k: string): BitableField[] | undefined => fieldsKnown.get(k),
    /**
     * Starts the table's field list once, without waiting: a resolver that knows cells will be
     * read calls it so the list loads beside what is in flight, not after it.
     */
    prefetchFields(k: string): void {
      if (fieldsStarted.has(k)) return;
      fieldsStarted.add(k);
      fields.load(k).catch(() => undefined);
    },
    /** `appToken/tableId/viewId` -> one view. */
    view: single<BitableView>((k) => {
      const [appToken, tableId, viewId] = split(k);
      return bitable.getView({ appToken, tableId, viewId });
    }),
    /** `appToken` -> every custom role of the base (30 a page, Feishu's most; 1254301 unless advanced). */
    roles: single<BitableRole[]>((appToken) => all((pageToken) => bitable.listRoles({ appToken, pageSize: 30, pageToken }))),
    /** `appToken` -> every dashboard of the base. */
    dashboards: single<Dashboard[]>((appToken) =>
      all(async (pageToken) => {
        const page = await bitable.listDashboards({ appToken, pageSize: 500, pageToken });
        return { ...page, items: page.dashboards };
      }),
    ),
    /** `appToken/tableId/formId` -> the form's settings (formId is the form view's id). */
    form: single<BitableForm>((k) => {
      const [appToken, tableId, formId] = split(k);
      return bitable.getForm({ appToken, tableId, formId });
    }),
    /** `appToken/tableId/formId` -> every question of the form, in order. */
    formQuestions: single<FormQuestion[]>((k) => {
      const [appToken, tableId, formId] = split(k);
      return all((pageToken) => bitable.listFormQuestions({ appToken, tableId, formId, pageSize: 100, pageToken }));
    }),
    /**
     * `appToken/tableId/recordId` -> the record (null when absent), 100 ids a call per table.
     * Keys of several tables share one batch; the function chunks each table to 100 itself. Each
     * key settles when its own call answers, not when the batch's last one does: the executor
     * walks the records of the first answers while the others are still on the wire.
     */
    record: batchLoader<string, BitableRecord | null>(ctx, 'bitable.record', Infinity, (keys) => {
      const groups = new Map<string, string[]>();
      for (const k of keys) {
        const [appToken, tableId, recordId] = split(k);
        const g = key(appToken, tableId);
        const ids = groups.get(g);
        if (ids) ids.push(recordId);
        else groups.set(g, [recordId]);
      }
      const settled = new Map<string, Promise<BitableRecord | null>>();
      for (const [g, ids] of groups) {
        const [appToken, tableId] = split(g);
        for (const recordIds of chunk([...new Set(ids)], BATCH_GET_RECORDS_MAX)) {
          const answer = bitable.batchGetRecords({ appToken, tableId, recordIds, automaticFields: true }).then(
            (data) => new Map(data.records.map((r) => [r.record_id, r])),
            (e: unknown) => Promise.reject(toError(e)),
          );
          for (const id of recordIds) settled.set(key(appToken, tableId, id), answer.then((found) => found.get(id) ?? null));
        }
      }
      // DataLoader settles each load with the promise given for its key (a rejection fails that load).
      return Promise.resolve(keys.map((k) => settled.get(k)!) as unknown as (BitableRecord | null)[]);
    }),
    /** open_id -> the contact user (null when Feishu does not know it), 50 a call. */
    user: batchLoader<string, ContactUser | null>(ctx, 'contact.user', BATCH_GET_USERS_MAX, async (openIds) => {
      const data = await ctx.feishu.contact.batchGetUsers({ userIds: [...openIds], userIdType: 'open_id' });
      const byId = new Map(data.items.map((u) => [u.open_id, u]));
      return openIds.map((id) => byId.get(id) ?? null);
    }),
    /** file_token -> a 24-hour download URL, 5 a call. */
    tmpUrl: batchLoader<string, string | null>(ctx, 'drive.tmpDownloadUrl', TMP_DOWNLOAD_URLS_MAX, async (fileTokens) => {
      const data = await ctx.feishu.drive.batchGetTmpDownloadUrls({ fileTokens: [...fileTokens] });
      const byToken = new Map(data.tmp_download_urls.map((u) => [u.file_token, u.tmp_download_url]));
      return fileTokens.map((t) => byToken.get(t) ?? null);
    }),
  };
});

export type BitableLoaders = ReturnType<typeof bitableLoaders>;
