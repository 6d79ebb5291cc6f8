import { createContextCache } from '@pothos/core';
import type { AuthenUserInfo } from '../feishu/index.js';
import { builder } from './builder.js';
import type { Context, Identity } from './context.js';
import { UserRef, type UserShape } from './user.js';

/** The signed-in user's `authen/v1/user_info`: at most one call per request, however many fields ask. */
const userInfo = createContextCache((ctx: Context) => {
  let memo: Promise<AuthenUserInfo> | undefined;
  return () => (memo ??= ctx.feishu.contact.getUserInfo());
});

/** The user_info answer as a User: every field it carries is served without another call. */
const viewerUser = (u: AuthenUserInfo): UserShape => ({
  openId: u.open_id,
  known: {
    name: u.name ?? null,
    en_name: u.en_name ?? null,
    email: u.email || null,
    avatar_url: u.avatar_url || null,
    union_id: u.union_id || null,
    user_id: u.user_id || null,
  },
});

export const ViewerKind = builder.enumType('ViewerKind', {
  description: 'Who the request runs as.',
  values: {
    APP: { description: 'The app itself (tenant token), authorised by a gateway API key.' },
    USER: { description: 'A Feishu user, with the user_access_token the caller sent.' },
  } as const,
});

/**
 * The identity the request runs as. Its `user` field (the signed-in Feishu user, null for the
 * app) joins with the User type, which resolves through the contact loaders.
 */
export const Viewer = builder.objectRef<Identity>('Viewer').implement({
  description: 'The identity this request runs as.',
  fields: (t) => ({
    kind: t.field({ type: ViewerKind, nullable: false, resolve: (identity) => identity.kind }),
    appId: t.string({
      description: 'The Feishu app the gateway acts for (its app_id).',
      nullable: true,
      resolve: (identity) => identity.appId || null,
    }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The signed-in Feishu user (from authen/v1/user_info, once per request); null for the app.',
      resolve: async (identity, _a, ctx) => (identity.kind === 'USER' ? viewerUser(await userInfo(ctx)()) : null),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: Viewer, nullable: false, description: 'Who this request runs as.', resolve: (_root, _args, ctx) => ctx.identity }),
);
