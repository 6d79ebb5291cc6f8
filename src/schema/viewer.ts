import { builder } from './builder.js';
import type { Identity } from './context.js';

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
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: Viewer, nullable: false, description: 'Who this request runs as.', resolve: (_root, _args, ctx) => ctx.identity }),
);
