import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRolePermissions, rolePermissionProblem } from '../../src/schema/bitable/validate/rolePermissions.js';
import { roleFixture } from '../helpers/advancedBase.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

/**
 * Role bodies in Feishu's shape (seed A42 create, A44 update): valid ones pass, each kind of bad
 * one is refused with its path; then the emulator takes every valid body and refuses every bad one.
 */

/** What a body points at: tables (table1 has 单选 and 年龄, table2 has 多选), options, dashboards. */
interface Base { t1: string; t2: string; t3: string; t4: string; single: string[]; multi: string[]; blocks: string[] }
const fake: Base = { t1: 'tblOne', t2: 'tblTwo', t3: 'tblThree', t4: 'tblFour', single: ['optA', 'optB'], multi: ['optC', 'optD'], blocks: ['blkOne', 'blkTwo'] };

/** The seed A42 example, pointed at `b`. */
const seedBody = (b: Base) => ({
  role_name: 'role1',
  table_roles: [
    {
      table_name: 'table1',
      table_id: b.t1,
      table_perm: 2,
      allow_add_record: false,
      allow_delete_record: true,
      rec_rule: { conditions: [{ field_name: '单选', operator: 'is', value: [b.single[0]] }, { field_name: '人员' }, { field_name: '' }], conjunction: 'or', other_perm: 0 },
      field_perm: { 年龄: 2, 单选: 1 },
    },
    { table_name: 'table2', table_id: b.t2, table_perm: 1, rec_rule: { conditions: [{ field_name: '人员' }, { field_name: '多选', operator: 'is', value: b.multi }], conjunction: 'and' } },
    { table_name: 'table3', table_id: b.t3, table_perm: 0 },
    { table_name: 'table4', table_id: b.t4, table_perm: 4 },
  ],
  block_roles: [
    { block_id: b.blocks[0], block_perm: 0 },
    { block_id: b.blocks[1], block_perm: 1 },
  ],
});

/** A body with one table role (table1, edit records) whose settings are `extra`. */
const oneTable = (b: Base, extra: Record<string, unknown> = {}) => ({ role_name: 'r', table_roles: [{ table_id: b.t1, table_perm: 2, ...extra }] });

const VALID = (b: Base): [string, unknown][] => [
  ['the seed A42 example', seedBody(b)],
  ['no table roles', { role_name: 'r', table_roles: [] }],
  ['block_roles null', { role_name: 'r', table_roles: [], block_roles: null }],
  ['block_roles empty', { role_name: 'r', table_roles: [], block_roles: [] }],
  ['a table by name only', { role_name: 'r', table_roles: [{ table_name: 'table3', table_perm: 1 }] }],
  ['an empty table_id beside a name', { role_name: 'r', table_roles: [{ table_id: '', table_name: 'table3', table_perm: 1 }] }],
  ['every table_perm', { role_name: 'r', table_roles: [0, 1, 2, 4].map((table_perm, i) => ({ table_id: [b.t1, b.t2, b.t3, b.t4][i], table_perm })) }],
  ['defaults left out of a rec_rule', oneTable(b, { rec_rule: { conditions: [{ field_name: '单选', value: [b.single[1]] }] } })],
  ['an empty rec_rule condition list', oneTable(b, { rec_rule: { conditions: [] } })],
  ['isEmpty without a value', oneTable(b, { rec_rule: { conditions: [{ field_name: '单选', operator: 'isEmpty' }], conjunction: 'and', other_perm: 1 } })],
  ['a null value on a person condition', oneTable(b, { rec_rule: { conditions: [{ field_name: '人员', operator: 'contains', value: null }] } })],
  ['every operator', oneTable(b, { rec_rule: { conditions: ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'].map((operator) => ({ field_name: '单选', operator, value: [b.single[0]] })) } })],
  ['field_perm read and edit', oneTable(b, { field_perm: { 年龄: 1, 单选: 2 } })],
  ['an empty field_perm', oneTable(b, { field_perm: {} })],
  ['allow switches', oneTable(b, { allow_add_record: true, allow_delete_record: false })],
  ['nulls for optional settings', oneTable(b, { allow_add_record: null, rec_rule: null, field_perm: null })],
  ['a role name with spaces inside', { role_name: '  Sales team ', table_roles: [] }],
];

const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));

/** [what, body, path, words the message must hold]. */
const INVALID = (b: Base): [string, unknown, string, string][] => [
  ['a string body', 'role', '', 'role must be an object, got "role"'],
  ['an array body', [], '', 'role must be an object, got []'],
  ['no role_name', { table_roles: [] }, 'role_name', 'role.role_name is required'],
  ['an empty role_name', { role_name: '', table_roles: [] }, 'role_name', 'role.role_name must not be empty, got ""'],
  ['a blank role_name', { role_name: '   ', table_roles: [] }, 'role_name', 'must not be empty'],
  ['a number role_name', { role_name: 5, table_roles: [] }, 'role_name', 'role.role_name must be a string, got 5'],
  ['no table_roles', { role_name: 'r' }, 'table_roles', 'role.table_roles is required'],
  ['table_roles not an array', { role_name: 'r', table_roles: { table_id: b.t1 } }, 'table_roles', 'role.table_roles must be an array'],
  ['101 table roles', { role_name: 'r', table_roles: many(101, (i) => ({ table_name: `t${i}`, table_perm: 0 })) }, 'table_roles', 'role.table_roles must hold at most 100 entries, got 101 entries'],
  ['a table role not an object', { role_name: 'r', table_roles: [5] }, 'table_roles.0', 'role.table_roles.0 must be an object, got 5'],
  ['no table_perm', { role_name: 'r', table_roles: [{ table_id: b.t1 }] }, 'table_roles.0.table_perm', 'role.table_roles.0.table_perm is required'],
  ['table_perm 3', oneTable(b, { table_perm: 3 }), 'table_roles.0.table_perm', 'must be 0 (no access), 1 (read), 2 (edit records) or 4 (edit fields and records), got 3'],
  ['table_perm as a string', oneTable(b, { table_perm: '2' }), 'table_roles.0.table_perm', 'got "2"'],
  ['neither table_id nor table_name', { role_name: 'r', table_roles: [{ table_perm: 1 }] }, 'table_roles.0.table_id', 'role.table_roles.0.table_id or table_name is required'],
  ['a number table_id', { role_name: 'r', table_roles: [{ table_id: 5, table_perm: 1 }] }, 'table_roles.0.table_id', 'must be a string, got 5'],
  ['a number table_name', { role_name: 'r', table_roles: [{ table_name: 5, table_perm: 1 }] }, 'table_roles.0.table_name', 'must be a string, got 5'],
  ['a table twice by id', { role_name: 'r', table_roles: [{ table_id: b.t1, table_perm: 1 }, { table_id: b.t1, table_perm: 2 }] }, 'table_roles.1.table_id', `role.table_roles.1.table_id repeats an earlier entry (one entry per table or block), got "${b.t1}"`],
  ['a table twice by name', { role_name: 'r', table_roles: [{ table_name: 'table3', table_perm: 1 }, { table_name: 'table3', table_perm: 0 }] }, 'table_roles.1.table_name', 'repeats an earlier entry'],
  ['allow_add_record not a boolean', oneTable(b, { allow_add_record: 'yes' }), 'table_roles.0.allow_add_record', 'must be a boolean, got "yes"'],
  ['allow_delete_record not a boolean', oneTable(b, { allow_delete_record: 0 }), 'table_roles.0.allow_delete_record', 'must be a boolean'],
  ['rec_rule not an object', oneTable(b, { rec_rule: 'mine' }), 'table_roles.0.rec_rule', 'must be an object, got "mine"'],
  ['rec_rule without conditions', oneTable(b, { rec_rule: { conjunction: 'and' } }), 'table_roles.0.rec_rule.conditions', 'role.table_roles.0.rec_rule.conditions is required'],
  ['101 conditions', oneTable(b, { rec_rule: { conditions: many(101, () => ({ field_name: '人员' })) } }), 'table_roles.0.rec_rule.conditions', 'at most 100 entries, got 101 entries'],
  ['a condition without field_name', oneTable(b, { rec_rule: { conditions: [{ operator: 'is' }] } }), 'table_roles.0.rec_rule.conditions.0.field_name', 'is required'],
  ['a number field_name', oneTable(b, { rec_rule: { conditions: [{ field_name: 1 }] } }), 'table_roles.0.rec_rule.conditions.0.field_name', 'must be a string'],
  ['an unknown operator', oneTable(b, { rec_rule: { conditions: [{ field_name: '单选', operator: 'equals', value: [b.single[0]] }] } }), 'table_roles.0.rec_rule.conditions.0.operator', 'must be one of is, isNot, contains, doesNotContain, isEmpty, isNotEmpty, got "equals"'],
  ['a value not an array', oneTable(b, { rec_rule: { conditions: [{ field_name: '单选', operator: 'is', value: b.single[0] }] } }), 'table_roles.0.rec_rule.conditions.0.value', 'must be an array of option ids'],
  ['a value of numbers', oneTable(b, { rec_rule: { conditions: [{ field_name: '单选', operator: 'is', value: [1] }] } }), 'table_roles.0.rec_rule.conditions.0.value.0', 'must be a string, got 1'],
  ['an unknown conjunction', oneTable(b, { rec_rule: { conditions: [], conjunction: 'xor' } }), 'table_roles.0.rec_rule.conjunction', 'must be "and" or "or", got "xor"'],
  ['other_perm 2', oneTable(b, { rec_rule: { conditions: [], other_perm: 2 } }), 'table_roles.0.rec_rule.other_perm', 'must be 0 (hidden) or 1 (read only), got 2'],
  ['field_perm an array', oneTable(b, { field_perm: ['年龄'] }), 'table_roles.0.field_perm', 'must be an object of field name -> 1 or 2'],
  ['field_perm 3', oneTable(b, { field_perm: { 年龄: 3 } }), 'table_roles.0.field_perm.年龄', 'role.table_roles.0.field_perm.年龄 must be 1 (read) or 2 (edit), got 3'],
  ['field_perm as a string', oneTable(b, { field_perm: { 年龄: '2' } }), 'table_roles.0.field_perm.年龄', 'got "2"'],
  ['block_roles not an array', { role_name: 'r', table_roles: [], block_roles: 'all' }, 'block_roles', 'role.block_roles must be an array'],
  ['101 block roles', { role_name: 'r', table_roles: [], block_roles: many(101, (i) => ({ block_id: `blk${i}`, block_perm: 0 })) }, 'block_roles', 'at most 100 entries'],
  ['a block role without block_id', { role_name: 'r', table_roles: [], block_roles: [{ block_perm: 1 }] }, 'block_roles.0.block_id', 'role.block_roles.0.block_id is required'],
  ['an empty block_id', { role_name: 'r', table_roles: [], block_roles: [{ block_id: '', block_perm: 1 }] }, 'block_roles.0.block_id', 'must not be empty'],
  ['no block_perm', { role_name: 'r', table_roles: [], block_roles: [{ block_id: b.blocks[0] }] }, 'block_roles.0.block_perm', 'is required'],
  ['block_perm 2', { role_name: 'r', table_roles: [], block_roles: [{ block_id: b.blocks[0], block_perm: 2 }] }, 'block_roles.0.block_perm', 'must be 0 (no access) or 1 (read), got 2'],
  ['a block twice', { role_name: 'r', table_roles: [], block_roles: [{ block_id: b.blocks[0], block_perm: 0 }, { block_id: b.blocks[0], block_perm: 1 }] }, 'block_roles.1.block_id', 'repeats an earlier entry'],
];

describe('rolePermissionProblem', () => {
  it.each(VALID(fake))('accepts %s', (_what, body) => {
    expect(rolePermissionProblem(body)).toBeNull();
  });

  it('accepts 100 table roles and 100 block roles', () => {
    expect(rolePermissionProblem({ role_name: 'r', table_roles: many(100, (i) => ({ table_name: `t${i}`, table_perm: 1 })), block_roles: many(100, (i) => ({ block_id: `blk${i}`, block_perm: 1 })) })).toBeNull();
  });

  it.each(INVALID(fake))('refuses %s', (_what, body, path, words) => {
    const problem = rolePermissionProblem(body);
    expect(problem?.path).toBe(path);
    expect(problem?.message).toContain(words);
  });

  it('checks settings whatever the table_perm (Feishu drops meaningless ones, not malformed ones)', () => {
    expect(rolePermissionProblem({ role_name: 'r', table_roles: [{ table_id: 't', table_perm: 0, field_perm: { a: 9 } }] })?.path).toBe('table_roles.0.field_perm.a');
  });
});

describe('assertRolePermissions', () => {
  it('passes a valid body', () => {
    expect(() => assertRolePermissions(seedBody(fake), 'input.raw')).not.toThrow();
  });

  it('throws BAD_USER_INPUT extending the argumentPath to the bad key', () => {
    let error: unknown;
    try {
      assertRolePermissions(oneTable(fake, { table_perm: 3 }), 'input.raw');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: 'input.raw.table_roles.0.table_perm' });
    expect((error as GraphQLError).message).toContain('role.table_roles.0.table_perm must be 0 (no access)');
  });

  it('uses the argumentPath itself for a problem with the whole body', () => {
    expect(() => assertRolePermissions(7, 'input.raw')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argumentPath: 'input.raw' } }));
  });
});

describe('against the emulator', () => {
  let t: TestEmulator;
  let base: Base;
  let roles: string;

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    const f = await roleFixture(t, { advanced: true });
    const [t1, t2, t3, t4] = f.tables.map((x) => x.table_id);
    base = { t1, t2, t3, t4, single: f.single, multi: f.multi, blocks: f.blocks };
    roles = `/open-apis/bitable/v1/apps/${f.appToken}/roles`;
  });
  afterAll(() => t.close());

  it('creates a role from every valid body', async () => {
    const refused: unknown[] = [];
    for (const [what, body] of VALID(base)) {
      expect(rolePermissionProblem(body), what).toBeNull();
      const res = await t.call('POST', roles, { body });
      if (res.body.code !== 0) refused.push({ what, code: res.body.code, msg: res.body.msg });
      else await t.call('DELETE', `${roles}/${res.body.data.role.role_id}`);
    }
    expect(refused).toEqual([]);
  });

  it('refuses every invalid body', async () => {
    const accepted: string[] = [];
    for (const [what, body] of INVALID(base)) {
      expect(rolePermissionProblem(body), what).not.toBeNull();
      const res = await t.call('POST', roles, { body });
      if (res.body.code === 0) accepted.push(what);
    }
    expect(accepted).toEqual([]);
  });
});
