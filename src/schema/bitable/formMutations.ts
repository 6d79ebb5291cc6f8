import { z } from 'zod';
import { bitableWrites, type FormQuestion } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { FormQuestionRef } from './form.js';
import { bitableLoaders, key } from './loaders.js';
import { FormRef, ViewRef, type FormShape, type ViewShape } from './refs.js';
import { completeRaw, feishuId, refuseInput, requireSome } from './structureRules.js';

/**
 * Form mutations (seed A25, A27). A form is a view of type form; its form_id is the view's id.
 * Feishu answers with the updated settings or question: the form's loader is primed with the
 * settings, and the question is returned as answered, so the payload needs no re-read.
 */

interface FormPayload extends Planned {
  form?: FormShape | null;
  view?: ViewShape | null;
  question?: FormQuestion | null;
}

const SHARED_LIMITS = { OFF: 'off', TENANT_EDITABLE: 'tenant_editable', ANYONE_EDITABLE: 'anyone_editable' } as const;
export const FormSharedLimit = builder.enumType('FormSharedLimit', {
  description: 'Who may fill in a shared form: only invited people, anyone in the tenant with the link, anyone with the link.',
  values: Object.keys(SHARED_LIMITS) as (keyof typeof SHARED_LIMITS)[],
});

/** What Form's fields read (A25's answer has them all). */
const FORM_KEYS = ['name', 'description', 'shared', 'shared_url', 'shared_limit', 'submit_limit_once'] as const;
const QUESTION_KEYS = ['title', 'description', 'required', 'visible'] as const;

const formPayload = (name: string) =>
  builder.objectRef<FormPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      form: t.field({ type: FormRef, nullable: true, description: 'The form (null on a dry run).', resolve: (p) => p.form ?? null }),
      view: t.field({ type: ViewRef, nullable: true, description: 'The form\'s view (null on a dry run).', resolve: (p) => p.view ?? null }),
    }),
  });
const UpdateFormPayload = formPayload('UpdateFormPayload');
const UpdateFormQuestionPayload = formPayload('UpdateFormQuestionPayload');
builder.objectFields(UpdateFormQuestionPayload, (t) => ({
  question: t.field({
    type: FormQuestionRef,
    nullable: true,
    description: 'The question as Feishu answered the update (null on a dry run).',
    resolve: async (p, _a, ctx) => (p.form && p.question ? { form: p.form, raw: await questionOf(ctx, p.form, p.question) } : null),
  }),
}));

/** The answered question, or if Feishu left something out, the question as the form lists it. */
async function questionOf(ctx: Context, form: FormShape, answered: FormQuestion): Promise<FormQuestion> {
  if (completeRaw(answered, QUESTION_KEYS)) return answered;
  const all = await bitableLoaders(ctx).formQuestions.load(key(form.appToken, form.tableId, form.formId));
  return all.find((q) => q.field_id === answered.field_id) ?? answered;
}

const nonBlank = (what: string) => z.string().refine((s) => s.trim() !== '', `${what} must not be empty`);

builder.mutationField('updateForm', (t) =>
  t.fieldWithInput({
    type: UpdateFormPayload,
    nullable: false,
    description: 'Changes a form\'s settings; fields not given keep their value.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      formId: t.input.string({ required: true, description: 'The form view\'s viewId.', validate: feishuId('formId') }),
      name: t.input.string({ description: 'The form\'s title.', validate: nonBlank('a form name') }),
      description: t.input.string({ description: 'Text shown under the title; "" clears it.' }),
      shared: t.input.boolean({ description: 'Whether the form is shared by link.' }),
      sharedLimit: t.input.field({ type: FormSharedLimit }),
      submitLimitOnce: t.input.boolean({ description: 'Whether each person may submit only once.' }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      requireSome(input, ['name', 'description', 'shared', 'sharedLimit', 'submitLimitOnce']);
      const table = { appToken: input.appToken, tableId: input.tableId };
      const call = bitableWrites.updateForm(table, input.formId, {
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        shared: input.shared ?? undefined,
        shared_limit: input.sharedLimit ? SHARED_LIMITS[input.sharedLimit] : undefined,
        submit_limit_once: input.submitLimitOnce ?? undefined,
      });
      if (input.dryRun) return plan([call]);
      const data = await send(ctx, call);
      const form = { ...table, formId: input.formId };
      const formKey = key(input.appToken, input.tableId, input.formId);
      if (completeRaw(data.form, FORM_KEYS)) bitableLoaders(ctx).form.prime(formKey, data.form);
      return { form, view: { ...table, viewId: input.formId } };
    },
  }),
);

builder.mutationField('updateFormQuestion', (t) =>
  t.fieldWithInput({
    type: UpdateFormQuestionPayload,
    nullable: false,
    description: 'Changes one question of a form (its field\'s entry), or moves it; fields not given keep their value.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      formId: t.input.string({ required: true, description: 'The form view\'s viewId.', validate: feishuId('formId') }),
      fieldId: t.input.string({ required: true, description: 'The question\'s field.', validate: feishuId('fieldId') }),
      preFieldId: t.input.string({ description: 'Move the question after this field\'s question; "" moves it first.' }),
      title: t.input.string({ validate: nonBlank('a question title') }),
      description: t.input.string({ description: '"" clears it.' }),
      required: t.input.boolean(),
      visible: t.input.boolean({ description: 'false hides the question; Feishu then refuses changes to its title, description and required.' }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      requireSome(input, ['preFieldId', 'title', 'description', 'required', 'visible']);
      // A27: "当值为 false 时,不允许更新其他字段" (hidden: no other change).
      if (input.visible === false && (input.title != null || input.description != null || input.required != null)) {
        throw refuseInput('input.visible', 'a question being hidden cannot change its title, description or required in the same call');
      }
      const table = { appToken: input.appToken, tableId: input.tableId };
      const call = bitableWrites.updateFormQuestion(table, input.formId, input.fieldId, {
        pre_field_id: input.preFieldId ?? undefined,
        title: input.title ?? undefined,
        description: input.description ?? undefined,
        required: input.required ?? undefined,
        visible: input.visible ?? undefined,
      });
      if (input.dryRun) return plan([call]);
      const { field } = await send(ctx, call);
      const form = { ...table, formId: input.formId };
      return { form, view: { ...table, viewId: input.formId }, question: { ...field, field_id: input.fieldId } };
    },
  }),
);
