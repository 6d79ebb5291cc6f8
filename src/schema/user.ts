import type { ContactUser } from '../feishu/index.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { bitableLoaders, notFound } from './bitable/loaders.js';

/**
 * A Feishu user. Served from what its parent already holds (a Bitable person cell carries
 * open_id, name, en_name, email and avatar_url; `authen/v1/user_info` carries union_id and
 * user_id too); only a field the parent lacks (unionId, userId, or anything for a bare open_id)
 * goes to `contact/v3/users/batch`, 50 ids a call.
 */
export interface UserShape {
  openId: string;
  /** What the parent already knows, in Feishu's snake_case. */
  known?: { name?: string | null; en_name?: string | null; email?: string | null; avatar_url?: string | null; union_id?: string | null; user_id?: string | null };
}

export const UserRef = builder.objectRef<UserShape>('User');

async function contactUser(ctx: Context, user: UserShape): Promise<ContactUser> {
  const found = await bitableLoaders(ctx).user.load(user.openId);
  if (!found) throw notFound(`User ${user.openId} does not exist`);
  return found;
}

/** A field from the parent's data when it has it, else from the contact loader. */
const known =
  (name: 'name' | 'en_name' | 'email' | 'avatar_url' | 'union_id' | 'user_id', fromContact: (u: ContactUser) => string | null | undefined) =>
  async (user: UserShape, _args: unknown, ctx: Context): Promise<string | null> => {
    if (user.known && user.known[name] !== undefined) return user.known[name] ?? null;
    return fromContact(await contactUser(ctx, user)) ?? null;
  };

builder.node(UserRef, {
  description: 'A Feishu user.',
  id: { resolve: (u) => u.openId },
  loadOne: (openId) => ({ openId }),
  fields: (t) => ({
    openId: t.exposeString('openId'),
    unionId: t.string({ nullable: true, resolve: known('union_id', (u) => u.union_id) }),
    userId: t.string({ nullable: true, resolve: known('user_id', (u) => u.user_id) }),
    name: t.string({ nullable: true, resolve: known('name', (u) => u.name) }),
    enName: t.string({ nullable: true, resolve: known('en_name', (u) => u.en_name) }),
    email: t.string({ nullable: true, resolve: known('email', (u) => u.email) }),
    avatarUrl: t.string({ nullable: true, resolve: known('avatar_url', (u) => u.avatar?.avatar_240 ?? u.avatar?.avatar_72) }),
  }),
});

builder.queryField('user', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'A user by open_id. Not fetched until a field needs it.',
    args: { openId: t.arg.string({ required: true }) },
    resolve: (_root, { openId }) => ({ openId }),
  }),
);
