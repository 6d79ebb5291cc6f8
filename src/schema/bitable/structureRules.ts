import { z } from 'zod';
import { gatewayError } from '../errors.js';

/**
 * Input rules of the structure mutations (apps, tables, views, forms, dashboards), checked by the
 * validation plugin before any call, so a refused input costs no write. Each rule names its source:
 * a seed page (shared/seeds/bitable-sections/Axx.md), feishu-wire.md or EMULATOR.md "Limits".
 */

/** An id that goes into a request path: an empty one would name another endpoint. */
export const feishuId = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** A12: table names are trimmed, 1-100 characters, none of `[ ] : \ / ? *`. */
export const tableName = z
  .string()
  .trim()
  .min(1, 'a table name must not be empty')
  .max(100, 'a table name must be at most 100 characters')
  .regex(/^[^[\]:\\/?*]+$/, 'a table name must not contain [ ] : \\ / ? *');

/** A20-A24: empty is 1254021 EmptyViewName; over 100 characters or `[` `]` is 1254022 InvalidViewName. Feishu trims. */
export const viewName = z
  .string()
  .trim()
  .min(1, 'a view name must not be empty')
  .max(100, 'a view name must be at most 100 characters')
  .regex(/^[^[\]]+$/, 'a view name must not contain [ or ]');

/** A18 (1254038): no `[` `]`, at most 100 characters. */
export const dashboardName = z
  .string()
  .refine((s) => s.trim() !== '', 'a dashboard name must not be empty')
  .pipe(z.string().max(100, 'a dashboard name must be at most 100 characters').regex(/^[^[\]]+$/, 'a dashboard name must not contain [ or ]'));

/** A11 (1254031 InvalidAppName): at most 100 characters, none of `? / \ * : [ ]`. */
export const appNameUpdate = z
  .string()
  .refine((s) => s.trim() !== '', 'a base name must not be empty')
  .pipe(z.string().max(100, 'a base name must be at most 100 characters').regex(/^[^?/\\*:[\]]+$/, 'a base name must not contain ? / \\ * : [ ]'));

/** feishu-wire.md §3 (app create / copy): `name` at most 255 characters. */
export const appNameCreate = z
  .string()
  .refine((s) => s.trim() !== '', 'a base name must not be empty')
  .pipe(z.string().max(255, 'a base name must be at most 255 characters'));

/** An IANA zone (`Asia/Shanghai`), as the runtime knows them. */
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.trim() !== '';
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

/** A list of 1 to `max` items without repeats; a repeat is reported at its index. */
export function uniqueList<T extends z.ZodType<string>>(item: T, what: string, max: number) {
  return z
    .array(item)
    .min(1, `give at least one ${what}`)
    .max(max, `at most ${max} ${what}s a call`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(v)} appears twice`, path: [i] });
        seen.add(v);
      });
    });
}

/** EMULATOR.md "Limits" and A13-A15 (1254100 TableExceedLimit, "限制300个"): 300 tables a base. */
export const MAX_TABLES = 300;

/**
 * A20 `property`: `filter_info` (conjunction and at most 50 conditions), `hidden_fields` (at most
 * 100 field ids), and the SDK's `hierarchy_config`. Unknown top-level keys are refused (a
 * camelCase `hiddenFields` would otherwise be ignored by Feishu in silence); inner objects pass
 * extra keys through, so a property read from `View.property` can be sent back as it is.
 */
const OPERATORS = ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty', 'isGreater', 'isGreaterEqual', 'isLess', 'isLessEqual'] as const;
const condition = z.looseObject({
  field_id: z.string().min(1, 'field_id must not be empty'),
  operator: z.enum(OPERATORS),
  // Feishu takes the values as a JSON array in a string; an array is encoded for the caller.
  value: z.union([z.string(), z.array(z.string()).transform((v) => JSON.stringify(v))]).nullish(),
});
export const viewProperty = z.strictObject(
  {
    filter_info: z.looseObject({ conjunction: z.enum(['and', 'or']), conditions: z.array(condition).max(50, 'at most 50 conditions') }).nullish(),
    hidden_fields: z.array(z.string().min(1)).max(100, 'at most 100 hidden fields').nullish(),
    hierarchy_config: z.looseObject({ field_id: z.string() }).nullish(),
  },
  { error: 'property must be a JSON object with filter_info, hidden_fields or hierarchy_config' },
);

/** Refuses the input before any call: BAD_USER_INPUT naming where (API.md, Errors). */
export const refuseInput = (argumentPath: string, message: string) => gatewayError('BAD_USER_INPUT', `${argumentPath}: ${message}`, { argumentPath });

/** An update must change something: `fields` are the optional inputs it could change. */
export function requireSome(input: Record<string, unknown>, fields: readonly string[]): void {
  if (fields.every((f) => input[f] === undefined || input[f] === null)) throw refuseInput('input', `give at least one of ${fields.join(', ')}`);
}

/**
 * A write answer as a shape's `raw`, only when it holds every key the type's fields read: a
 * partial raw would make the missing fields null, while no raw makes the loaders fetch them.
 */
export function completeRaw<T extends object>(raw: T, keys: readonly string[]): T | undefined {
  return keys.every((k) => (raw as Record<string, unknown>)[k] !== undefined) ? raw : undefined;
}
