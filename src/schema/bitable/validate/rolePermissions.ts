import { z } from 'zod';
import { gatewayError } from '../../errors.js';
import { issueProblem } from './describe.js';

/**
 * createRole / updateRole bodies in Feishu's shape (seed A42 create, A44 update: both full
 * settings, update replaces the role), no stricter than the emulator's role writes
 * (src/emulator/bitable/permissions.ts). Whether a table, field, option or dashboard exists is
 * Feishu's to say. A setting the docs call meaningless for its table_perm (field_perm below 2)
 * is not refused for being there, as Feishu drops it; a malformed one is, whatever the table_perm.
 */

/** Seed A42 数据校验规则: table_roles, block_roles and rec_rule conditions hold at most 100. */
const MAX_ENTRIES = 100;

const bool = z.boolean({ error: 'must be a boolean' });
const text = z.string({ error: 'must be a string' });
const name = text.refine((s) => s.trim() !== '', { error: 'must not be empty' });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be an array' }).max(MAX_ENTRIES, { error: `must hold at most ${MAX_ENTRIES} entries` });

/** Seed A44 rec_rule.conditions[].operator. */
const OPERATORS = ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'] as const;

/** field_name "" means "created by the visitor" (seed A44); person conditions need no value. */
const condition = object({
  field_name: text,
  operator: z.enum(OPERATORS, { error: `must be one of ${OPERATORS.join(', ')}` }).nullish(),
  value: z.array(text, { error: 'must be an array of option ids' }).nullish(),
});

const recRule = object({
  conditions: list(condition),
  conjunction: z.enum(['and', 'or'], { error: 'must be "and" or "or"' }).nullish(),
  other_perm: z.literal([0, 1], { error: 'must be 0 (hidden) or 1 (read only)' }).nullish(),
});

const tableRole = object({
  table_id: text.nullish(),
  table_name: text.nullish(),
  table_perm: z.literal([0, 1, 2, 4], { error: 'must be 0 (no access), 1 (read), 2 (edit records) or 4 (edit fields and records)' }),
  allow_add_record: bool.nullish(),
  allow_delete_record: bool.nullish(),
  rec_rule: recRule.nullish(),
  field_perm: z.record(z.string(), z.literal([1, 2], { error: 'must be 1 (read) or 2 (edit)' }), { error: 'must be an object of field name -> 1 or 2' }).nullish(),
}).superRefine((role, ctx) => {
  if (!role.table_id && !role.table_name) ctx.addIssue({ code: 'custom', path: ['table_id'], message: 'or table_name is required', input: undefined });
});

const blockRole = object({
  block_id: name,
  block_perm: z.literal([0, 1], { error: 'must be 0 (no access) or 1 (read)' }),
});

/** One entry per table and per block. A table is keyed by its id when given (the id wins in Feishu), else by its name. */
function noRepeats(entries: { key: string; path: (string | number)[]; value: unknown }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) ctx.addIssue({ code: 'custom', path: e.path, message: 'repeats an earlier entry (one entry per table or block)', input: e.value });
    seen.add(e.key);
  }
}

const roleSettings = object({
  role_name: name,
  table_roles: list(tableRole),
  // Required in seed A42, optional in the official SDK (which wins, EMULATOR.md).
  block_roles: list(blockRole).nullish(),
}).superRefine((role, ctx) => {
  noRepeats(
    role.table_roles.map((t, i) => (t.table_id ? { key: `id ${t.table_id}`, path: ['table_roles', i, 'table_id'], value: t.table_id } : { key: `name ${t.table_name}`, path: ['table_roles', i, 'table_name'], value: t.table_name })),
    ctx,
  );
  noRepeats((role.block_roles ?? []).map((b, i) => ({ key: b.block_id, path: ['block_roles', i, 'block_id'], value: b.block_id })), ctx);
});

/** The first problem of a createRole / updateRole body, with its path inside the body (`table_roles.0.table_perm`). */
export function rolePermissionProblem(input: unknown): { path: string; message: string } | null {
  const result = roleSettings.safeParse(input, { reportInput: true });
  return result.success ? null : issueProblem(result.error.issues[0], 'role');
}

/** Throws BAD_USER_INPUT whose argumentPath extends `argumentPath` (the body's) to the bad key. */
export function assertRolePermissions(input: unknown, argumentPath: string): void {
  const problem = rolePermissionProblem(input);
  if (problem) throw gatewayError('BAD_USER_INPUT', problem.message, { argumentPath: problem.path ? `${argumentPath}.${problem.path}` : argumentPath });
}
