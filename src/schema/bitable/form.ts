import type { BitableForm, FormQuestion } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { bitableLoaders, key } from './loaders.js';
import { FieldRef, FormRef, ViewRef, loadFields, loadView, type FormShape } from './refs.js';

/**
 * Forms: a form is a view of type form, and its form_id is the view's id. `View.form` is null for
 * other views; the form's settings and its questions load once each per request.
 */

const formKey = (f: FormShape) => key(f.appToken, f.tableId, f.formId);
const loadForm = (ctx: Context, f: FormShape): Promise<BitableForm> => bitableLoaders(ctx).form.load(formKey(f));

export const FormQuestionRef = builder.objectRef<{ form: FormShape; raw: FormQuestion }>('FormQuestion').implement({
  description: 'A question of a form: one field of the table, as the form asks for it.',
  fields: (t) => ({
    fieldId: t.string({ resolve: (q) => q.raw.field_id }),
    title: t.string({ nullable: true, resolve: (q) => q.raw.title ?? null }),
    description: t.string({ nullable: true, resolve: (q) => q.raw.description ?? null }),
    required: t.boolean({ nullable: true, resolve: (q) => q.raw.required ?? null }),
    visible: t.boolean({ nullable: true, resolve: (q) => q.raw.visible ?? null }),
    field: t.field({
      type: FieldRef,
      nullable: true,
      description: 'The field the question fills in; null if the table no longer has it.',
      resolve: async (q, _a, ctx) => {
        const { appToken, tableId } = q.form;
        const raw = (await loadFields(ctx, appToken, tableId)).find((f) => f.field_id === q.raw.field_id);
        return raw ? { appToken, tableId, fieldId: raw.field_id, raw } : null;
      },
    }),
  }),
});

FormRef.implement({
  description: 'A form view\'s settings and questions.',
  fields: (t) => ({
    formId: t.string({ description: "The form's id: its view's view_id.", resolve: (f) => f.formId }),
    name: t.string({ nullable: true, resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).name ?? null }),
    description: t.string({ nullable: true, resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).description ?? null }),
    shared: t.boolean({ nullable: true, description: 'Whether the form is shared by link.', resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).shared ?? null }),
    sharedUrl: t.string({ nullable: true, resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).shared_url ?? null }),
    sharedLimit: t.string({
      nullable: true,
      description: 'Who may fill in the shared form (Feishu shared_limit: off, tenant_editable, anyone_editable).',
      resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).shared_limit ?? null,
    }),
    submitLimitOnce: t.boolean({
      nullable: true,
      description: 'Whether each person may submit only once.',
      resolve: async (f, _a, ctx) => (await loadForm(ctx, f)).submit_limit_once ?? null,
    }),
    questions: t.field({
      type: [FormQuestionRef],
      nullable: false,
      description: 'Every question, in form order (all pages, 100 a call).',
      resolve: async (f, _a, ctx) => (await bitableLoaders(ctx).formQuestions.load(formKey(f))).map((raw) => ({ form: f, raw })),
    }),
  }),
});

builder.objectFields(ViewRef, (t) => ({
  form: t.field({
    type: FormRef,
    nullable: true,
    description: 'The form, for a form view; null for other views.',
    resolve: async (v, _a, ctx) => ((await loadView(ctx, v)).view_type === 'form' ? { appToken: v.appToken, tableId: v.tableId, formId: v.viewId } : null),
  }),
}));
