import { ApiError, paramError } from '../errors.js';
import { get, patch, type Route, type RouteContext } from '../router.js';
import type { Form, FormQuestion, Table } from '../state.js';
import { BITABLE, findView, optionalBoolean, optionalString, paginate, tableKey, tableOf, touch } from './common.js';
import { formQuestions } from './viewModel.js';

/** Forms (a form is a view of type form; form_id = view_id): get, patch, questions list and patch (seed A25-A28). */

const FORM = `${BITABLE}/apps/:app_token/tables/:table_id/forms/:form_id`;
const lock = { lock: tableKey };
const SHARED_LIMITS: readonly Form['shared_limit'][] = ['off', 'tenant_editable', 'anyone_editable'];

// The form pages (A25-A28) document their Bitable codes with HTTP 400 / 404.
const formFieldNotFound = (id: string) => new ApiError(404, 1254049, `FormFieldNotFound: ${id}`);

/** The form named by `:form_id`: an unknown id is an unknown view (1254042); a view of another type is 1254005 WrongViewId. */
function formOf(ctx: RouteContext) {
  const { app, table } = tableOf(ctx);
  const view = findView(table, ctx.params.form_id);
  if (view.view_type !== 'form' || !view.form) throw new ApiError(400, 1254005, `WrongViewId: ${view.view_id} is a ${view.view_type} view, not a form`);
  return { app, table, form: view.form };
}

const formOut = (ctx: RouteContext, form: Form) => ({
  name: form.name,
  description: form.description,
  shared: form.shared,
  shared_url: `${ctx.rt.publicUrl}${form.shared_url}`,
  shared_limit: form.shared_limit,
  submit_limit_once: form.submit_limit_once,
});

const questionOut = (q: FormQuestion) => ({ title: q.title, description: q.description, required: q.required, visible: q.visible });

/** Moves a question right after `preId` ('' = first), keeping the others in order. */
function moveQuestion(table: Table, form: Form, fieldId: string, preId: string): void {
  const order = formQuestions(table, form).map((q) => q.field_id).filter((id) => id !== fieldId);
  if (preId !== '' && !order.includes(preId)) throw formFieldNotFound(preId);
  order.splice(preId === '' ? 0 : order.indexOf(preId) + 1, 0, fieldId);
  const moved = form.questions;
  form.questions = {};
  for (const id of order) form.questions[id] = moved[id];
}

export const formRoutes: Route[] = [
  get(FORM, 'tenant-or-user', (ctx) => ({ form: formOut(ctx, formOf(ctx).form) })),

  patch(
    FORM,
    'tenant-or-user',
    (ctx) => {
      const { app, table, form } = formOf(ctx);
      const name = optionalString(ctx.body, 'name');
      const description = optionalString(ctx.body, 'description');
      const shared = optionalBoolean(ctx.body, 'shared');
      const submitOnce = optionalBoolean(ctx.body, 'submit_limit_once');
      const limit = ctx.body?.shared_limit;
      if (limit !== undefined && !SHARED_LIMITS.includes(limit)) throw paramError(`shared_limit must be one of ${SHARED_LIMITS.join(', ')}`);
      if (name !== undefined) form.name = name;
      if (description !== undefined) form.description = description;
      if (shared !== undefined) form.shared = shared;
      if (submitOnce !== undefined) form.submit_limit_once = submitOnce;
      if (limit !== undefined) form.shared_limit = limit;
      touch(app, table);
      return { form: formOut(ctx, form) };
    },
    lock,
  ),

  get(`${FORM}/fields`, 'tenant-or-user', (ctx) => {
    const { table, form } = formOf(ctx);
    const page = paginate(ctx, formQuestions(table, form), { max: 100, def: 20 });
    return { items: page.items.map((q) => ({ field_id: q.field_id, ...questionOut(q.question) })), page_token: page.page_token, has_more: page.has_more, total: page.total };
  }),

  patch(
    `${FORM}/fields/:field_id`,
    'tenant-or-user',
    (ctx) => {
      const { app, table, form } = formOf(ctx);
      const fieldId = ctx.params.field_id;
      const question = formQuestions(table, form).find((q) => q.field_id === fieldId)?.question;
      if (!question) throw formFieldNotFound(fieldId);
      const preId = optionalString(ctx.body, 'pre_field_id');
      const title = optionalString(ctx.body, 'title');
      const description = optionalString(ctx.body, 'description');
      const required = optionalBoolean(ctx.body, 'required');
      const visible = optionalBoolean(ctx.body, 'visible');
      if (title !== undefined && title.trim() === '') throw paramError('title must not be empty');
      // A27: "当值为 false 时,不允许更新其他字段": a hidden question keeps its settings.
      const hidden = visible === false || (visible === undefined && !question.visible);
      if (hidden && (title !== undefined || description !== undefined || required !== undefined)) {
        throw new ApiError(400, 1254001, 'WrongRequestBody: a question that is not visible cannot change title, description or required');
      }
      if (preId !== undefined && preId !== fieldId) moveQuestion(table, form, fieldId, preId);
      if (title !== undefined) question.title = title;
      if (description !== undefined) question.description = description;
      if (required !== undefined) question.required = required;
      if (visible !== undefined) question.visible = visible;
      touch(app, table);
      const order = Object.keys(form.questions);
      const out = { pre_field_id: order[order.indexOf(fieldId) - 1] ?? '', ...questionOut(question) };
      // The seed (A27) answers `field`, the official SDK's type reads `fields`: both are sent.
      return { field: out, fields: out };
    },
    lock,
  ),
];
