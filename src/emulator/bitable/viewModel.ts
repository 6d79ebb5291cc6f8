import { ApiError } from '../errors.js';
import { base62, newId } from '../ids.js';
import type { Form, FormQuestion, Table, View } from '../state.js';

/** View types the Open API creates (SDK `appTableView.create`; seed A23 lists all but form). */
export const VIEW_TYPES: readonly View['view_type'][] = ['grid', 'kanban', 'gallery', 'gantt', 'form'];

/** EMULATOR.md "Limits": 200 views a table (seed A23: 1254101 ViewExceedLimit, "限制200个"). */
export const MAX_VIEWS = 200;

/** A stored filter condition: what the caller sent plus the id Feishu gives each condition (A20). */
export interface StoredCondition { condition_id: string; field_id: string; operator: string; value?: string }
export interface ViewProperty {
  filter_info?: { conjunction: 'and' | 'or'; conditions: StoredCondition[] } | null;
  hidden_fields?: string[] | null;
  hierarchy_config?: { field_id: string } | null;
}

/**
 * A view name as Feishu checks it (seed A20-A24 codes): empty -> 1254021, over 100 characters or
 * holding `[` / `]` -> 1254022 (the rule Feishu gives for names in a base, A18), taken by another
 * view of the table -> 1254020. `status` is the HTTP status the calling endpoint's page documents
 * for these codes (200 on create, 400 on patch).
 */
export function assertViewName(raw: unknown, opts: { table?: Table; selfId?: string; status?: number } = {}): string {
  const status = opts.status ?? 200;
  if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(status, 1254021, 'EmptyViewName');
  const name = raw.trim();
  if (name.length > 100 || /[[\]]/.test(name)) throw new ApiError(status, 1254022, 'InvalidViewName');
  if (opts.table && Object.values(opts.table.views).some((v) => v.view_id !== opts.selfId && v.view_name === name)) throw new ApiError(status, 1254020, 'ViewNameDuplicated');
  return name;
}

/** A new view; a form view also gets its form settings (form_id is the view_id, A25-A28). */
export function newView(table: Table, name: string, type: View['view_type']): View {
  const view: View = { view_id: newId.view(), view_name: name, view_type: type, property: null };
  if (type === 'form') view.form = newForm(table, name);
  return view;
}

function newForm(table: Table, name: string): Form {
  const form: Form = {
    name,
    description: '',
    shared: false,
    // A path, not a URL: the origin is added when read, so a restart on another address keeps links right.
    shared_url: `/share/base/form/shrcn${base62(22)}`,
    shared_limit: 'off',
    submit_limit_once: false,
    questions: {},
  };
  for (const f of Object.values(table.fields)) form.questions[f.field_id] = defaultQuestion(table, f.field_id);
  return form;
}

const defaultQuestion = (table: Table, fieldId: string): FormQuestion => ({ title: table.fields[fieldId].field_name, description: '', required: false, visible: true });

/**
 * The form's questions in order: one per field of the table. Questions are stored by field id in
 * display order; fields added after the form was made are appended with default settings and
 * questions of removed fields are dropped, so the form always mirrors the table.
 */
export function formQuestions(table: Table, form: Form): { field_id: string; question: FormQuestion }[] {
  for (const id of Object.keys(form.questions)) if (!table.fields[id]) delete form.questions[id];
  for (const id of Object.keys(table.fields)) form.questions[id] ??= defaultQuestion(table, id);
  return Object.entries(form.questions).map(([field_id, question]) => ({ field_id, question }));
}

/**
 * A view as get / list / create / patch answer it (seed A20/A21 example): `property` always holds
 * `filter_info` and `hidden_fields` (null when unset); ids of fields removed since are left out.
 */
export function viewOut(table: Table, view: View) {
  const p = (view.property ?? {}) as ViewProperty;
  const live = (id: string) => table.fields[id] !== undefined;
  const property: Record<string, unknown> = {
    filter_info: p.filter_info
      ? {
          condition_omitted: false,
          conjunction: p.filter_info.conjunction,
          conditions: p.filter_info.conditions.filter((c) => live(c.field_id)).map((c) => ({ ...c, field_type: table.fields[c.field_id].type })),
        }
      : null,
    hidden_fields: p.hidden_fields?.length ? p.hidden_fields.filter(live) : null,
  };
  if (p.hierarchy_config && live(p.hierarchy_config.field_id)) property.hierarchy_config = { field_id: p.hierarchy_config.field_id };
  return { view_id: view.view_id, view_name: view.view_name, view_type: view.view_type, property };
}
