import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Context } from '../context.js';
import { attachmentsOf, cellTypename, linkIdsOf, usersOf } from './cells.js';
import { linkedTableId } from './field.js';
import { bitableLoaders, key } from './loaders.js';
import { loadFields, type RecordShape } from './refs.js';
import { setsSelect, subSelections } from './selection.js';

/**
 * What a page's cells will load, queued as soon as the page is here (ARCHITECTURE.md, Batching).
 * Left to the executor, the linked records, users and download URLs of a 500-record page are
 * only asked for once it has walked every record and cell, some 30 ms of CPU later; the calls
 * then leave after that walk. Queued from the raw page instead, they are on the wire while the
 * executor walks, and its loads find them in the loaders' caches. Only what the executor would
 * load is queued (the same keys, so the same calls): a selection the plan cannot read ahead
 * (a directive on the way) is left to the executor.
 */

interface Plan {
  /** `LinkCell.records`: the linked records. */
  links: boolean;
  /** The linked records' cells: their tables' fields. */
  linkedFields: boolean;
  /** Person cell types whose users need the contact call (unionId, userId). */
  users: Set<string>;
  /** `BitableAttachment.temporaryUrl`. */
  tmpUrls: boolean;
}

/** Event-loop turns given to the calls before the executor walks the page (connect, then write). */
const WIRE_TURNS = 4;
const PERSON_CELLS = ['UserCell', 'CreatedUserCell', 'ModifiedUserCell'];
const plans = new WeakMap<GraphQLResolveInfo['fieldNodes'], Plan | null>();

function planOf(info: GraphQLResolveInfo): Plan | null {
  const { schema, fragments } = info;
  const sub = (sets: SelectionSetNode[] | null, typename: string, field: string) => (sets ? subSelections(schema, fragments, sets, typename, field) : null);
  const roots = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const cells = sub(sub(sub(roots, 'RecordConnection', 'edges'), 'RecordEdge', 'node'), 'Record', 'cells');
  if (!cells?.length) return null;
  const records = sub(cells, 'LinkCell', 'records');
  const users = new Set(
    PERSON_CELLS.filter((t) => {
      const selected = sub(cells, t, 'users');
      return !!selected?.length && ['unionId', 'userId'].some((f) => !!sub(selected, 'User', f)?.length);
    }),
  );
  const attachments = sub(cells, 'AttachmentCell', 'attachments');
  const plan = {
    links: !!records?.length,
    linkedFields: !!records?.length && setsSelect(fragments, records, ['cells', 'cell']),
    users,
    tmpUrls: !!attachments?.length && !!sub(attachments, 'BitableAttachment', 'temporaryUrl')?.length,
  };
  return plan.links || plan.users.size || plan.tmpUrls ? plan : null;
}

/** Queues the loads the page's cells will make and resolves once they have left. Never fails: the executor reports what goes wrong. */
export async function prefetchCellLoads(ctx: Context, info: GraphQLResolveInfo, appToken: string, tableId: string, records: RecordShape[]): Promise<void> {
  if (!ctx.batching || records.length === 0) return;
  let plan = plans.get(info.fieldNodes);
  if (plan === undefined) plans.set(info.fieldNodes, (plan = planOf(info)));
  if (!plan) return;
  const loaders = bitableLoaders(ctx);
  const fields = await loadFields(ctx, appToken, tableId).catch(() => undefined);
  if (!fields) return;
  const recordKeys: string[] = [];
  const openIds: string[] = [];
  const fileTokens: string[] = [];
  for (const field of fields) {
    const typename = cellTypename(field);
    const linked = plan.links && typename === 'LinkCell' ? linkedTableId(field.property) : undefined;
    const users = plan.users.has(typename);
    const files = plan.tmpUrls && typename === 'AttachmentCell';
    if (!linked && !users && !files) continue;
    if (linked && plan.linkedFields) loaders.prefetchFields(key(appToken, linked));
    for (const record of records) {
      const value = record.raw?.fields[field.field_name];
      if (value === undefined || value === null) continue;
      if (linked) for (const id of linkIdsOf(value)) recordKeys.push(key(appToken, linked, id));
      if (users) for (const u of usersOf(value)) openIds.push(u.openId);
      if (files) for (const a of attachmentsOf(value)) fileTokens.push(a.file_token);
    }
  }
  // loadMany settles with errors in place: the executor's own loads get them from the cache.
  if (recordKeys.length) void loaders.record.loadMany(recordKeys);
  if (openIds.length) void loaders.user.loadMany(openIds);
  if (fileTokens.length) void loaders.tmpUrl.loadMany(fileTokens);
  await ctx.quiet.sent();
  // A few turns of the event loop let the calls reach the wire (a call that needs a new
  // connection waits for its connect, then writes) before the executor's walk holds the thread.
  for (let turn = 0; turn < WIRE_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
}
