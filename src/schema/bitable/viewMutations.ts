import { bitableWrites, type BitableView, type TableKey } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { TableRef, ViewRef, type TableShape, type ViewShape } from './refs.js';
import { completeRaw, feishuId, requireSome, viewName, viewProperty } from './structureRules.js';
import { ViewType } from './view.js';

/**
 * View mutations (seed A20, A23, A24). Feishu answers a create or patch with the view, which the
 * payload returns as it is (no re-read) when it holds everything View reads.
 */

interface ViewPayload extends Planned {
  table?: TableShape | null;
  view?: ViewShape | null;
  deletedViewId?: string | null;
}

const FEISHU_VIEW_TYPES = { GRID: 'grid', KANBAN: 'kanban', GALLERY: 'gallery', GANTT: 'gantt', FORM: 'form' } as const;

/** A23's answer has no `property`; without it View.property must load, so the answer is not primed. */
const VIEW_KEYS = ['view_id', 'view_name', 'view_type', 'property'] as const;
const viewShape = (t: TableKey, raw: BitableView): ViewShape => ({ ...t, viewId: raw.view_id, raw: completeRaw(raw, VIEW_KEYS) });

const viewPayload = (name: string) =>
  builder.objectRef<ViewPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      table: t.field({ type: TableRef, nullable: true, description: 'The table whose views changed (null on a dry run).', resolve: (p) => p.table ?? null }),
    }),
  });
const CreateViewPayload = viewPayload('CreateViewPayload');
const UpdateViewPayload = viewPayload('UpdateViewPayload');
const DeleteViewPayload = viewPayload('DeleteViewPayload');
for (const [ref, description] of [
  [CreateViewPayload, 'The new view (null on a dry run).'],
  [UpdateViewPayload, 'The view as Feishu answered the update (null on a dry run).'],
] as const) {
  builder.objectFields(ref, (t) => ({ view: t.field({ type: ViewRef, nullable: true, description, resolve: (p) => p.view ?? null }) }));
}
builder.objectFields(DeleteViewPayload, (t) => ({
  deletedViewId: t.string({ nullable: true, description: 'The deleted view\'s id (null on a dry run).', resolve: (p) => p.deletedViewId ?? null }),
}));

const NAME_DESCRIPTION = '1-100 characters without [ or ] (trimmed); unique in the table.';

builder.mutationField('createView', (t) =>
  t.fieldWithInput({
    type: CreateViewPayload,
    nullable: false,
    description: 'Adds a view to a table (a table holds at most 200). A FORM view is a form: see View.form and updateForm.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      name: t.input.string({ required: true, description: NAME_DESCRIPTION, validate: viewName }),
      type: t.input.field({ type: ViewType, description: 'Default GRID.' }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const key = { appToken: input.appToken, tableId: input.tableId };
      // A23 marks view_type required, so the default is sent rather than left to Feishu.
      const call = bitableWrites.createView(key, { view_name: input.name, view_type: FEISHU_VIEW_TYPES[input.type ?? 'GRID'] });
      if (input.dryRun) return plan([call]);
      const { view } = await send(ctx, call);
      return { table: key, view: viewShape(key, view) };
    },
  }),
);

builder.mutationField('updateView', (t) =>
  t.fieldWithInput({
    type: UpdateViewPayload,
    nullable: false,
    description: 'Renames a view or changes its property; only what is given changes (inside property too: each key given replaces that key).',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      viewId: t.input.string({ required: true, validate: feishuId('viewId') }),
      name: t.input.string({ description: NAME_DESCRIPTION, validate: viewName }),
      property: t.input.field({
        type: 'JSON',
        description:
          'Feishu\'s view property: {"filter_info": {"conjunction": "and"|"or", "conditions": [{"field_id", "operator" (is, isNot, contains, doesNotContain, isEmpty, isNotEmpty, isGreater, isGreaterEqual, isLess, isLessEqual), "value": "[\\"…\\"]" or ["…"]}] (at most 50)} or null, "hidden_fields": [field ids] (at most 100) or null, "hierarchy_config": {"field_id"}}.',
        validate: viewProperty,
      }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      requireSome(input, ['name', 'property']);
      const key = { appToken: input.appToken, tableId: input.tableId };
      const call = bitableWrites.updateView(key, input.viewId, { view_name: input.name ?? undefined, property: input.property ?? undefined });
      if (input.dryRun) return plan([call]);
      const { view } = await send(ctx, call);
      return { table: key, view: viewShape(key, view) };
    },
  }),
);

builder.mutationField('deleteView', (t) =>
  t.fieldWithInput({
    type: DeleteViewPayload,
    nullable: false,
    description: 'Deletes a view (Feishu refuses to delete a table\'s last view).',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      viewId: t.input.string({ required: true, validate: feishuId('viewId') }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const key = { appToken: input.appToken, tableId: input.tableId };
      const call = bitableWrites.deleteView(key, input.viewId);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { table: key, deletedViewId: input.viewId };
    },
  }),
);
