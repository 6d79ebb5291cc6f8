import { z } from 'zod';
import { gatewayError } from '../../errors.js';
import { fieldTypeName, type FieldTypeName } from '../field.js';
import { issueProblem } from './describe.js';

/**
 * The `property` of createField / updateField per field type (seed A05 字段编辑指南, A37 property
 * schema, A08 input_type), no stricter than the emulator's field writes
 * (src/emulator/bitable/fieldProperty.ts, autoNumber.ts, selectOptions.ts). Unknown keys pass:
 * Feishu ignores them, and the response-only ones (table_name, back_field_id) come back in
 * updates copied from a read. What needs the base (does table_id exist, is an option id one of
 * the field's) is left to Feishu.
 */

const NUMBER_FORMATTERS = ['0', '0.0', '0.00', '0.000', '0.0000', '1,000', '1,000.00', '%', '0.00%', '¥', '¥0.00', '$', '$0.00'];
const FORMULA_FORMATTERS = ['', '0', '0.0', '0.00', '1,000', '1,000.00', '%', '0.00%', '¥', '¥0.00', '$', '$0.00', 'yyyy/MM/dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', 'MM-dd'];
const DATE_FORMATTERS = ['yyyy/MM/dd', 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd', 'yyyy-MM-dd HH:mm', 'MM-dd', 'MM/dd/yyyy', 'dd/MM/yyyy'];
/** Seed A05 "网页中创建日期与created_time的对应关系". */
const CREATED_TIME_PATTERNS = ['yyyyMMdd', 'yyyyMM', 'yyyy', 'MMdd', 'MM', 'dd'];

const oneOf = (values: string[]) => z.enum(values as [string, ...string[]], { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
const bool = z.boolean({ error: 'must be a boolean' });
const text = z.string({ error: 'must be a string' });
const name = text.refine((s) => s.trim() !== '', { error: 'must not be empty' });
const number = z.number({ error: 'must be a number' });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be an array' });

/** Names (and given ids) are unique within one field: the emulator refuses repeats. */
function unique(key: 'name' | 'id', items: { name?: unknown; id?: unknown }[], ctx: z.RefinementCtx) {
  const seen = new Set<unknown>();
  items.forEach((o, i) => {
    const v = o[key];
    if (v === undefined || v === null || v === '') return;
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i, key], message: `repeats an earlier option's ${key}`, input: v });
    seen.add(v);
  });
}

/** Seed A05: options [{id?, name, color 0-54}]; an id names an existing option (checked by Feishu). */
const selectProperty = object({
  options: list(
    object({
      id: text.nullish(),
      name,
      color: z.int({ error: 'must be an integer from 0 to 54' }).min(0, { error: 'must be an integer from 0 to 54' }).max(54, { error: 'must be an integer from 0 to 54' }).nullish(),
    }),
  )
    .superRefine((options, ctx) => {
      unique('name', options, ctx);
      unique('id', options, ctx);
    })
    .nullish(),
});

/** Seed A05 自动编号: value limits per rule type; a custom serial has exactly one system_number. */
const autoSerialRule = object({ type: oneOf(['system_number', 'fixed_text', 'created_time']), value: text }).superRefine((rule, ctx) => {
  const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message, input: rule.value });
  if (rule.type === 'system_number' && !/^[1-9]$/.test(rule.value)) bad('of a system_number rule must be a digit count "1" to "9"');
  if (rule.type === 'fixed_text' && (rule.value.length < 1 || rule.value.length > 20)) bad('of a fixed_text rule must be 1 to 20 characters');
  if (rule.type === 'created_time' && !CREATED_TIME_PATTERNS.includes(rule.value)) bad(`of a created_time rule must be one of ${CREATED_TIME_PATTERNS.map((p) => JSON.stringify(p)).join(', ')}`);
});
const autoSerial = object({ type: oneOf(['custom', 'auto_increment_number']), reformat_existing_records: bool.nullish(), options: list(autoSerialRule).nullish() }).superRefine((serial, ctx) => {
  if (serial.type !== 'custom') return;
  const rules = serial.options ?? [];
  if (rules.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'must hold the rules of a custom serial', input: serial.options ?? undefined });
  else if (rules.filter((r) => r.type === 'system_number').length !== 1) ctx.addIssue({ code: 'custom', path: ['options'], message: 'of a custom serial must hold exactly one system_number rule', input: rules.map((r) => r.type) });
});

const linkProperty = { table_id: name, multiple: bool.nullish() };
const anyObject = object({});

/** One schema per type; types the seeds give no property (text, checkbox, url, ...) take any object. */
const SCHEMAS: Record<FieldTypeName, z.ZodType> = {
  TEXT: anyObject,
  // Progress / Currency / Rating presentations add these (SDK property type; the emulator keeps them).
  NUMBER: object({ formatter: oneOf(NUMBER_FORMATTERS).nullish(), min: number.nullish(), max: number.nullish(), range_customize: bool.nullish(), currency_code: text.nullish(), rating: object({ symbol: text.nullish() }).nullish() }),
  SINGLE_SELECT: selectProperty,
  MULTI_SELECT: selectProperty,
  DATE_TIME: object({ date_formatter: oneOf(DATE_FORMATTERS).nullish(), auto_fill: bool.nullish() }),
  CHECKBOX: anyObject,
  USER: object({ multiple: bool.nullish() }),
  PHONE: anyObject,
  URL: anyObject,
  ATTACHMENT: anyObject,
  LINK: object(linkProperty),
  LOOKUP: anyObject,
  FORMULA: object({ formatter: oneOf(FORMULA_FORMATTERS).nullish(), formula_expression: text.nullish() }),
  DUPLEX_LINK: object({ ...linkProperty, back_field_name: name.nullish() }),
  LOCATION: object({ location: object({ input_type: oneOf(['only_mobile', 'not_limit']).nullish() }).nullish() }),
  GROUP_CHAT: object({ multiple: bool.nullish() }),
  CREATED_TIME: object({ date_formatter: oneOf(DATE_FORMATTERS).nullish() }),
  MODIFIED_TIME: object({ date_formatter: oneOf(DATE_FORMATTERS).nullish() }),
  CREATED_USER: anyObject,
  MODIFIED_USER: anyObject,
  AUTO_NUMBER: object({ auto_serial: autoSerial.nullish() }),
};

function propertyIssue(type: number, property: unknown): { path: string; message: string } | null {
  const typeName = fieldTypeName(type);
  // No property is an empty one: defaults apply, and a required key (link table_id) is reported by name.
  const given = property === undefined || property === null ? {} : property;
  const result = (typeName ? SCHEMAS[typeName] : anyObject).safeParse(given, { reportInput: true });
  return result.success ? null : issueProblem(result.error.issues[0], 'property');
}

/** null when `property` suits a field of `type` (a Feishu type code), else what is wrong, e.g. `property.options.0.color must be ...`. */
export function fieldPropertyProblem(type: number, property: unknown): string | null {
  return propertyIssue(type, property)?.message ?? null;
}

/** Throws BAD_USER_INPUT whose argumentPath extends `argumentPath` (the property's) to the bad key, e.g. `input.property.options.0.color`. */
export function assertFieldProperty(type: number, property: unknown, argumentPath: string): void {
  const issue = propertyIssue(type, property);
  if (issue) throw gatewayError('BAD_USER_INPUT', issue.message, { argumentPath: issue.path ? `${argumentPath}.${issue.path}` : argumentPath });
}
