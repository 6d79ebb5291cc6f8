import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, TASKS, startDemoStack, type DemoStack } from './bitable.js';
import { dryThenReal, expectFeishuError, expectRefused, feishuCalls, longName, ok } from './structureMutations.js';

/**
 * View and form mutations over real HTTP on the demo base: createView, updateView, deleteView,
 * updateForm, updateFormQuestion. Each: a dry run that writes nothing and plans exactly what the
 * real run sends, the result read back, input refused before any call, and a Feishu error's code.
 */

const TABLE = (tableId: string) => `/open-apis/bitable/v1/apps/${BASE}/tables/${tableId}`;
/** The demo's form view on Launches ("Launch request"). */
const FORM_VIEW = 'vewYrts3Ji';
/** The demo's grid views of Launches ("All launches") and Tasks. */
const GRID_VIEW = 'vewJydMII0';
let TASKS_GRID: string;

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
  // Views and forms are table writes: the emulator holds the table 20 ms after each, and a write
  // inside that window is answered 1254291 and retried. These tests compare exact call lists.
  await s.emulatorConfig({ writeLockMs: 0 });
  [TASKS_GRID] = await viewIds(TASKS);
});
afterAll(() => s.close());

const fieldIds = async (tableId: string) => {
  const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${tableId}") { fields(first: 100) { edges { node { fieldId name } } } } } }`);
  return Object.fromEntries(d.app.table.fields.edges.map((e: any) => [e.node.name, e.node.fieldId])) as Record<string, string>;
};
const viewIds = async (tableId: string) => {
  const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${tableId}") { views(first: 100) { edges { node { viewId } } } } } }`);
  return d.app.table.views.edges.map((e: any) => e.node.viewId as string);
};
const createView = async (name: string, type = 'GRID') => {
  const d = await ok(s, `mutation { createView(input: { appToken: "${BASE}", tableId: "${TASKS}", name: "${name}", type: ${type} }) { view { viewId } } }`);
  return d.createView.view.viewId as string;
};
const noReads = (log: { method: string }[]) => expect(log.filter((c) => c.method === 'GET')).toEqual([]);

describe('createView', () => {
  it('plans one POST, then adds the view, answering from Feishu\'s reply without a re-read', async () => {
    const { planned, payload, log } = await dryThenReal(
      s,
      'createView',
      { appToken: BASE, tableId: TASKS, name: ' By assignee ', type: 'KANBAN' },
      'table { tableId } view { viewId name type property }',
    );
    expect(planned).toEqual([{ endpoint: 'bitable.createView', method: 'POST', path: `${TABLE(TASKS)}/views`, query: {}, body: { view_name: 'By assignee', view_type: 'kanban' } }]);
    expect(payload).toMatchObject({ table: { tableId: TASKS }, view: { name: 'By assignee', type: 'KANBAN' } });
    noReads(log);
    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { view(viewId: "${payload.view.viewId}") { name type } } } }`);
    expect(d.app.table.view).toEqual({ name: 'By assignee', type: 'KANBAN' });
  });

  it('sends GRID when no type is given, and makes a FORM view a form', async () => {
    const { planned } = await dryThenReal(s, 'createView', { appToken: BASE, tableId: TASKS, name: 'Plain' }, 'view { type }');
    expect(planned[0].body).toEqual({ view_name: 'Plain', view_type: 'grid' });
    const id = await createView('Task intake', 'FORM');
    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { view(viewId: "${id}") { type form { formId name } } } } }`);
    expect(d.app.table.view).toEqual({ type: 'FORM', form: { formId: id, name: 'Task intake' } });
  });

  it('refuses a blank, too long or bracketed name and an unknown type before any call', async () => {
    await expectRefused(s, 'createView', { appToken: BASE, tableId: TASKS, name: '  ' }, 'input.name');
    await expectRefused(s, 'createView', { appToken: BASE, tableId: TASKS, name: longName(101) }, 'input.name');
    await expectRefused(s, 'createView', { appToken: BASE, tableId: TASKS, name: 'Mine [old]' }, 'input.name');
    await expectRefused(s, 'createView', { appToken: BASE, tableId: '', name: 'Ok' }, 'input.tableId');
    // An unknown enum value fails GraphQL's own variable coercion, before any resolver runs.
    await s.clearLog();
    const r = await s.gql('mutation($input: CreateViewInput!) { createView(input: $input) { plannedCalls { method } } }', { input: { appToken: BASE, tableId: TASKS, name: 'Ok', type: 'TIMELINE' } });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toContain('input.type');
    expect(r.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: 'input.type' });
    expect(r.data).toBeUndefined();
    expect(await feishuCalls(s)).toEqual([]);
  });

  it('surfaces a taken name and an unknown table with their codes', async () => {
    await expectFeishuError(s, 'createView', { appToken: BASE, tableId: LAUNCHES, name: 'Launch board' }, 'BAD_USER_INPUT', 1254020);
    await expectFeishuError(s, 'createView', { appToken: BASE, tableId: 'tblNoSuchTable00', name: 'Ok' }, 'NOT_FOUND', 1254041);
  });
});

describe('updateView', () => {
  it('plans one PATCH, then renames the view and sets its filter and hidden fields', async () => {
    const id = await createView('To update');
    const f = await fieldIds(TASKS);
    const [title, second] = Object.values(f);
    const property = {
      filter_info: { conjunction: 'and', conditions: [{ field_id: title, operator: 'isNotEmpty', value: [] }] },
      hidden_fields: [second],
    };
    const { planned, payload, log } = await dryThenReal(s, 'updateView', { appToken: BASE, tableId: TASKS, viewId: id, name: 'Updated', property }, 'view { viewId name property }');
    // A value list is sent as Feishu takes it: a JSON array in a string.
    const sent = { filter_info: { conjunction: 'and', conditions: [{ field_id: title, operator: 'isNotEmpty', value: '[]' }] }, hidden_fields: [second] };
    expect(planned).toEqual([{ endpoint: 'bitable.updateView', method: 'PATCH', path: `${TABLE(TASKS)}/views/${id}`, query: {}, body: { view_name: 'Updated', property: sent } }]);
    expect(payload.view.name).toBe('Updated');
    noReads(log);
    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { view(viewId: "${id}") { name property } } } }`);
    expect(d.app.table.view.name).toBe('Updated');
    expect(d.app.table.view.property).toMatchObject({ hidden_fields: [second], filter_info: { conjunction: 'and', conditions: [{ field_id: title, operator: 'isNotEmpty' }] } });
  });

  it('refuses an update of nothing, a bad name and a malformed property before any call', async () => {
    const base = { appToken: BASE, tableId: TASKS, viewId: TASKS_GRID };
    await expectRefused(s, 'updateView', base, 'input');
    await expectRefused(s, 'updateView', { ...base, name: '' }, 'input.name');
    await expectRefused(s, 'updateView', { ...base, property: { hiddenFields: [] } }, 'input.property');
    await expectRefused(s, 'updateView', { ...base, property: 'hidden' }, 'input.property');
    await expectRefused(s, 'updateView', { ...base, property: { filter_info: { conjunction: 'and', conditions: [{ field_id: 'fld1', operator: 'equals' }] } } }, 'input.property.filter_info.conditions.0.operator');
    await expectRefused(s, 'updateView', { ...base, property: { hidden_fields: Array.from({ length: 101 }, (_, i) => `fld${i}`) } }, 'input.property.hidden_fields');
  });

  it('surfaces an unknown view and an unknown field with their codes', async () => {
    await expectFeishuError(s, 'updateView', { appToken: BASE, tableId: TASKS, viewId: 'vewNoSuchView', name: 'Ok' }, 'NOT_FOUND', 1254042);
    await expectFeishuError(s, 'updateView', { appToken: BASE, tableId: TASKS, viewId: TASKS_GRID, property: { hidden_fields: ['fldNoSuchField'] } }, 'NOT_FOUND', 1254044);
  });
});

describe('deleteView', () => {
  it('plans one DELETE, then deletes the view', async () => {
    const id = await createView('To delete');
    const { planned, payload } = await dryThenReal(s, 'deleteView', { appToken: BASE, tableId: TASKS, viewId: id }, 'table { tableId } deletedViewId');
    expect(planned).toEqual([{ endpoint: 'bitable.deleteView', method: 'DELETE', path: `${TABLE(TASKS)}/views/${id}`, query: {}, body: null }]);
    expect(payload).toEqual({ plannedCalls: null, table: { tableId: TASKS }, deletedViewId: id });
    expect(await viewIds(TASKS)).not.toContain(id);
    const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { view(viewId: "${id}") { name } } } }`);
    expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses an empty viewId before any call', async () => {
    await expectRefused(s, 'deleteView', { appToken: BASE, tableId: TASKS, viewId: ' ' }, 'input.viewId');
  });

  it('surfaces an unknown view as NOT_FOUND', async () => {
    await expectFeishuError(s, 'deleteView', { appToken: BASE, tableId: TASKS, viewId: 'vewNoSuchView' }, 'NOT_FOUND', 1254042);
  });
});

const FORM_SELECTION = 'name description shared sharedLimit submitLimitOnce';
const formQuestions = async () => {
  const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { view(viewId: "${FORM_VIEW}") { form { questions { fieldId title description required visible } } } } } }`);
  return d.app.table.view.form.questions as { fieldId: string; title: string; description: string; required: boolean; visible: boolean }[];
};

describe('updateForm', () => {
  it('plans one PATCH, then changes the settings, answering from Feishu\'s reply without a re-read', async () => {
    const input = { appToken: BASE, tableId: LAUNCHES, formId: FORM_VIEW, name: 'Launch proposal', description: 'Tell us about it.', shared: true, sharedLimit: 'ANYONE_EDITABLE', submitLimitOnce: true };
    const { planned, payload, log } = await dryThenReal(s, 'updateForm', input, `form { formId ${FORM_SELECTION} } view { viewId }`);
    expect(planned).toEqual([
      {
        endpoint: 'bitable.updateForm',
        method: 'PATCH',
        path: `${TABLE(LAUNCHES)}/forms/${FORM_VIEW}`,
        query: {},
        body: { name: 'Launch proposal', description: 'Tell us about it.', shared: true, shared_limit: 'anyone_editable', submit_limit_once: true },
      },
    ]);
    const expected = { name: 'Launch proposal', description: 'Tell us about it.', shared: true, sharedLimit: 'anyone_editable', submitLimitOnce: true };
    expect(payload.form).toEqual({ formId: FORM_VIEW, ...expected });
    expect(payload.view).toEqual({ viewId: FORM_VIEW });
    noReads(log);
    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { view(viewId: "${FORM_VIEW}") { form { ${FORM_SELECTION} } } } } }`);
    expect(d.app.table.view.form).toEqual(expected);
  });

  it('refuses an update of nothing, a blank name and an unknown sharedLimit before any call', async () => {
    const form = { appToken: BASE, tableId: LAUNCHES, formId: FORM_VIEW };
    await expectRefused(s, 'updateForm', form, 'input');
    await expectRefused(s, 'updateForm', { ...form, name: ' ' }, 'input.name');
    await expectRefused(s, 'updateForm', { ...form, formId: '' , shared: true }, 'input.formId');
    await s.clearLog();
    const r = await s.gql('mutation($input: UpdateFormInput!) { updateForm(input: $input) { plannedCalls { method } } }', { input: { ...form, sharedLimit: 'EVERYONE' } });
    expect(r.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: 'input.sharedLimit' });
    expect(await feishuCalls(s)).toEqual([]);
  });

  it('surfaces a view that is not a form and an unknown view with their codes', async () => {
    await expectFeishuError(s, 'updateForm', { appToken: BASE, tableId: LAUNCHES, formId: GRID_VIEW, shared: false }, 'BAD_USER_INPUT', 1254005);
    await expectFeishuError(s, 'updateForm', { appToken: BASE, tableId: LAUNCHES, formId: 'vewNoSuchView', shared: false }, 'NOT_FOUND', 1254042);
  });
});

describe('updateFormQuestion', () => {
  it('plans one PATCH, then changes and moves the question, answering from Feishu\'s reply', async () => {
    const before = await formQuestions();
    const target = before[2];
    const input = { appToken: BASE, tableId: LAUNCHES, formId: FORM_VIEW, fieldId: target.fieldId, preFieldId: '', title: 'When?', description: 'Best guess', required: true, visible: true };
    const { planned, payload, log } = await dryThenReal(s, 'updateFormQuestion', input, 'form { formId } question { fieldId title description required visible }');
    expect(planned).toEqual([
      {
        endpoint: 'bitable.updateFormQuestion',
        method: 'PATCH',
        path: `${TABLE(LAUNCHES)}/forms/${FORM_VIEW}/fields/${target.fieldId}`,
        query: {},
        body: { pre_field_id: '', title: 'When?', description: 'Best guess', required: true, visible: true },
      },
    ]);
    const question = { fieldId: target.fieldId, title: 'When?', description: 'Best guess', required: true, visible: true };
    expect(payload.question).toEqual(question);
    noReads(log);
    const after = await formQuestions();
    expect(after[0]).toEqual(question);
    expect(after.map((q) => q.fieldId)).toEqual([target.fieldId, ...before.filter((q) => q !== target).map((q) => q.fieldId)]);
  });

  it('refuses an update of nothing, a blank title and changes to a question being hidden before any call', async () => {
    const [q] = await formQuestions();
    const question = { appToken: BASE, tableId: LAUNCHES, formId: FORM_VIEW, fieldId: q.fieldId };
    await expectRefused(s, 'updateFormQuestion', question, 'input');
    await expectRefused(s, 'updateFormQuestion', { ...question, title: '' }, 'input.title');
    await expectRefused(s, 'updateFormQuestion', { ...question, visible: false, required: true }, 'input.visible');
    await expectRefused(s, 'updateFormQuestion', { ...question, fieldId: '', required: true }, 'input.fieldId');
  });

  it('surfaces an unknown question as NOT_FOUND', async () => {
    await expectFeishuError(s, 'updateFormQuestion', { appToken: BASE, tableId: LAUNCHES, formId: FORM_VIEW, fieldId: 'fldNoSuchField', required: true }, 'NOT_FOUND', 1254049);
  });
});
